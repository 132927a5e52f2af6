#!/bin/bash
# Generates N forwarded notices (default 3000) and ingests them twice: once with the store only,
# once through every stage. Usage: run.sh BUILD_DIR [N]
set -euo pipefail
build=${1:?BUILD_DIR (configured with -DDMCA_BUILD_BENCH=ON)}
n=${2:-3000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$build/bench/pipeline/bench_pipeline_ingest"
for mode in --store-only full; do
  rm -rf "$work/maildir" "$work"/bench.db*
  python3 "$here/generate_maildir.py" "$n" "$work/maildir" >/dev/null
  if [ "$mode" = full ]; then "$bin" "$work/maildir" "$work/bench.db" 2>"$work/stages.log"
  else "$bin" "$work/maildir" "$work/bench.db" --store-only 2>"$work/stages.log"; fi
  grep '^stage' "$work/stages.log" | tail -8
done
