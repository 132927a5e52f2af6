#!/bin/bash
# `make bench`: every benchmark in one run, each comparing with what a user would use instead.
# Usage: bench/run-all.sh BUILD_DIR (configured with -DDMCA_BUILD_BENCH=ON, Release).
set -euo pipefail
build=${1:?BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
for area in mime notice pipeline ingest wiki archive web; do
  if [ -x "$here/$area/run.sh" ]; then
    echo "== bench/$area"
    "$here/$area/run.sh" "$build"
    echo
  fi
done
