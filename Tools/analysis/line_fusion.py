"""Line measurements fused with the pipeline's score, measured in stop 29 (README, "Stop 29").

For every genuine and skilled-forgery comparison of a `sigforensics evaluate … --scores FILE` export, the nine
measurements of `line_probe.py` of the questioned signature, as differences from the mean of the baseline's own
references (the five genuine signatures the export does not question) in units of their spread. A logistic
regression of genuine against skilled forgeries on the unbounded log10 LR and those differences — signed only, or
signed and absolute, or the signed fit as one term that can only lower the score — is fitted on the first set and
its skilled EER measured on the others, and the random-forgery EER on every 40th random comparison of the export
(other writers' genuine signatures). With --own-pen-only the
differences are used only where the set's truth.tsv says the questioned signature is on the writer's own pen (an
oracle gate, for a ceiling). With --fit-random the fit's different-writer side holds the sampled random forgeries as
well as the skilled ones (as `calibrate --forgery-direction` does since stop 27).

    python3 Tools/analysis/line_fusion.py CALIB_SET CALIB_SCORES EVAL_SET EVAL_SCORES [EVAL_SET EVAL_SCORES …]

Needs what line_probe.py needs.
"""
import csv
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression

from metrics import skilled_and_random_eer
from sklearn.preprocessing import StandardScaler
from multiprocessing import Pool

from line_probe import feats


def build(dataset, scores):
    """Rows (unbounded log10 LR, nine signed differences, nine absolute), labels (1 genuine, 0 skilled, -1 random),
    own-pen flags."""
    truth = {r['writer'] + '/' + r['sample']: r for r in csv.DictReader(open(dataset + '/truth.tsv'), delimiter='\t')}
    rows, randoms = [], 0
    for r in csv.DictReader(open(scores), delimiter='\t'):
        if r['kind'] == 'random':
            randoms += 1
            if randoms % 40:
                continue
        rows.append(r)
    questioned = {}
    for r in rows:
        if r['kind'] == 'genuine':
            questioned.setdefault(r['baseline'], set()).add(r['questioned'])
    references = {w: [f for f in sorted(k for k in truth if k.startswith(w + '/genuine/')) if f not in q]
                  for w, q in questioned.items()}
    files = sorted({r['questioned'] for r in rows} | {f for v in references.values() for f in v})
    with Pool(2) as pool:
        measured = dict(zip(files, pool.map(feats, [dataset + '/' + f for f in files], chunksize=20)))
    X, y, own = [], [], []
    for r in rows:
        R = [measured[f] for f in references[r['baseline']] if measured[f] is not None]
        q = measured[r['questioned']]
        d = (np.array(q) - np.mean(R, 0)) / (np.std(R, 0) + 1e-6) if q is not None and R else np.zeros(9)
        X.append(np.r_[float(r['log10LR_unbounded']), d, np.abs(d)])
        y.append({'genuine': 1, 'skilled': 0, 'random': -1}[r['kind']])
        own.append(truth[r['questioned']]['pen'] == 'own')
    return np.array(X), np.array(y), np.array(own)


if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    gate = '--own-pen-only' in sys.argv
    fit_random = '--fit-random' in sys.argv
    fit = build(args[0], args[1])
    tests = [(args[i], build(args[i], args[i + 1])) for i in range(2, len(args), 2)]

    def report(label, score_of):
        """Prints the skilled and random EER of `score_of(data)` on every tested set."""
        figures = []
        for name, data in tests:
            score, labels = score_of(data), data[1]
            figures.append('%s %.4f / %.4f' % (name, *skilled_and_random_eer(labels, score)))
        print('%-26s skilled / random EER: %s' % (label, ', '.join(figures)))

    for label, cols in [('LR alone', []), ('LR + signed differences', list(range(1, 10))),
                        ('LR + signed and absolute', list(range(1, 19)))]:
        def matrix(data):
            X, _, own = data
            M = X[:, [0] + cols].copy()
            if gate:
                M[~own, 1:] = 0
            return M
        keep = fit[1] >= 0 if not fit_random else np.ones(len(fit[1]), bool)
        scaler = StandardScaler().fit(matrix(fit)[keep])
        model = LogisticRegression(C=1.0, max_iter=3000).fit(scaler.transform(matrix(fit)[keep]), fit[1][keep] == 1)
        report(label, lambda data: model.decision_function(scaler.transform(matrix(data))))

    # One-sided: the signed differences' fit (genuine against skilled) as a single term that can only lower the
    # score — evidence against the claimed writer in the direction a copy goes, never for it.
    X, y, own = fit
    skilled = y >= 0
    scaler = StandardScaler().fit(X[skilled][:, 1:10])
    direction = LogisticRegression(C=1.0, max_iter=3000).fit(scaler.transform(X[skilled][:, 1:10]), y[skilled]).coef_[0]
    def one_sided(data):
        M, _, own = data
        term = np.minimum(0, scaler.transform(M[:, 1:10]) @ direction)
        if gate:
            term[~own] = 0
        return np.c_[M[:, 0], term]
    keep = skilled if not fit_random else np.ones(len(y), bool)
    model = LogisticRegression(C=1.0, max_iter=3000).fit(one_sided(fit)[keep], y[keep] == 1)
    report('LR + one-sided signed term', lambda data: model.decision_function(one_sided(data)))
