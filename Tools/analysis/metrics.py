"""The equal error rate the analysis scripts share (accept when score >= threshold, as `VerificationMetrics`)."""
import numpy as np


def _crossing(label, score):
    """FRR and FAR at every threshold (label 1 genuine, 0 forgery), the thresholds, and where the two cross."""
    genuine, forged = np.sort(score[label == 1]), np.sort(score[label == 0])
    thresholds = np.unique(score)
    frr = np.searchsorted(genuine, thresholds, side='left') / len(genuine)
    far = 1 - np.searchsorted(forged, thresholds, side='left') / len(forged)
    return frr, far, thresholds, np.argmin(np.abs(frr - far))


def eer(label, score):
    """The mean of FRR and FAR where they cross."""
    frr, far, _, i = _crossing(label, score)
    return (frr[i] + far[i]) / 2


def eer_threshold(label, score):
    """The threshold where FRR and FAR cross."""
    _, _, thresholds, i = _crossing(label, score)
    return thresholds[i]


def skilled_and_random_eer(label, score):
    """Skilled and random EER of comparisons labelled 1 genuine, 0 skilled forgery, -1 random forgery."""
    skilled, random = label >= 0, label != 0
    return eer(label[skilled], score[skilled]), eer((label[random] == 1).astype(int), score[random])
