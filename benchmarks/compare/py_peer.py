#!/usr/bin/env python3
"""The comparison's peer: what a team would write in an afternoon with Debian's python3.

Per utterance: NFKC + lower case (so full-width punctuation and letters meet the pack's
ASCII-punctuation patterns, as liangyan's folding does), `jieba.lcut` (the segmentation such
a script does first, for word-level rules), then every pattern of the pack with Python `re`.
It answers which patterns occur; it does not score or rewrite.

    py_peer.py PATTERNS.tsv CORPUS [--passes N]

Prints one "result ..." line in the format of benchmarks/compare/timing.h.
"""

import argparse
import re
import sys
import time
import unicodedata
import warnings

# Han ideographs for RE2's \p{Han}, which Python's re does not know.
HAN = ("\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"
       "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00020000-\U0003134a")


def unescape(s):
    out = []
    i = 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            out.append("\t" if nxt == "t" else "\n" if nxt == "n" else nxt)
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def re2_to_python(pattern):
    """Rewrites the few RE2 spellings that Python's re reads differently."""
    pattern = re.sub(r"\\x\{([0-9A-Fa-f]+)\}", lambda m: "\\U%08x" % int(m.group(1), 16), pattern)
    pattern = pattern.replace("\\p{Han}", "[" + HAN + "]").replace("\\pL", "[^\\W\\d_]")
    pattern = pattern.replace("\\z", "\\Z")
    return pattern


def load_patterns(path):
    # Python warns about "[[" in character classes that RE2 reads literally; the meaning is
    # the same today, so the warning would only clutter the harness's output.
    warnings.simplefilter("ignore", FutureWarning)
    compiled, dropped = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            kind, _, text = line.rstrip("\n").partition("\t")
            text = unescape(text)
            source = re.escape(text) if kind == "lit" else re2_to_python(text)
            try:
                compiled.append(re.compile(source))
            except re.error as e:
                dropped.append((text, str(e)))
    return compiled, dropped


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("patterns")
    parser.add_argument("corpus")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args(argv)

    import jieba  # Debian: python3-jieba
    jieba.setLogLevel(60)
    jieba.initialize()  # loads the dictionary now, not inside the first timed call

    patterns, dropped = load_patterns(args.patterns)
    for text, error in dropped:
        print("python: dropped pattern %r: %s" % (text, error), file=sys.stderr)
    with open(args.corpus, encoding="utf-8", newline="\n") as f:
        corpus = [line.rstrip("\n").rstrip("\r") for line in f]

    def check(utterance):
        text = unicodedata.normalize("NFKC", utterance).lower()
        words = jieba.lcut(text)
        found = [i for i, p in enumerate(patterns) if p.search(text)]
        return words, found

    def one_pass(utterances):
        matches = 0
        for u in utterances:
            matches += len(check(u)[1])
        return matches

    # Python has no caches worth filling beyond the first calls (re's and jieba's), so a short
    # warm-up stands in for the others' full untimed pass.
    one_pass(corpus[:2000])
    seconds, cpu = [], []
    warm = None
    for _ in range(args.passes):
        start, cpu_start = time.perf_counter(), time.process_time()
        matches = one_pass(corpus)
        cpu.append(time.process_time() - cpu_start)
        seconds.append(time.perf_counter() - start)
        if warm is not None and matches != warm:
            print("python: passes disagree", file=sys.stderr)
        warm = matches
    seconds.sort()
    cpu.sort()
    median = seconds[len(seconds) // 2]
    cpu_median = cpu[len(cpu) // 2]
    n = len(corpus)
    nbytes = sum(len(u.encode("utf-8")) for u in corpus)
    print("python patterns=%d dropped=%d" % (len(patterns), len(dropped)))
    print("result name=python n=%d bytes=%d passes=%d median_s=%.6f min_s=%.6f ns_per_utt=%.1f "
          "utt_per_s=%.0f cpu_median_s=%.6f cpu_utt_per_s=%.0f matches=%d errors=0"
          % (n, nbytes, args.passes, median, seconds[0], median * 1e9 / n, n / median,
             cpu_median, n / cpu_median, warm))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
