#!/usr/bin/env python3
"""Convert the Python peer's SigNet models and golden embeddings to safetensors for TwinEncoderTests.

Usage (from a writable copy of ../shared/peer, after build_models.py and pipeline.py --dump):
    .venv/bin/python <this file> /tmp/peer-enc /tmp/peer-enc/converted

Reads models/<name>_bn.onnx (BatchNorm kept, so the Swift side folds it itself) and
results/golden_<name>_jpg.npz, and writes into the output folder:
    signet.safetensors, signet-s.safetensors              weights in the encoder's names and metadata
    golden_signet.safetensors, golden_signet-s.safetensors  tensors `inputs` [N,1,150,220] and `embeddings` [N,D]
The golden test (PeerGoldenTests) reads SIGFORENSICS_PEER_CONVERTED (default /tmp/peer-enc/converted) and skips
with a message when these files are absent. Nothing here is committed except this script.
"""
import json
import os
import struct
import sys

import numpy as np
import onnx
from onnx import numpy_helper

ARCHS = {  # peer name -> (our name, conv channels, fc sizes)
    "signet": ("signet", (96, 256, 384, 384, 256), (2048, 2048)),
    "signet_s": ("signet-s", (32, 64, 96, 96, 64), (512, 128)),
}
LAYERS = ["conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7"]


def write_safetensors(path, tensors, metadata):
    names = sorted(tensors)
    header = {"__metadata__": metadata}
    offset = 0
    for n in names:
        a = np.ascontiguousarray(tensors[n], dtype="<f4")
        header[n] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for n in names:
            f.write(np.ascontiguousarray(tensors[n], dtype="<f4").tobytes())


def main():
    peer, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for peer_name, (name, convs, fcs) in ARCHS.items():
        m = onnx.load(os.path.join(peer, "models", f"{peer_name}_bn.onnx"))
        init = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
        eps = {n.name: [a.f for a in n.attribute if a.name == "epsilon"][0]
               for n in m.graph.node if n.op_type == "BatchNormalization"}
        assert all(abs(e - 1e-3) < 1e-9 for e in eps.values()), eps
        tensors = {}
        for layer in LAYERS:
            tensors[f"{layer}.weight"] = init[f"{layer}_W"]
            for ours, theirs in (("weight", "gamma"), ("bias", "beta"), ("running_mean", "mean"),
                                 ("running_var", "var")):
                tensors[f"{layer}.bn.{ours}"] = init[f"{layer}_{theirs}"]
        assert len(tensors) == len(init), (sorted(tensors), sorted(init))
        meta = {
            "format": "sigforensics-twin-encoder-1", "architecture": name,
            "conv_channels": ",".join(map(str, convs)), "fc_sizes": ",".join(map(str, fcs)),
            "input": "1x150x220", "embedding_size": str(fcs[-1]), "dropout": "0.0", "l2_normalize": "false",
            "preprocessing_version": "none", "training_data": f"peer build_models.py random He-normal, {peer_name}",
            "seed": "1234", "epochs": "0", "validation": "{}",
        }
        write_safetensors(os.path.join(out, f"{name}.safetensors"), tensors, meta)
        g = np.load(os.path.join(peer, "results", f"golden_{peer_name}_jpg.npz"))
        write_safetensors(os.path.join(out, f"golden_{name}.safetensors"),
                          {"inputs": g["inputs"].reshape(-1, 1, 150, 220), "embeddings": g["embeddings"]},
                          {"source": f"peer pipeline.py --dump, {peer_name}, ONNX Runtime"})
        print(f"{name}: {len(tensors)} tensors, golden {g['inputs'].shape} -> {g['embeddings'].shape}")


if __name__ == "__main__":
    main()
