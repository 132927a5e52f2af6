#!/bin/bash
# bench/notice/run.sh BUILD_DIR [N]: a notice naming N URLs (default 1,000,000) understood,
# every URL resolved; prints the time and peak memory (see RESULTS.md).
set -euo pipefail
build=${1:?BUILD_DIR}
"$build/bench/notice/bench_notice" "${2:-1000000}"
