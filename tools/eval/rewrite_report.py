#!/usr/bin/env python3
"""Measures the rewrite properties over a corpus (issue 4).

    python3 tools/eval/rewrite_report.py --corpus ../shared/eval/real --cli build/liangyan \\
        [--traditional] [--pairs 20] [--seed 7]

For every distinct agent utterance of the corpus's agent_utterances_*.jsonl files (and, with
--traditional, for a Traditional-script copy made with ICU's uconv Hans-Hant transform), the
CLI checks the text; every rewrite is checked again, and its rewrite once more.  Reported:

  rewritten        utterances whose best rewrite differs from the input
  fix point        the rewrite has none of the fixed rules' findings and no finding of a
                   category the input did not have
  no new finding   the rewrite has no finding of a category the input did not have
  score kept       rewrite score >= input score
  idempotent       rewriting the rewrite changes nothing
  script kept      the rewrite is in the input's script (by the engine's own detection)
  punctuation kept no full-width ，？ inserted into a text that used only ASCII ones, and
                   vice versa
  doubled punct    rewrites containing ，， or ？？ or ，。 that the input did not have
  question twice   rewrites where a question tag (您看可以吗, 好吗, 行吗 ...) directly follows a
                   question (…吗, …？) and the input had no such pair
"""

import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys


def load_texts(corpus):
    seen, texts = set(), []
    for path in sorted(glob.glob(os.path.join(corpus, "agent_utterances_*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("text", "")
                if text and "\n" not in text and text not in seen:
                    seen.add(text)
                    texts.append(text)
    return texts


def run_cli(cli, texts):
    """Checks texts (one per line) and returns the parsed JSONL records, in order."""
    payload = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    proc = subprocess.run([cli, "check", "--input", "jsonl", "--format", "jsonl", "-"],
                          input=payload.encode("utf-8"), capture_output=True, check=False)
    records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines() if line]
    if len(records) != len(texts):
        sys.exit(f"rewrite_report: expected {len(texts)} records, got {len(records)}: "
                 f"{proc.stderr.decode('utf-8', 'replace')[:500]}")
    return records


def to_traditional(texts):
    proc = subprocess.run(["uconv", "-f", "utf-8", "-t", "utf-8", "-x", "Hans-Hant"],
                          input="\n".join(texts).encode("utf-8"), capture_output=True, check=True)
    out = proc.stdout.decode("utf-8").split("\n")
    return out[: len(texts)]


def categories(record):
    return {f["category"] for f in record["findings"]}


def rules(record):
    return {f["rule"] for f in record["findings"]}


def script_of(record):
    return record.get("script")


HALF = re.compile(r"[,?!;:]")
FULL = re.compile(r"[，？！；：]")
DOUBLED = re.compile(r"[，,]{2}|[？?]{2}|[，,][。.]|[。.][，,]|[，,][？?]")
# A question tag right after a question: 可以吗，您看可以吗 / 是吗？好吗.
QUESTION_TWICE = re.compile(
    r"(?:[吗嗎么麼][？?]?|[？?])[，,、 ]*(?:您看|你看)?(?:这样|這樣)?(?:可以|好|行)[吗嗎么麼]")


def analyse(cli, texts, label, pairs, rng):
    first = run_cli(cli, texts)
    idx = [i for i, r in enumerate(first) if r["rewrite"] != r["text"]]
    rewrites = [first[i]["rewrite"] for i in idx]
    second = run_cli(cli, rewrites) if rewrites else []
    third = run_cli(cli, [r["rewrite"] for r in second]) if second else []

    counts = dict(fix_point=0, no_new=0, score_kept=0, idempotent=0, script_kept=0,
                  punct_kept=0, doubled=0, question_twice=0)
    failures = {k: [] for k in counts}
    for k, i in enumerate(idx):
        before, after, again = first[i], second[k], third[k]
        fixed = rules(before) - rules(after)
        new_categories = categories(after) - categories(before)
        no_new = not new_categories
        fix_point = no_new and bool(fixed)
        checks = dict(
            fix_point=fix_point,
            no_new=no_new,
            score_kept=after["score"] >= before["score"],
            idempotent=again["rewrite"] == after["text"] or after["rewrite"] == after["text"],
            script_kept=script_of(after) == script_of(before) or script_of(before) == "none",
            punct_kept=not (HALF.search(before["text"]) and not FULL.search(before["text"])
                            and FULL.search(after["text"]))
            and not (FULL.search(before["text"]) and not HALF.search(before["text"])
                     and HALF.search(after["text"])),
            doubled=bool(DOUBLED.search(after["text"])) and not DOUBLED.search(before["text"]),
            question_twice=bool(QUESTION_TWICE.search(after["text"]))
            and not QUESTION_TWICE.search(before["text"]),
        )
        for key, ok in checks.items():
            counts[key] += ok
            bad = ok if key in ("doubled", "question_twice") else not ok
            if bad and len(failures[key]) < 5:
                failures[key].append((before["text"], after["text"]))

    n = len(idx)
    pct = lambda x: f"{100.0 * x / n:.1f}%" if n else "-"
    share = f"{100.0 * n / len(texts):.1f}%" if texts else "-"
    print(f"== {label}: {len(texts)} distinct utterances, {n} rewritten ({share})")
    for key, title in (("fix_point", "fix point (fixed something, nothing new)"),
                       ("no_new", "no new category"),
                       ("score_kept", "score never down"),
                       ("idempotent", "idempotent"),
                       ("script_kept", "script preserved"),
                       ("punct_kept", "punctuation width preserved"),
                       ("doubled", "doubled punctuation introduced"),
                       ("question_twice", "question tag after a question introduced")):
        print(f"  {title:45s} {counts[key]:6d}  {pct(counts[key])}")
    for key, examples in failures.items():
        for before, after in examples:
            print(f"  [{key}] {before}\n      -> {after}")
    if pairs and n:
        print(f"  {pairs} random before/after pairs:")
        for i in rng.sample(idx, min(pairs, n)):
            print(f"    {first[i]['text']}\n    => {first[i]['rewrite']}")
    return counts, n


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--traditional", action="store_true")
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, default=0, help="first N utterances only")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = load_texts(args.corpus)
    if args.limit:
        texts = texts[: args.limit]
    analyse(args.cli, texts, "simplified corpus", args.pairs, rng)
    if args.traditional:
        analyse(args.cli, to_traditional(texts), "traditional copy (uconv Hans-Hant)", 0, rng)


if __name__ == "__main__":
    main()
