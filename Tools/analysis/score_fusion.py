"""Two pipelines' scores of the same comparisons fused by a logistic regression (the screen of stop 30, README).

Each SET is given as a pair of `sigforensics evaluate … --scores FILE` exports of the same dataset with the same
`--references` and `--seed` (so the same comparisons): the shipped pipeline's and a second pipeline's (a new view
alone). A logistic regression on the two unbounded log10 LRs is fitted on the first set — genuine signatures
against skilled forgeries and every 40th random forgery, so a gain on copies cannot be bought with random
forgeries — and the skilled and random EER of the fused score are printed for every set beside the first
pipeline's alone (on the first set the fit's own data: an optimistic figure).

    python3 Tools/analysis/score_fusion.py FIT_FIRST FIT_SECOND [TEST_FIRST TEST_SECOND …]
"""
import csv
import os
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression

from metrics import skilled_and_random_eer

KINDS = {'genuine': 1, 'skilled': 0, 'random': -1}


def load(first, second):
    """Rows (first LR, second LR) and labels (1 genuine, 0 skilled, -1 random) of the comparisons both exports hold."""
    def key(r):
        # An export of precomputed embeddings names `….json` where one of images names `….png`.
        return r['kind'], r['baseline'], os.path.splitext(r['questioned'])[0]
    other = {key(r): float(r['log10LR_unbounded']) for r in csv.DictReader(open(second), delimiter='\t')}
    X, y, missing = [], [], 0
    for r in csv.DictReader(open(first), delimiter='\t'):
        if key(r) not in other:
            missing += 1
            continue
        X.append((float(r['log10LR_unbounded']), other[key(r)]))
        y.append(KINDS[r['kind']])
    if missing:
        print('%s: %d comparisons not in %s' % (first, missing, second), file=sys.stderr)
    return np.array(X), np.array(y)


if __name__ == '__main__':
    paths = sys.argv[1:]
    sets = [(paths[i + 1], load(paths[i], paths[i + 1])) for i in range(0, len(paths), 2)]
    X, y = sets[0][1]
    keep = (y >= 0) | (np.cumsum(y == -1) % 40 == 0) & (y == -1)
    model = LogisticRegression(C=1.0, max_iter=3000).fit(X[keep], y[keep] == 1)
    print('fit on %s: weights %s, intercept %.3f' % (sets[0][0], np.round(model.coef_[0], 4), model.intercept_[0]))
    for name, (X, y) in sets:
        alone = skilled_and_random_eer(y, X[:, 0])
        second = skilled_and_random_eer(y, X[:, 1])
        fused = skilled_and_random_eer(y, model.decision_function(X))
        print('%s: skilled / random EER  first %.4f / %.4f  second %.4f / %.4f  fused %.4f / %.4f'
              % (name, *alone, *second, *fused))
