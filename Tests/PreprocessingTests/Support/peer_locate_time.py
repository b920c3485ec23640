#!/usr/bin/env python3
"""Times the peer's own Otsu binarisation + signature location (binarize and locate from its pipeline.py) per page,
on one thread, the way `sigforensics bench preprocess` times ours: 10 runs per page, the first dropped, median of
the other 9, wall and thread CPU; the last line is the mean of the per-page medians.

usage: peer_locate_time.py PEER_DIR PAGE... (run with the peer's virtual environment's python)
"""
import os
import statistics
import sys
import time


def main():
    peer, pages = sys.argv[1], sys.argv[2:]
    sys.path.insert(0, os.path.abspath(peer))
    import cv2
    from pipeline import binarize, locate
    cv2.setNumThreads(1)
    walls, cpus = [], []
    for path in pages:
        gray = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        w, c = [], []
        for run in range(10):
            t0, c0 = time.perf_counter(), time.thread_time()
            ink, _ = binarize(gray)
            locate(ink)
            t1, c1 = time.perf_counter(), time.thread_time()
            if run:
                w.append((t1 - t0) * 1000)
                c.append((c1 - c0) * 1000)
        walls.append(statistics.median(w))
        cpus.append(statistics.median(c))
        print(f"{path}: peer binarize + locate {walls[-1]:.2f} ms wall, {cpus[-1]:.2f} ms thread CPU")
    print(f"mean of medians: {statistics.mean(walls):.2f} ms/page wall, {statistics.mean(cpus):.2f} ms/page thread CPU,"
          f" over {len(pages)} page(s)")


if __name__ == "__main__":
    main()
