#!/bin/bash
# The archive build of N cases (default 100,000) and the rebuild after one new case.
# Usage: run.sh BUILD_DIR [N]   (BUILD_DIR configured with -DDMCA_BUILD_BENCH=ON, Release)
set -euo pipefail
build=${1:?BUILD_DIR (configured with -DDMCA_BUILD_BENCH=ON)}
n=${2:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/archive/bench_archive" "$work/archive" "$n"
