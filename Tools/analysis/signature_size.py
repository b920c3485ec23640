"""Do the errors depend on how much a writer writes? (stop 29's note)

Writers in thirds by the ink area (mm², grey < 128) of their genuine/01.png; per third, the genuine signatures
rejected and the skilled forgeries accepted at the set's skilled EER threshold, from a
`sigforensics evaluate … --scores FILE` export.

    python3 Tools/analysis/signature_size.py EVAL_SET EVAL_SCORES

Needs numpy and pillow (pip).
"""
import csv
import sys

import numpy as np
from PIL import Image

from metrics import eer_threshold

dataset, scores = sys.argv[1], sys.argv[2]
truth = {r['writer'] + '/' + r['sample']: r for r in csv.DictReader(open(dataset + '/truth.tsv'), delimiter='\t')}
area = {}
for writer in sorted({k.split('/')[0] for k in truth}):
    image = Image.open(f'{dataset}/{writer}/genuine/01.png')
    mm = 25.4 / image.info['dpi'][0]
    area[writer] = (np.asarray(image.convert('L')) < 128).sum() * mm * mm
rows = [(r['kind'], float(r['log10LR_unbounded']), area[r['baseline']], truth[r['questioned']].get('skill', '-'))
        for r in csv.DictReader(open(scores), delimiter='\t') if r['kind'] != 'random']
label = np.array([1 if kind == 'genuine' else 0 for kind, *_ in rows])
score = np.array([s for _, s, _, _ in rows])
size = np.array([a for _, _, a, _ in rows])
skill = np.array([float(k) if k != '-' else np.nan for *_, k in rows])
threshold = eer_threshold(label, score)
edges = np.quantile(list(area.values()), [0, 1 / 3, 2 / 3, 1])
edges[-1] += 1
for lower, upper in zip(edges[:-1], edges[1:]):
    inside = (size >= lower) & (size < upper)
    g, f = inside & (label == 1), inside & (label == 0)
    close = f & (skill >= 0.7)
    print('ink area %3.0f–%3.0f mm²: genuine rejected %d/%d, skilled forgeries accepted %d/%d (skill >= 0.7: %d/%d)' % (
        lower, upper, (score[g] < threshold).sum(), g.sum(), (score[f] >= threshold).sum(), f.sum(),
        (score[close] >= threshold).sum(), close.sum()))
