#!/usr/bin/env python3
"""Scores the liangyan CLI against hand-labelled utterances.

    python3 tools/eval/evaluate.py --labels ../shared/eval/dev-labels.jsonl \\
        --corpus ../shared/eval/real --cli build/liangyan [--pack FILE] [--show-errors N]

The label file holds one {"id": ..., "labels": [category, ...]} per line; an empty list means
the utterance is clean.  Ids are resolved to texts through the corpus folder's
agent_utterances_*.jsonl files.  All texts go through the CLI in one run (JSONL in, JSONL out),
and an utterance counts as predicted for a category when any finding has that category.
"""

import argparse
import glob
import json
import os
import subprocess
import sys

CATEGORIES = (
    "negative",
    "but",
    "no_reason",
    "no_consult",
    "command",
    "not_my_job",
    "blame",
    "false_ack",
    "rude",
)
# Categories with fewer positives than this are too noisy to steer by on their own.
MIN_SUPPORT = 10


def warn(message):
    print(f"evaluate: {message}", file=sys.stderr)


def load_labels(path):
    """Returns {id: set(categories)} in file order."""
    labels = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                uid, cats = record["id"], record["labels"]
            except (ValueError, KeyError, TypeError) as e:
                sys.exit(f"evaluate: {path}:{number}: bad label line: {e}")
            unknown = set(cats) - set(CATEGORIES)
            if unknown:
                sys.exit(f"evaluate: {path}:{number}: unknown categories {sorted(unknown)}")
            if uid in labels:
                warn(f"{path}:{number}: duplicate id {uid}; the later labels win")
            labels[uid] = set(cats)
    return labels


def load_texts(corpus, wanted):
    """Returns {id: text} for the wanted ids found in the corpus's utterance files."""
    files = sorted(glob.glob(os.path.join(corpus, "agent_utterances_*.jsonl")))
    if not files:
        sys.exit(f"evaluate: no agent_utterances_*.jsonl files in {corpus}")
    texts = {}
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                record = json.loads(line)
                if record.get("id") in wanted:
                    texts[record["id"]] = record["text"]
    return texts


def run_cli(cli, packs, items):
    """Checks [(id, text)] in one CLI run; returns {id: output record}."""
    command = [cli, "check", "--input", "jsonl", "--format", "jsonl"]
    for pack in packs:
        command += ["--pack", pack]
    payload = "".join(
        json.dumps({"id": uid, "text": text}, ensure_ascii=False) + "\n" for uid, text in items
    )
    try:
        proc = subprocess.run(command, input=payload.encode("utf-8"), capture_output=True)
    except OSError as e:
        sys.exit(f"evaluate: cannot run {cli}: {e}")
    # Exit 2 means some lines were rejected; they come back as error objects and are
    # reported below, so the run as a whole is still usable.
    if proc.returncode not in (0, 2):
        sys.exit(
            f"evaluate: {' '.join(command)} exited {proc.returncode}:\n"
            + proc.stderr.decode("utf-8", "replace")
        )
    outputs = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        record = json.loads(line)
        if "id" in record:
            outputs[record["id"]] = record
    return outputs


def ratio(num, den):
    return num / den if den else None


