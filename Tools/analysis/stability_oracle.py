"""Would a per-writer offset from the generator's own writer stability (an oracle) lower the skilled EER?
(README, "Stop 29")

Reads two `sigforensics evaluate … --scores FILE` exports and their sets' truth.tsv; fits a logistic regression of
genuine against skilled forgeries on the unbounded log10 LR and the baseline writer's stability on the first, and
prints the skilled EER of the second with and without it.

    python3 Tools/analysis/stability_oracle.py CALIB_SCORES CALIB_SET/truth.tsv EVAL_SCORES EVAL_SET/truth.tsv

Needs numpy and scikit-learn (pip).
"""
import csv
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression

from metrics import eer


def load(scores, truth_file):
    """(genuine 1 / skilled 0, unbounded log10 LR, the baseline writer's stability) per comparison."""
    truth = {r['writer'] + '/' + r['sample']: r for r in csv.DictReader(open(truth_file), delimiter='\t')}
    rows = []
    for r in csv.DictReader(open(scores), delimiter='\t'):
        if r['kind'] == 'random':
            continue
        stability = float(truth[r['baseline'] + '/genuine/01.png']['stability'])
        rows.append((1 if r['kind'] == 'genuine' else 0, float(r['log10LR_unbounded']), stability))
    return np.array(rows)


a = load(sys.argv[1], sys.argv[2])
b = load(sys.argv[3], sys.argv[4])
print('skilled EER without the offset: fitted set %.4f, tested set %.4f' % (eer(a[:, 0], a[:, 1]), eer(b[:, 0], b[:, 1])))
model = LogisticRegression(C=1e4).fit(a[:, 1:], a[:, 0])
print('with the oracle stability offset fitted on the first set, tested set: %.4f (weights %s)'
      % (eer(b[:, 0], model.decision_function(b[:, 1:])), model.coef_[0]))
