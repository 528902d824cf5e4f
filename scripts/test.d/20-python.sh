#!/usr/bin/env bash
# The Python package: builds the pybind11 module into ./build and runs its pytest suite.
#
# It uses Debian's interpreter, /usr/bin/python3, not the first python3 on PATH (a pyenv
# shim may come first): scripts/setup.sh installed pybind11, pytest, dask and pandas for that
# one.  LIANGYAN_PYTHON=/path/to/python3 picks another on purpose.
set -euo pipefail
cd "$(dirname "$0")/../.."

python=${LIANGYAN_PYTHON:-/usr/bin/python3}
echo "20-python: using $python ($("$python" --version 2>&1))"
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DLIANGYAN_BUILD_PYTHON=ON -DPython_EXECUTABLE="$python" >/dev/null
cmake --build build -j"$jobs" --target _liangyan liangyan_cli

status=0
LIANGYAN_BUILD_DIR="$PWD/build" "$python" -m pytest -q -p no:cacheprovider \
  bindings/python/tests || status=$?
if [ "$status" -eq 5 ]; then
  echo "20-python: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
