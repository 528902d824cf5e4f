#!/usr/bin/env python3
"""Benchmark: Engine.check_many on 1 thread against N threads over one large batch.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/bench_check_many.py \
        --n 100000 --threads 1,2 --repeat 5

The batch is the real agent utterances in /work/shared/eval/real (repeated up to --n), or
generated ones when that folder is missing.  Each configuration runs --repeat times, in
interleaved rounds, and the best wall time counts (the least disturbed by other processes);
CPU time and the load average are printed too, since a busy machine cannot show a parallel
speed-up.
"""

import argparse
import glob
import json
import os
import sys
import time

# This folder holds the package's sources without the built module; the built package comes
# from PYTHONPATH (or an installed copy), so do not let the sources shadow it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import liangyan  # noqa: E402

CORPUS = "/work/shared/eval/real/agent_utterances_*.jsonl"
PIECES = [
    "对不起，您不能退货。", "请您等一下。", "好的，我马上帮您处理。", "對不起，您不能退貨。",
    "这个活动我们没办法参加，您下次再看看吧。", "不好意思，让您久等了。", "您必须先交费。",
    "亲，这边帮您查一下哦", "商品可以换货，但是运费需要您自己承担。", "我知道了。",
]


def load_batch(n, pattern):
    texts = []
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as source:
            texts.extend(json.loads(line)["text"] for line in source if line.strip())
    origin = f"{len(texts)} utterances from {pattern}"
    if not texts:
        texts = ["".join(PIECES[(i * 7 + k) % len(PIECES)] for k in range(1 + i % 3))
                 for i in range(1000)]
        origin = "generated utterances"
    return (texts * (n // len(texts) + 1))[:n], origin


def measure(engine, texts, counts, repeat):
    """Best (wall, cpu) seconds per thread count.  Rounds interleave the counts, so that a
    change in the machine's load hits all of them alike."""
    best = {t: (float("inf"), 0.0) for t in counts}
    for _ in range(repeat):
        for threads in counts:
            wall, cpu = time.perf_counter(), time.process_time()
            engine.check_many(texts, threads=threads)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if wall < best[threads][0]:
                best[threads] = (wall, cpu)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="utterances in the batch")
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", default=CORPUS, help="glob of JSONL files with 'text'")
    parser.add_argument("--require", type=float, default=0.0,
                        help="exit 1 unless the last count's speed-up reaches this")
    args = parser.parse_args()

    texts, origin = load_batch(args.n, args.corpus)
    engine = liangyan.Engine()
    counts = [int(t) for t in args.threads.split(",")]
    print(f"python {sys.executable} {sys.version.split()[0]}, liangyan "
          f"{liangyan.library_version()}, {engine.packs}, {engine.rule_count} rules")
    print(f"batch: {len(texts)} utterances ({origin}), "
          f"{sum(len(t) for t in texts) / len(texts):.1f} characters on average")
    print(f"cpus available: {len(os.sched_getaffinity(0))}, load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    engine.check_many(texts[:5000], threads=max(counts))  # warm caches and pools
    base = None
    speedup = 0.0
    best = measure(engine, texts, counts, args.repeat)
    print(f"{'threads':>7} {'wall s':>8} {'cpu s':>8} {'utt/s':>9} {'speed-up':>8}")
    for threads in counts:
        wall, cpu = best[threads]
        base = base or wall
        speedup = base / wall
        print(f"{threads:>7} {wall:>8.3f} {cpu:>8.3f} {len(texts) / wall:>9.0f} "
              f"{speedup:>7.2f}x")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.require and speedup < args.require:
        print(f"speed-up {speedup:.2f}x is below {args.require}x", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
