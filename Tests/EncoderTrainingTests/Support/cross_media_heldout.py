#!/usr/bin/env python3
"""Builds an evaluation dataset (<writer>/genuine, <writer>/forged) from the cross-media volunteers that a model
held out for validation (its metadata's writer split), for `sigforensics evaluate`; with SPLIT `calibration`, from
the volunteers it held out for calibration instead (what the default pipeline's projection was fitted on).

A writer is one volunteer writing one of the ten given names; genuine: that volunteer's crops of that name on
every medium (paper, tablet, two phone set-ups: 4 crops); forged: the same name written by the other held-out
volunteers (the same text by another person; the set has no skilled forgeries). Only the experiment group is used
(the control group wrote on paper only).

usage: cross_media_heldout.py SIGFORENSICS MODEL DATA_DIR OUT_DIR [SPLIT]   (SPLIT: validation (default) or calibration)
"""
import os
import shutil
import subprocess
import sys


def writer_split(sigforensics, model):
    text = subprocess.run([sigforensics, "model", "info", "--model", model], capture_output=True, text=True,
                          check=True).stdout
    import json
    line = next(l for l in text.splitlines() if l.strip().startswith("writer_split:"))
    return json.loads(line.split("writer_split:", 1)[1])


def crops(data, volunteer, name):
    folder = os.path.join(data, "experiment", volunteer)
    wanted = {str(name + 10 * medium) for medium in range(4)}
    return [os.path.join(folder, f) for f in sorted(os.listdir(folder)) if os.path.splitext(f)[0] in wanted]


def main():
    sigforensics, model, data, out = sys.argv[1:5]
    split = sys.argv[5] if len(sys.argv) > 5 else "validation"
    if split not in ("validation", "calibration"):
        sys.exit(f"SPLIT must be validation or calibration, not {split}")
    held = [w.split("/", 1)[1][1:] for w in writer_split(sigforensics, model)[split]
            if w.startswith("cross-media/e")]
    if os.path.exists(out):
        sys.exit(f"{out} exists; remove it first")
    for v in held:
        for name in range(1, 11):
            writer = os.path.join(out, f"e{v}-n{name:02d}")
            os.makedirs(os.path.join(writer, "genuine"))
            os.makedirs(os.path.join(writer, "forged"))
            for f in crops(data, v, name):
                shutil.copy(f, os.path.join(writer, "genuine", os.path.basename(f)))
            for other in held:
                if other != v:
                    for f in crops(data, other, name):
                        shutil.copy(f, os.path.join(writer, "forged", f"e{other}-{os.path.basename(f)}"))
    print(f"{len(held)} held-out volunteers x 10 names = {len(held) * 10} writers in {out}")


if __name__ == "__main__":
    main()
