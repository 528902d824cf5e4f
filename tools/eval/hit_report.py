#!/usr/bin/env python3
"""Shows what each rule fires on across a whole corpus, to spot false-positive families.

    python3 tools/eval/hit_report.py --corpus ../shared/eval/real --cli build/liangyan \\
        [--pack FILE] [--sample 8] [--seed 1] [--rule PREFIX] [--json OUT]

Every utterance of the corpus folder's agent_utterances_*.jsonl files goes through the CLI in
one run.  Per rule id (most hits first) it prints the hit count and a seeded random sample of
distinct hit texts with the finding's span bracketed.  Samples are drawn from distinct texts
because canned answers repeat thousands of times and would crowd out everything else.
"""

import argparse
import collections
import glob
import json
import os
import random
import subprocess
import sys

from evaluate import CATEGORIES, mark


def load_utterances(corpus):
    files = sorted(glob.glob(os.path.join(corpus, "agent_utterances_*.jsonl")))
    if not files:
        sys.exit(f"hit_report: no agent_utterances_*.jsonl files in {corpus}")
    items = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    record = json.loads(line)
                    items.append((record["id"], record["text"]))
    return items


def run_cli(cli, packs, items):
    """Yields one output record per input item, in order."""
    command = [cli, "check", "--input", "jsonl", "--format", "jsonl"]
    for pack in packs:
        command += ["--pack", pack]
    # The id sent is the item's position: corpus ids are not guaranteed unique across files.
    payload = "".join(
        json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n"
        for i, (_, text) in enumerate(items)
    )
    try:
        proc = subprocess.run(command, input=payload.encode("utf-8"), capture_output=True)
    except OSError as e:
        sys.exit(f"hit_report: cannot run {cli}: {e}")
    if proc.returncode not in (0, 2):
        sys.exit(
            f"hit_report: {' '.join(command)} exited {proc.returncode}:\n"
            + proc.stderr.decode("utf-8", "replace")
        )
    return [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]


def window(text, start, end, width):
    """A slice of text around [start, end) so that long answers stay on one screen line."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    return ("…" if lo > 0 else "") + text[lo:hi] + ("…" if hi < len(text) else ""), lo


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True, help="folder of agent_utterances_*.jsonl")
    parser.add_argument("--cli", required=True, help="path to the liangyan executable")
    parser.add_argument("--pack", action="append", default=[], help="extra rule pack (repeatable)")
    parser.add_argument("--sample", type=int, default=8, help="hit texts shown per rule")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the samples")
    parser.add_argument("--rule", action="append", default=[], metavar="PREFIX",
                        help="only rules whose id starts with PREFIX (repeatable)")
    parser.add_argument("--width", type=int, default=40,
                        help="characters of context shown either side of a span")
    parser.add_argument("--json", metavar="OUT", help="also write counts and samples as JSON")
    args = parser.parse_args()

    items = load_utterances(args.corpus)
    outputs = run_cli(args.cli, args.pack, items)

    hits = collections.defaultdict(list)  # rule -> [(text, finding)]
    category_of = {}
    flagged = collections.Counter()  # category -> utterances with >= 1 finding of it
    errors = 0
    for record in outputs:
        if "findings" not in record:
            errors += 1
            continue
        for f in record["findings"]:
            hits[f["rule"]].append((record["text"], f))
            category_of[f["rule"]] = f["category"]
        for cat in {f["category"] for f in record["findings"]}:
            flagged[cat] += 1

    total = len(items)
    print(f"{total} utterances, {errors} could not be checked")
    print("utterances flagged per category:")
    for cat in CATEGORIES:
        print(f"  {cat:<12}{flagged[cat]:>7}  {100.0 * flagged[cat] / max(total, 1):5.1f}%")

    rng = random.Random(args.seed)
    report = []
    for rule in sorted(hits, key=lambda r: (-len(hits[r]), r)):
        if args.rule and not any(rule.startswith(p) for p in args.rule):
            continue
        distinct = {}
        for text, f in hits[rule]:
            distinct.setdefault((text, f["start"], f["end"]), f)
        keys = sorted(distinct)
        sample = rng.sample(keys, min(args.sample, len(keys)))
        print(
            f"\n{rule}  [{category_of[rule]}]  {len(hits[rule])} hits "
            f"({100.0 * len(hits[rule]) / max(total, 1):.2f}%), {len(keys)} distinct"
        )
        shown = []
        for text, start, end in sample:
            snippet, offset = window(text, start, end, args.width)
            shift = offset - (1 if offset > 0 else 0)
            marked = mark(snippet, [{"start": start - shift, "end": end - shift,
                                     "category": None}])
            print(f"  - {marked}")
            shown.append(marked)
        report.append({"rule": rule, "category": category_of[rule], "hits": len(hits[rule]),
                       "distinct": len(keys), "sample": shown})

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"utterances": total, "errors": errors, "flagged": dict(flagged),
                       "rules": report}, f, ensure_ascii=False, indent=2)
            f.write("\n")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # piped into head or less: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
