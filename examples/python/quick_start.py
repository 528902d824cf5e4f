#!/usr/bin/env python3
"""Quick start: check a few utterances and print findings, score and rewrite.

    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/quick_start.py
"""

import liangyan

# Build one engine at start-up (the embedded default pack) and share it everywhere.
engine = liangyan.Engine()
print(f"liangyan {liangyan.library_version()}, pack {engine.packs}, {engine.rule_count} rules")

for text in ["对不起，您不能退货。", "请您等一下。", "没问题，我马上帮您查一下，您看可以吗？"]:
    result = engine.check(text)
    print(f"\n{text}  score {result.score}")
    for finding in result.findings:
        # start/end index the str: result.text[start:end] is the flagged wording.
        print(f"  - {finding.rule} {finding.category} {finding.severity.name.lower()}: "
              f"「{result.span_text(finding)}」 {finding.message}")
    for credit in result.credits:
        print(f"  + {credit.rule}: 「{result.span_text(credit)}」 {credit.message}")
    if result.rewrites:
        print(f"  rewrite: {result.rewrite}")

# Errors are exceptions of one family.
try:
    engine.check(b"\xff\xfe not UTF-8")
except liangyan.InvalidUtf8Error as error:
    print(f"\nrejected: {error}")