def scores(tp, fp, fn):
    precision = ratio(tp, tp + fp)
    recall = ratio(tp, tp + fn)
    f1 = ratio(2 * tp, 2 * tp + fp + fn)
    return {
        "support": tp + fn,
        "predicted": tp + fp,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def evaluate(labels, predictions):
    """Per-category and micro-averaged scores; `predictions` maps id -> set(categories)."""
    table = {}
    for cat in CATEGORIES:
        tp = fp = fn = 0
        for uid, gold in labels.items():
            predicted = cat in predictions.get(uid, ())
            expected = cat in gold
            tp += predicted and expected
            fp += predicted and not expected
            fn += expected and not predicted
        table[cat] = scores(tp, fp, fn)

    def micro(cats):
        return scores(*(sum(table[c][k] for c in cats) for k in ("tp", "fp", "fn")))

    frequent = [c for c in CATEGORIES if table[c]["support"] >= MIN_SUPPORT]
    f1s = [table[c]["f1"] or 0.0 for c in frequent]
    return {
        "categories": table,
        "micro_all": micro(CATEGORIES),
        f"micro_support_{MIN_SUPPORT}": micro(frequent),
        f"macro_f1_support_{MIN_SUPPORT}": sum(f1s) / len(f1s) if f1s else None,
        f"categories_support_{MIN_SUPPORT}": frequent,
    }


def fmt(value):
    return "    -" if value is None else f"{value:5.3f}"


def print_table(result, n_utterances):
    header = (
        f"{'category':<22}{'support':>8}{'pred':>6}{'TP':>5}{'FP':>5}{'FN':>5}"
        f"{'P':>7}{'R':>7}{'F1':>7}"
    )
    print(f"{n_utterances} labelled utterances")
    print(header)
    print("-" * len(header))

    def row(name, s):
        print(
            f"{name:<22}{s['support']:>8}{s['predicted']:>6}{s['tp']:>5}{s['fp']:>5}"
            f"{s['fn']:>5}  {fmt(s['precision'])}  {fmt(s['recall'])}  {fmt(s['f1'])}"
        )

    for cat in CATEGORIES:
        row(cat, result["categories"][cat])
    print("-" * len(header))
    row("micro (all)", result["micro_all"])
    row(f"micro (support>={MIN_SUPPORT})", result[f"micro_support_{MIN_SUPPORT}"])
    macro = result[f"macro_f1_support_{MIN_SUPPORT}"]
    print(f"{f'macro F1 (support>={MIN_SUPPORT})':<60}{fmt(macro)}")


def mark(text, findings, category=None):
    """The text with the spans of (the category's) findings bracketed; overlaps are merged."""
    merged = []
    for start, end in sorted(
        (f["start"], f["end"]) for f in findings if category is None or f["category"] == category
    ):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out += [text[pos:start], "〖", text[start:end], "〗"]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def print_errors(labels, outputs, limit):
    for cat in CATEGORIES:
        false_pos, misses = [], []
        for uid, gold in labels.items():
            record = outputs.get(uid)
            if record is None or "findings" not in record:
                continue
            fired = {f["category"] for f in record["findings"]}
            if cat in fired and cat not in gold:
                false_pos.append(record)
            elif cat in gold and cat not in fired:
                misses.append(record)
        if not false_pos and not misses:
            continue
        print(f"\n=== {cat}: {len(false_pos)} false positives, {len(misses)} misses")
        for title, records, only in (("false positive", false_pos, cat), ("miss", misses, None)):
            for record in records[:limit]:
                rules = ", ".join(
                    f"{f['rule']}({f['category']})" for f in record["findings"]
                ) or "no rule fired"
                gold = ",".join(sorted(labels[record["id"]])) or "clean"
                print(f"  [{title}] {record['id']}  gold: {gold}")
                print(f"      {mark(record['text'], record['findings'], only)}")
                print(f"      rules: {rules}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", required=True, help="JSONL of {id, labels}")
    parser.add_argument("--corpus", required=True, help="folder of agent_utterances_*.jsonl")
    parser.add_argument("--cli", required=True, help="path to the liangyan executable")
    parser.add_argument("--pack", action="append", default=[], help="extra rule pack (repeatable)")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N",
                        help="print up to N false positives and N misses per category")
    parser.add_argument("--json", metavar="OUT", help="also write the table as JSON to OUT")
    args = parser.parse_args()

    labels = load_labels(args.labels)
    texts = load_texts(args.corpus, set(labels))
    missing = [uid for uid in labels if uid not in texts]
    if missing:
        warn(f"{len(missing)} labelled ids not found in {args.corpus} (skipped), e.g. {missing[0]}")
        labels = {uid: cats for uid, cats in labels.items() if uid in texts}

    outputs = run_cli(args.cli, args.pack, [(uid, texts[uid]) for uid in labels])
    failed = [uid for uid in labels if "findings" not in outputs.get(uid, {})]
    if failed:
        warn(f"{len(failed)} utterances could not be checked (counted as no findings), "
             f"e.g. {failed[0]}: {outputs.get(failed[0], {}).get('error', 'no output')}")
    predictions = {
        uid: {f["category"] for f in outputs[uid]["findings"]}
        for uid in labels
        if "findings" in outputs.get(uid, {})
    }

    result = evaluate(labels, predictions)
    print_table(result, len(labels))
    if args.show_errors > 0:
        print_errors(labels, outputs, args.show_errors)
    if args.json:
        result["utterances"] = len(labels)
        result["unchecked"] = len(failed)
        result["packs"] = args.pack
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False, indent=2)
            f.write("\n")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # piped into head or less: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
