"""Line measurements fused with the pipeline's score: the lead stop 29 leaves (README, "Stop 29").

For every genuine and skilled-forgery comparison of a `sigforensics evaluate … --scores FILE` export, the nine
measurements of `line_probe.py` of the questioned signature, as differences from the mean of the baseline's own
references (the five genuine signatures the export does not question) in units of their spread. A logistic
regression of genuine against skilled forgeries on the unbounded log10 LR and those differences — signed only, or
signed and absolute — is fitted on the first set and its skilled EER measured on the others. With --own-pen-only the
differences are used only where the set's truth.tsv says the questioned signature is on the writer's own pen (an
oracle gate, for a ceiling).

    python3 Tools/analysis/line_fusion.py CALIB_SET CALIB_SCORES EVAL_SET EVAL_SCORES [EVAL_SET EVAL_SCORES …]

Needs what line_probe.py needs. Random forgeries are not measured.
"""
import csv
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from multiprocessing import Pool

from line_probe import feats


def eer(label, score):
    """FRR and FAR at every threshold (accept when score >= threshold); the mean of the two where they cross."""
    genuine, forged = np.sort(score[label == 1]), np.sort(score[label == 0])
    thresholds = np.unique(score)
    frr = np.searchsorted(genuine, thresholds, side='left') / len(genuine)
    far = 1 - np.searchsorted(forged, thresholds, side='left') / len(forged)
    i = np.argmin(np.abs(frr - far))
    return (frr[i] + far[i]) / 2


def build(dataset, scores):
    """Rows (unbounded log10 LR, nine signed differences, nine absolute), labels (1 genuine), own-pen flags."""
    truth = {r['writer'] + '/' + r['sample']: r for r in csv.DictReader(open(dataset + '/truth.tsv'), delimiter='\t')}
    rows = [r for r in csv.DictReader(open(scores), delimiter='\t') if r['kind'] != 'random']
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
        y.append(1 if r['kind'] == 'genuine' else 0)
        own.append(truth[r['questioned']]['pen'] == 'own')
    return np.array(X), np.array(y), np.array(own)


if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    gate = '--own-pen-only' in sys.argv
    fit = build(args[0], args[1])
    tests = [(args[i], build(args[i], args[i + 1])) for i in range(2, len(args), 2)]
    for label, cols in [('LR alone', []), ('LR + signed differences', list(range(1, 10))),
                        ('LR + signed and absolute', list(range(1, 19)))]:
        def matrix(data):
            X, _, own = data
            M = X[:, [0] + cols].copy()
            if gate:
                M[~own, 1:] = 0
            return M
        scaler = StandardScaler().fit(matrix(fit))
        model = LogisticRegression(C=1.0, max_iter=3000).fit(scaler.transform(matrix(fit)), fit[1])
        figures = ', '.join('%s %.4f' % (name, eer(data[1], model.decision_function(scaler.transform(matrix(data)))))
                            for name, data in tests)
        print('%-26s skilled EER: %s' % (label, figures))
