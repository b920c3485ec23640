#!/usr/bin/env bash
# Encoder inference against ONNX Runtime, side by side: for each round and configuration, the peer's bench_ort.py
# (its models/, its .venv), then `sigforensics bench encoder` (automatic: the blocked run on AVX-512), then the same
# with `--convolution direct` (the engine before stop 14). One line per measurement, images per second (medians of
# five repetitions each).
#   usage: encoder_vs_ort.sh PEER_DIR [ROUNDS] [SIGFORENSICS_BINARY]
# PEER_DIR holds the peer's bench_ort.py, models/signet*.onnx (its build_models.py) and .venv (its run_all.sh).
set -euo pipefail
PEER=${1:?usage: encoder_vs_ort.sh PEER_DIR [ROUNDS] [BINARY]}
ROUNDS=${2:-3}
BIN=${3:-$(cd "$(dirname "$0")/../../.." && pwd)/.build/release/sigforensics}
for r in $(seq 1 "$ROUNDS"); do
  for c in "signet_s 8 1" "signet_s 32 1" "signet_s 8 2" "signet_s 32 2" "signet 8 1" "signet 32 1" "signet 8 2" "signet 32 2"; do
    set -- $c
    m=$1 b=$2 t=$3 a=${1/_/-}
    ort=$(cd "$PEER" && .venv/bin/python bench_ort.py --models "models/$m.onnx" --batches "$b" --threads "$t" --reps 5 2>&1 |
          grep "img/s" | tail -1 | sed 's/.*median *//; s/(min.*//')
    ours=$("$BIN" bench encoder --arch "$a" --batch "$b" --threads "$t" --repetitions 5 | sed 's/.*: //; s/ images.*//')
    direct=$("$BIN" bench encoder --arch "$a" --batch "$b" --threads "$t" --repetitions 5 --convolution direct |
             sed 's/.*: //; s/ images.*//')
    echo "round $r $a batch $b threads $t: ORT $ort, ours $ours, ours --convolution direct $direct"
  done
done
