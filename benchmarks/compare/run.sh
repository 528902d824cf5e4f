#!/usr/bin/env bash
# The comparison harness (issue 7), one command:
#
#   benchmarks/compare/run.sh [--real DIR] [--n N] [--rounds R] [--passes P] [--no-memory] [--quick]
#
# Builds what it needs (Release with debug info, as shipped) in build-bench/, generates the
# seeded corpus, exports the default pack's patterns, and times on the same corpus, in R
# interleaved rounds (each contender once per round, P timed passes each; Python one), on one
# thread:
#   liangyan   the full check (analyse + score + rewrite) through the C API
#   python     Debian python3 + python3-jieba: NFKC, jieba.lcut, then re over every pattern
#   hyperscan  Hyperscan block mode, which patterns match: the ceiling for matching
# and liangyan again on 2 threads sharing one engine.  A shared virtual machine slows whole
# stretches of time (neighbours take the cache and the memory bandwidth; this 2-core VM was
# seen 40 % slower for minutes); interleaving puts every contender in every stretch, and the
# table reports each contender's best round, the one least disturbed, with the spread.  With --real DIR (e.g. ../shared/eval/real)
# it repeats the three on the real agent utterances found there.  Then the latency
# percentiles, the engine's memory, and the CLI's peak RSS over 1M utterances (--no-memory
# skips these).  The last line is machine-readable:
#   liangyan_vs_python=<ratio> liangyan_vs_hyperscan=<fraction>
#
# Environment: LY_BENCH_BUILD (build dir), LY_CMAKE_ARGS (extra cmake arguments).
# Needs: scripts/packages/core.txt and bench.txt (bash scripts/setup.sh installs them).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/benchmarks/compare"
build=${LY_BENCH_BUILD:-$root/build-bench}
work="$build/compare-data"

n=50000
rounds=5
passes=3
real=""
memory=1
memory_n=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --real) real=$2; shift 2 ;;
    --n) n=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --passes) passes=$2; shift 2 ;;
    --no-memory) memory=0; shift ;;
    --quick) n=5000; rounds=1; passes=1; memory=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done

# Debian's python3 carries python3-jieba; a python3 earlier on PATH (pyenv, venv) may not.
python=/usr/bin/python3
[ -x "$python" ] || python=python3
if ! "$python" -c 'import jieba' 2>/dev/null; then
  echo "run.sh: $python cannot import jieba (Debian: apt-get install python3-jieba)" >&2
  exit 1
fi

echo "== build ($build)"
# shellcheck disable=SC2086
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLIANGYAN_BUILD_BENCHMARKS=ON \
  -DLIANGYAN_BUILD_TESTS=OFF ${LY_CMAKE_ARGS:-} >/dev/null
targets=(ly_export_patterns ly_compare_liangyan ly_latency)
hyperscan=0
if pkg-config --exists libhs; then
  targets+=(ly_compare_hyperscan)
  hyperscan=1
else
  echo "run.sh: Hyperscan not found (libhyperscan-dev, x86-64 only): no ceiling row" >&2
fi
jobs=$(nproc 2>/dev/null || echo 2)
cmake --build "$build" -j"$jobs" --target "${targets[@]}" >/dev/null
# The CLI only serves the peak-RSS step; a CLI that does not build does not stop the rest.
if [ "$memory" = 1 ] && ! cmake --build "$build" -j"$jobs" --target liangyan_cli >"$build/cli-build.log" 2>&1; then
  echo "run.sh: the CLI does not build (see $build/cli-build.log): no peak-RSS step" >&2
  memory_cli=0
else
  memory_cli=1
fi
bin="$build/benchmarks"
mkdir -p "$work"

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $(g++ --version | head -1); python $("$python" -c 'import sys; print(sys.version.split()[0])'); jieba $("$python" -c 'import jieba; print(jieba.__version__)'); hyperscan $(pkg-config --modversion libhs 2>/dev/null || echo none); re2 $(dpkg-query -W -f='${Version}' libre2-dev 2>/dev/null || echo '?')"

echo "== corpus and patterns"
corpus="$work/corpus-$n.txt"
[ -s "$corpus" ] || "$python" "$root/benchmarks/corpus/gen_corpus.py" --n "$n" --out "$corpus"
echo "corpus: $corpus ($(wc -l <"$corpus") lines, $(md5sum "$corpus" | cut -c1-32))"
"$bin/ly_export_patterns" "$work/patterns.tsv"

# Runs the contenders on one corpus in interleaved rounds; result lines go to $2.
contend() {
  local file=$1 out=$2 round
  : >"$out"
  load() { echo "load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out"; }
  for ((round = 1; round <= rounds; round++)); do
    echo "round $round of $rounds"
    load
    "$python" "$here/py_peer.py" "$work/patterns.tsv" "$file" --passes 1 | tee -a "$out"
    load
    "$bin/ly_compare_liangyan" "$file" --passes "$passes" | tee -a "$out"
    if [ "$hyperscan" = 1 ]; then
      load
      "$bin/ly_compare_hyperscan" "$work/patterns.tsv" "$file" --passes "$passes" |
        grep -v '^hyperscan: dropped' | tee -a "$out"
    fi
    load
    "$bin/ly_compare_liangyan" "$file" --passes "$passes" --threads 2 | tee -a "$out"
  done
}

echo "== generated corpus"
contend "$corpus" "$work/results-generated.txt"

if [ -n "$real" ]; then
  echo "== real corpus ($real)"
  # Agent turns of every agent_utterances_*.jsonl, one per line (inner newlines as spaces).
  "$python" - "$real" "$work/real.txt" <<'EOF'
import glob, json, os, sys
lines = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "agent_utterances_*.jsonl"))):
    with open(path, encoding="utf-8") as f:
        for row in f:
            obj = json.loads(row)
            text = " ".join(str(obj.get("text", "")).split())
            if text and obj.get("role", "agent") == "agent":
                lines.append(text)
with open(sys.argv[2], "w", encoding="utf-8", errors="replace") as f:
    f.write("".join(t + "\n" for t in lines))
print("real: %d utterances" % len(lines))
EOF
  contend "$work/real.txt" "$work/results-real.txt"
fi

if [ "$memory" = 1 ]; then
  echo "== latency and engine memory"
  "$bin/ly_latency" --corpus "$corpus"
  if [ "$memory_cli" = 1 ]; then
    echo "== CLI peak RSS over $memory_n utterances"
    big="$work/corpus-$memory_n.txt"
    [ -s "$big" ] || "$python" "$root/benchmarks/corpus/gen_corpus.py" --n "$memory_n" --out "$big"
    # The CLI exits 2 when some lines could not be checked; the RSS figure stands regardless.
    /usr/bin/time -f 'cli_rss max_rss_kb=%M elapsed_s=%e' "$build/liangyan" check \
      --format jsonl "$big" >/dev/null || true
  fi
fi

echo
echo "== results"
if [ -n "$real" ]; then
  "$python" "$here/report.py" "$work/results-real.txt" --title "Real corpus ($real)"
  echo
fi
"$python" "$here/report.py" "$work/results-generated.txt" \
  --title "Generated corpus (gen_corpus.py, seed 20261125)" --final
