"""Is a skilled copy's line visible at the scan's own pixels? (README, "Stop 29")

Nine measurements of the ink of each signature (stroke width and its variation, end width, ends and components per
millimetre of skeleton, contour roughness at 0.3 and 0.8 mm, darkness and its variation), each taken as its
difference from the writer's genuine 01-05 in units of their spread, signed and absolute. Questioned: the writer's
genuine 06-12 written with their own pen, against skilled forgeries by forgers of skill >= 0.7 on the writer's pen
whose fluency lies in [LOW, HIGH) (per the set's truth.tsv, written by `sigforensics synth dataset`). A logistic
regression is fitted on the first set and its AUC measured on the second, with each measurement's AUC alone.

    python3 Tools/analysis/line_probe.py CALIB_SET EVAL_SET LOW HIGH      # e.g. calib-big eval-big 0 0.4

Needs numpy, opencv-python-headless, scikit-image, scikit-learn, pillow (pip). Two worker processes.
"""
import csv, sys, numpy as np, cv2
from skimage.morphology import skeletonize
from multiprocessing import Pool
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

def feats(path):
    im = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    dpi = 300.0
    try:
        from PIL import Image; dpi = Image.open(path).info['dpi'][0]
    except Exception: pass
    mm = 25.4 / dpi
    t, ink = cv2.threshold(im, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = ink > 0
    if ink.sum() < 20: return None
    dist = cv2.distanceTransform(ink.astype(np.uint8), cv2.DIST_L2, 3)
    sk = skeletonize(ink)
    widths = 2 * dist[sk] * mm
    skl = sk.sum() * mm
    # endpoints: skeleton pixels with one neighbour
    k = np.ones((3, 3), np.uint8); nb = cv2.filter2D(sk.astype(np.uint8), -1, k) - 1
    ends = sk & (nb == 1)
    endw = (2 * dist[ends] * mm) if ends.any() else np.array([np.median(widths)])
    ncomp = cv2.connectedComponents(ink.astype(np.uint8))[0] - 1
    # contour roughness: contour length against the same contour smoothed at 0.3 and 0.8 mm
    cs, _ = cv2.findContours(ink.astype(np.uint8), cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    rough = []
    for scale in (0.3, 0.8):
        L = L2 = 0.0
        for c in cs:
            p = c[:, 0, :].astype(float)
            if len(p) < 10: continue
            n = max(1, int(round(scale / mm)))
            kern = np.ones(2 * n + 1) / (2 * n + 1)
            ps = np.stack([np.convolve(np.r_[p[-n:, i], p[:, i], p[:n, i]], kern, 'valid') for i in (0, 1)], 1)
            L += np.linalg.norm(np.diff(p, axis=0), axis=1).sum(); L2 += np.linalg.norm(np.diff(ps, axis=0), axis=1).sum()
        rough.append(L / max(L2, 1e-9))
    dark = 255 - im[ink].astype(float)
    return [np.mean(widths), np.std(widths) / max(np.mean(widths), 1e-9), np.mean(endw) / max(np.mean(widths), 1e-9),
            ends.sum() / max(skl, 1e-9), ncomp / max(skl, 1e-9), rough[0], rough[1], np.mean(dark), np.std(dark) / max(np.mean(dark), 1e-9)]

def dataset(S):
    truth = {}
    for r in csv.DictReader(open(S + '/truth.tsv'), delimiter='\t'): truth[r['writer'] + '/' + r['sample']] = r
    writers = sorted({k.split('/')[0] for k in truth})
    jobs = []
    for w in writers:
        refs = [f'{w}/genuine/{i:02d}.png' for i in range(1, 6)]
        qs = [(f'{w}/genuine/{i:02d}.png', 1) for i in range(6, 13) if truth[f'{w}/genuine/{i:02d}.png']['pen'] == 'own']
        for i in range(1, 13):
            t = truth[f'{w}/forged/{i:02d}.png']
            if t['pen'] == 'own' and float(t['skill']) >= 0.7 and float(t['fluency']) >= float(sys.argv[3]) and float(t['fluency']) < float(sys.argv[4]): qs.append((f'{w}/forged/{i:02d}.png', 0))
        jobs.append((refs, qs))
    files = sorted({f for refs, qs in jobs for f in refs + [q for q, _ in qs]})
    with Pool(2) as pool: F = dict(zip(files, pool.map(feats, [S + '/' + f for f in files], chunksize=20)))
    X, y = [], []
    for refs, qs in jobs:
        R = [F[f] for f in refs if F[f] is not None]
        if not R: continue
        m = np.mean(R, 0); sd = np.std(R, 0) + 1e-6
        for q, label in qs:
            if F[q] is None: continue
            X.append(np.r_[(np.array(F[q]) - m) / sd, np.abs(np.array(F[q]) - m) / sd]); y.append(label)
    return np.array(X), np.array(y)

if __name__ == '__main__':
    Xa, ya = dataset(sys.argv[1]); Xb, yb = dataset(sys.argv[2])
    print('fit on', sys.argv[1], len(ya), 'comparisons,', int(ya.sum()), 'genuine; tested on', sys.argv[2], len(yb), 'comparisons,', int(yb.sum()), 'genuine')
    sc = StandardScaler().fit(Xa)
    m = LogisticRegression(C=1.0, max_iter=2000).fit(sc.transform(Xa), ya)
    print('AUC genuine against the copies, tested set:', roc_auc_score(yb, m.decision_function(sc.transform(Xb))))
    for j, name in enumerate(['width', 'widthCV', 'endWidth', 'ends', 'components', 'rough0.3', 'rough0.8', 'dark', 'darkCV']):
        print(name, 'signed AUC %.3f' % roc_auc_score(yb, Xb[:, j]), 'abs AUC %.3f' % roc_auc_score(yb, -Xb[:, 9 + j]))
