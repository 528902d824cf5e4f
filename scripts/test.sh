#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run every test: ctest, then each
# extra suite in scripts/test.d/ (Python, sanitizers, ...) in name order.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j"$jobs"
for step in scripts/test.d/*.sh; do
  [ -e "$step" ] || continue
  echo "=== $step"
  bash "$step"
done
