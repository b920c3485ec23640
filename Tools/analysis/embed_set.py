"""Embeds every signature image of a dataset once, into the layout `evaluate --embeddings` and `calibrate
--embeddings` read (`<writer>/genuine|forged/<name>.json`, each a JSON array), so that a pipeline's figures can be
computed several ways in seconds. The set's truth.tsv is copied beside them.

    python3 Tools/analysis/embed_set.py SIGFORENSICS PIPELINE DATASET OUT [--random-weights SEED]

SIGFORENSICS runs `embed --json --as crop` (the pipeline's views, moves and projection, as a case embeds) on chunks
of 400 files; OUT is written afresh (refused when it exists).
"""
import json
import os
import shutil
import subprocess
import sys


def main():
    sigforensics, pipeline, dataset, out = sys.argv[1:5]
    extra = sys.argv[5:]
    if os.path.exists(out):
        sys.exit('%s exists' % out)
    files = sorted(os.path.join(w, k, f) for w in os.listdir(dataset) if os.path.isdir(os.path.join(dataset, w))
                   for k in ('genuine', 'forged') if os.path.isdir(os.path.join(dataset, w, k))
                   for f in os.listdir(os.path.join(dataset, w, k)))
    partial = out + '.partial'
    shutil.rmtree(partial, ignore_errors=True)
    for start in range(0, len(files), 400):
        chunk = files[start:start + 400]
        result = subprocess.run([sigforensics, 'embed', '--json', '--as', 'crop', '--pipeline', pipeline, *extra,
                                 *[os.path.join(dataset, f) for f in chunk]], capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(result.stderr)
        lines = [json.loads(l) for l in result.stdout.splitlines() if l.strip()]
        if len(lines) != len(chunk):
            sys.exit('%d embeddings for %d files from %s' % (len(lines), len(chunk), chunk[0]))
        for f, line in zip(chunk, lines):
            if os.path.normpath(line['file']) != os.path.normpath(os.path.join(dataset, f)):
                sys.exit('embedding of %s where %s was expected' % (line['file'], f))
            target = os.path.join(partial, os.path.splitext(f)[0] + '.json')
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, 'w') as handle:
                json.dump(line['embedding'], handle)
        print('%d / %d' % (start + len(chunk), len(files)), file=sys.stderr)
    if os.path.exists(os.path.join(dataset, 'truth.tsv')):
        shutil.copy(os.path.join(dataset, 'truth.tsv'), os.path.join(partial, 'truth.tsv'))
    os.rename(partial, out)


if __name__ == '__main__':
    main()
