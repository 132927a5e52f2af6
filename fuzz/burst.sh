#!/bin/bash
# A libFuzzer burst of every target: each runs SECONDS on its seed corpus (fuzz/corpus/<target>,
# and for mail the shared MIME corpus too), new inputs going to a scratch folder. Any crash,
# leak, timeout or broken invariant fails the burst and leaves the input in ARTIFACTS
# (default build-fuzz/artifacts): add it to fuzz/corpus/<target>/ with the fix.
# Usage: fuzz/burst.sh BUILD_DIR [SECONDS] [ARTIFACTS]   (BUILD_DIR configured with
# -DDMCA_BUILD_FUZZ=ON; `make fuzz` does all of it)
set -uo pipefail
build=${1:?BUILD_DIR}
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
artifacts=${3:-$build/artifacts}
mkdir -p "$artifacts"
failed=()
for fuzzer in "$build"/fuzz/*_fuzzer; do
  target=$(basename "$fuzzer" _fuzzer)
  scratch=$(mktemp -d)
  seeds=("$here/corpus/$target")
  [ "$target" = mail ] && [ -d "$here/../../shared/corpus/mime" ] && seeds+=("$here/../../shared/corpus/mime")
  # -timeout: an input taking 10 s is a hang; -rss_limit_mb: one taking 2 GB is a memory bomb.
  if "$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$artifacts/$target-" "$scratch" "${seeds[@]}" \
       > "$artifacts/$target.log" 2>&1; then
    echo "fuzz $target: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$artifacts/$target.log" | grep -o '[0-9]*$') runs, no crash"
  else
    echo "fuzz $target: FAILED, see $artifacts/$target.log"; grep -m3 -E 'ERROR|invariant|SUMMARY' "$artifacts/$target.log"
    failed+=("$target")
  fi
  rm -rf "$scratch"
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz targets failed: ${failed[*]}"; exit 1; }
