#!/usr/bin/env python3
"""A model file from a training checkpoint, to evaluate a run while it trains: the checkpoint is the model's
safetensors file plus the optimizer's tensors (`optim.*`), which `evaluate` and `embed` refuse; this copies the
header's metadata and every other tensor, byte for byte.

usage: checkpoint_model.py CHECKPOINT OUT
"""
import json, struct, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, 'rb') as f:
    n = struct.unpack('<Q', f.read(8))[0]; header = json.loads(f.read(n)); data = f.read()
meta = header.pop('__metadata__', None)
keep = {k: v for k, v in header.items() if not k.startswith('optim.')}
out, blobs, off = {}, [], 0
for k in sorted(keep, key=lambda k: keep[k]['data_offsets'][0]):
    a, b = keep[k]['data_offsets']; blob = data[a:b]
    out[k] = dict(keep[k], data_offsets=[off, off + len(blob)]); blobs.append(blob); off += len(blob)
if meta is not None: out['__metadata__'] = meta
h = json.dumps(out, separators=(',', ':')).encode(); h += b' ' * (-len(h) % 8)
with open(dst, 'wb') as f:
    f.write(struct.pack('<Q', len(h))); f.write(h); [f.write(b) for b in blobs]
