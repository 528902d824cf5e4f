#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and run the main job: the CLI over
# the sample utterances with the embedded default rule pack.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
./build/liangyan check examples/utterances.txt
