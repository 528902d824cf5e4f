#!/usr/bin/env python3
"""Reads the "result ..." lines of the comparison's contenders and prints the table.

    report.py RESULTS [--title TEXT] [--final]

Single-thread ratios divide CPU-time throughputs (see timing.h: on a quiet machine they equal
the wall-clock ones, on a shared one they are steadier); the 2-thread row compares wall clock,
since that is what threads buy.  With --final, also prints the machine-readable last line of
the harness: liangyan_vs_python=<ratio> liangyan_vs_hyperscan=<fraction>.
"""

import argparse
import sys

ORDER = ["liangyan", "liangyan_t2", "python", "hyperscan"]
LABELS = {
    "liangyan": "liangyan full check, 1 thread",
    "liangyan_t2": "liangyan full check, 2 threads, one engine",
    "python": "Python peer: jieba.lcut + re, 1 thread",
    "hyperscan": "Hyperscan-only scan (which patterns match), 1 thread",
}


def parse(path):
    """Each contender's result lines (one per round), and the load averages seen."""
    results, loads = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("load "):
                loads.append(float(line.split()[1]))
            if not line.startswith("result "):
                continue
            fields = dict(kv.split("=", 1) for kv in line.split()[1:])
            results.setdefault(fields["name"], []).append(fields)
    return results, loads


def rate(r, cpu):
    return float(r["cpu_utt_per_s" if cpu else "utt_per_s"])


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--title", default="")
    parser.add_argument("--final", action="store_true")
    args = parser.parse_args(argv)
    rounds, loads = parse(args.results)
    if "liangyan" not in rounds:
        print("report: no liangyan result in %s" % args.results, file=sys.stderr)
        return 1
    # Each contender's best round (highest rate per CPU second): the least disturbed.
    results = {name: max(rs, key=lambda r: rate(r, True)) for name, rs in rounds.items()}
    ly = results["liangyan"]

    if args.title:
        print("%s: %s utterances, %.1f bytes each on average" % (
            args.title, ly["n"], float(ly["bytes"]) / float(ly["n"])))
    if loads:
        print("load average (1 min) before each contender: %.2f .. %.2f" % (min(loads), max(loads)))
    print("best of %d interleaved rounds; the spread column is the worst round's rate per CPU "
          "second as a share of the best" % len(rounds["liangyan"]))
    print()
    print("| contender | utt/s | ns/utt | utt/s per CPU second | spread | liangyan ÷ contender |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in ORDER:
        if name not in results:
            continue
        r = results[name]
        if name == "liangyan":
            shown = "—"
        elif name == "liangyan_t2":
            # CPU time per check is blind to lock waits but shows contention for memory and
            # cache lines; on a busy machine it is the only scaling signal left.
            shown = "%.2f× one thread (wall); CPU per check %+.1f %%" % (
                rate(r, False) / rate(ly, False), 100 * (rate(ly, True) / rate(r, True) - 1))
        else:
            ratio = rate(ly, True) / rate(r, True)
            shown = "%.3f (%.1f %%)" % (ratio, 100 * ratio) if ratio < 1 else "%.1f×" % ratio
        errors = max(int(x["errors"]) for x in rounds[name])
        cpu = format(int(round(rate(r, True))), ",")
        worst = min(rate(x, True) for x in rounds[name])
        print("| %s%s | %s | %s | %s | %.0f %% | %s |" % (
            LABELS[name], " (%d errors)" % errors if errors else "",
            format(int(round(rate(r, False))), ","), format(float(r["ns_per_utt"]), ",.0f"),
            cpu, 100 * worst / rate(r, True), shown))
    if args.final:
        vs_py = "%.1f" % (rate(ly, True) / rate(results["python"], True)) \
            if "python" in results else "n/a"
        vs_hs = "%.3f" % (rate(ly, True) / rate(results["hyperscan"], True)) \
            if "hyperscan" in results else "n/a"
        print()
        print("liangyan_vs_python=%s liangyan_vs_hyperscan=%s" % (vs_py, vs_hs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
