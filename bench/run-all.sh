#!/bin/bash
# `make bench`: every benchmark in one run, each comparing with what a user would use instead.
# Usage: bench/run-all.sh BUILD_DIR (configured with -DDMCA_BUILD_BENCH=ON, Release).
set -euo pipefail
build=${1:?BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
<<<<<<< HEAD
for area in mime notice pipeline ingest wiki archive; do
=======
for area in mime notice pipeline wiki web; do
>>>>>>> issue-12
  if [ -x "$here/$area/run.sh" ]; then
    echo "== bench/$area"
    "$here/$area/run.sh" "$build"
    echo
  fi
done
