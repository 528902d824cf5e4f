#!/usr/bin/env bash
# Hardening step of scripts/test.sh (issue 8), so CI runs it on every change.  Three parts, each
# timed:
#   1. the library and every test program built with ASan + UBSan (LeakSanitizer included);
#      ctest runs every test except the ~900 one-example cases of ly_pack_tests, which run
#      instead as one process (the same checks; 900 sanitized start-ups would cost ~10 min);
#   2. the 8-thread concurrency test built with TSan;
#   3. a short run of each libFuzzer target from its committed corpus (needs clang).
# Build trees: build-asan/, build-tsan/, build-fuzz/.  About 25-30 minutes on 2 cores.
# Environment knobs:
#   LY_SANITIZERS_PARTS="asan tsan fuzz"  which parts to run ("" skips the step)
#   LY_FUZZ_SECONDS=20                    seconds per fuzz target in part 3
set -euo pipefail
cd "$(dirname "$0")/../.."
jobs=$(nproc 2>/dev/null || echo 2)
parts=${LY_SANITIZERS_PARTS-asan tsan fuzz}
fuzz_seconds=${LY_FUZZ_SECONDS:-20}
# -O1: what the sanitizer manuals recommend; fast to build, stack traces still readable.
opt=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g"
     "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g")

timed() {  # timed NAME COMMAND...: runs it and reports how long it took
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo "sanitizers: ${name} took $((SECONDS - start)) s"
}

asan() {
  cmake -S . -B build-asan "${opt[@]}" -DLIANGYAN_SANITIZE=address,undefined >/dev/null
  timed "ASan+UBSan build" cmake --build build-asan -j"$jobs"
  # halt_on_error: UBSan's default is to print and carry on, which would let a test pass.
  ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    timed "ASan+UBSan ctest" ctest --test-dir build-asan --output-on-failure -j"$jobs" \
      -E '^(DefaultPackExamples|Pack_|Golden|PoliteNegatives|RewriteProperties|BrokenPacks|Scorecard)'
  ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    timed "ASan+UBSan ly_pack_tests (all cases, one process)" build-asan/tests/ly_pack_tests --gtest_brief=1
}

tsan() {
  if ! grep -q 'add_subdirectory(hardening)' tests/CMakeLists.txt; then
    echo "sanitizers: tests/hardening is not built (tests/CMakeLists.txt), TSan part skipped" >&2
    return 0
  fi
  cmake -S . -B build-tsan "${opt[@]}" -DLIANGYAN_SANITIZE=thread >/dev/null
  timed "TSan build" cmake --build build-tsan -j"$jobs" --target ly_hardening_concurrency
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 LY_CONCURRENCY_ROUNDS=5 \
    timed "TSan concurrency test" build-tsan/tests/hardening/ly_hardening_concurrency
}

fuzz() {
  if ! command -v clang >/dev/null || ! command -v clang++ >/dev/null; then
    echo "sanitizers: clang not found, fuzz smoke skipped (apt-get install clang libclang-rt-14-dev)"
    return 0
  fi
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -DLIANGYAN_BUILD_FUZZERS=ON \
    -DLIANGYAN_BUILD_TESTS=OFF >/dev/null
  timed "fuzz build" cmake --build build-fuzz -j"$jobs" --target fuzzers
  local target work log start
  for target in fuzz_check fuzz_pack fuzz_encoded fuzz_rewrite_slots fuzz_coach; do
    # New inputs go to a scratch directory: the committed corpus only changes by hand.
    work=build-fuzz/corpus/$target
    log=build-fuzz/$target.log
    rm -rf "$work" && mkdir -p "$work" build-fuzz/artifacts
    start=$SECONDS
    if ! build-fuzz/fuzz/$target -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=4096 -dict=fuzz/dict/pack.dict -artifact_prefix=build-fuzz/artifacts/"$target"- \
        -print_final_stats=1 "$work" fuzz/corpus/$target >"$log" 2>&1; then
      tail -n 60 "$log" >&2
      echo "sanitizers: $target failed; reproducer in build-fuzz/artifacts/, log $log" >&2
      return 1
    fi
    echo "sanitizers: $target $((SECONDS - start)) s: $(grep -aE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)"
  done
}

total=$SECONDS
for part in $parts; do
  echo "=== sanitizers: $part"
  "$part"
done
echo "sanitizers: all parts passed in $((SECONDS - total)) s"
