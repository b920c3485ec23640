#!/usr/bin/env python3
"""Splits a `synth dataset` drawn with a model's own training seed into evaluation sets that say whether the model
underfits or fails to generalise: the synthetic writers it trained on against those it held out, on samples it
saw and on samples it never saw.

The training source draws synthetic writer w's genuine sample k exactly as `synth dataset` does with the same seed
(the model's `training_data` names it, e.g. "synthetic (400 writers, seed 24320, 40 genuine + 40 forged each)");
genuine samples 0..S-1 were in training, S and beyond never were. Forgery k of the dataset is the same forger's
attempt with the skill drawn by the dataset (`forgery(k, skillRange:)`), not the training source's draw, so even
the "seen" set's forgeries are new images. Draw the set first, with more samples
than training used:

    sigforensics synth dataset --writers 200 --genuine 52 --forgeries 52 --seed 24320 --out DRAW

then this script writes, as hard links (evaluate does not follow symbolic links), OUT/seenW-seenS (60 training
writers, samples 1-12), OUT/seenW-newS (the same writers, samples S+1..S+12) and OUT/heldW-newS (up to 60 writers
of the calibration and validation parts, samples S+1..S+12).

usage: seen_writer_sets.py SIGFORENSICS MODEL DRAW OUT SAMPLES_IN_TRAINING
"""
import json
import os
import subprocess
import sys


def writer_split(sigforensics, model):
    text = subprocess.run([sigforensics, "model", "info", "--model", model], capture_output=True, text=True,
                          check=True).stdout
    line = next(l for l in text.splitlines() if l.strip().startswith("writer_split:"))
    return json.loads(line.split("writer_split:", 1)[1])


def link_set(draw, out, writers, samples):
    for w in writers:
        for kind in ("genuine", "forged"):
            folder = os.path.join(out, f"w{w:05d}", kind)
            os.makedirs(folder)
            for k in samples:
                name = f"{k + 1:02d}.png"
                os.link(os.path.join(draw, f"w{w:05d}", kind, name), os.path.join(folder, name))


def main():
    sigforensics, model, draw, out, trained = sys.argv[1:6]
    trained = int(trained)
    if os.path.exists(out):
        sys.exit(f"{out} exists; remove it first")
    training = set(writer_split(sigforensics, model)["training"])
    drawn = sorted(int(d[1:]) for d in os.listdir(draw) if d.startswith("w"))
    seen = [w for w in drawn if f"synthetic/w{w}" in training][:60]
    held = [w for w in drawn if f"synthetic/w{w}" not in training][:60]
    link_set(draw, os.path.join(out, "seenW-seenS"), seen, range(12))
    link_set(draw, os.path.join(out, "seenW-newS"), seen, range(trained, trained + 12))
    link_set(draw, os.path.join(out, "heldW-newS"), held, range(trained, trained + 12))
    print(f"{len(seen)} training writers, {len(held)} held-out writers")


if __name__ == "__main__":
    main()
