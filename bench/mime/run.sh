#!/bin/bash
# bench/mime/run.sh BUILD_DIR [MB]: parse throughput and peak memory of this parser, GMime 3 and
# Python's email package on the same generated mbox, in one run, at two sizes (memory must stay
# flat as the mbox grows). Prints a table with ratios.
set -euo pipefail
build=${1:?BUILD_DIR}
size=${2:-100}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
small=$((size / 4))
python3 "$here/generate_mbox.py" "$work/small.mbox" "$small" >/dev/null
python3 "$here/generate_mbox.py" "$work/large.mbox" "$size" >/dev/null

run() {  # label command... -> "seconds MB/s msgs/s peakKB"
  local out rss
  out=$( { /usr/bin/time -f '%M' "$@" > "$work/out"; } 2> "$work/time" ) || true
  rss=$(tail -1 "$work/time")
  echo "$(cat "$work/out") $rss"
}

printf '%-16s %8s %10s %10s %12s %12s\n' tool mbox seconds MB/s messages/s "peak RSS MB"
declare -A mbs
for mbox in small large; do
  file="$work/$mbox.mbox"
  mb=$(du -m "$file" | cut -f1)
  for tool in ours ours-structure gmime; do
    read -r msgs leaves secs rate mps rss <<<"$(run "$build/bench/mime/bench_mime" "$tool" "$file")"
    printf '%-16s %6sMB %10s %10s %12s %12s\n' "$tool" "$mb" "$secs" "$rate" "$mps" "$((rss / 1024))"
    mbs[$tool.$mbox]=$rate
  done
  start=$(date +%s.%N)
  pyout=$( { /usr/bin/time -f '%M' python3 "$here/py_email.py" "$file" > "$work/out"; } 2>&1 )
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  rate=$(echo "$mb / $secs" | bc -l)
  read -r msgs leaves < "$work/out"
  printf '%-16s %6sMB %10.3f %10.1f %12.0f %12s\n' python-email "$mb" "$secs" "$rate" "$(echo "$msgs / $secs" | bc -l)" "$(( $(echo "$pyout" | tail -1) / 1024 ))"
  mbs[python.$mbox]=$rate
done
echo
echo "ratios on the large mbox (MB/s): ours/gmime = $(echo "${mbs[ours.large]} / ${mbs[gmime.large]}" | bc -l | cut -c1-5)," \
     "ours/python = $(echo "${mbs[ours.large]} / ${mbs[python.large]}" | bc -l | cut -c1-5)"
