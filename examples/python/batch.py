#!/usr/bin/env python3
"""Batch: check a file of utterances (one a line) on native threads, then summarise.

    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/batch.py \
        examples/utterances.txt --threads 2 --csv /tmp/scores.csv
"""

import argparse
import collections
import time
from pathlib import Path

import liangyan

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("file", type=Path, nargs="?",
                    default=Path(__file__).resolve().parents[1] / "utterances.txt")
parser.add_argument("--threads", type=int, default=None, help="default: every CPU")
parser.add_argument("--csv", type=Path, help="write one row per utterance (needs pandas)")
args = parser.parse_args()

lines = [line for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
engine = liangyan.Engine()

started = time.perf_counter()
# One call for the whole batch: the GIL is released and the threads share the engine.  Bad
# lines come back as exception objects in their place instead of stopping the batch.
results = engine.check_many(lines, threads=args.threads, on_error="return")
seconds = time.perf_counter() - started

good = [r for r in results if isinstance(r, liangyan.Result)]
print(f"{len(results)} utterances in {seconds * 1000:.1f} ms, {len(results) - len(good)} rejected")
print(f"mean score {sum(r.score for r in good) / max(len(good), 1):.1f}")
by_category = collections.Counter(f.category for r in good for f in r.findings)
for category, count in by_category.most_common():
    print(f"  {category:12} {count}")
worst = sorted(good, key=lambda r: r.score)[:3]
for result in worst:
    print(f"{result.score:3}  {result.text}\n     → {result.rewrite}")

if args.csv:
    # A DataFrame in one call; to_records gives the same rows as dicts without pandas.
    liangyan.to_dataframe(results).to_csv(args.csv, index=False)
    print(f"wrote {args.csv}")
