#!/bin/bash
# bench/mime/run.sh BUILD_DIR [MB]: parse throughput and peak memory of this parser, GMime 3 and
# Python's email package on the same generated mbox, in one run, at two sizes (memory must stay
# flat as the mbox grows). Each tool runs RUNS times (default 5), interleaved with the others so
# that a noisy neighbour hurts all alike; the table shows the median run and the largest peak RSS.
set -euo pipefail
build=${1:?BUILD_DIR}
size=${2:-100}
runs=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
small=$((size / 4))
python3 "$here/generate_mbox.py" "$work/small.mbox" "$small" >/dev/null
python3 "$here/generate_mbox.py" "$work/large.mbox" "$size" >/dev/null

tools=(ours ours-structure gmime python-email)

once() {  # tool file -> "messages seconds peakKB"
  local tool=$1 file=$2 start end msgs secs
  if [ "$tool" = python-email ]; then
    start=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$work/rss" python3 "$here/py_email.py" "$file" > "$work/out"
    end=$(date +%s.%N)
    read -r msgs _ < "$work/out"
    secs=$(echo "$end - $start" | bc -l)
  else
    /usr/bin/time -f '%M' -o "$work/rss" "$build/bench/mime/bench_mime" "$tool" "$file" > "$work/out"
    read -r msgs _ secs _ < "$work/out"
  fi
  echo "$msgs $secs $(tail -1 "$work/rss")"
}

printf '%-16s %8s %10s %10s %12s %12s\n' tool mbox seconds MB/s messages/s "peak RSS MB"
declare -A rate
for mbox in small large; do
  file="$work/$mbox.mbox"
  bytes=$(stat -c %s "$file")
  declare -A times=() peak=() count=()
  for ((run = 0; run < runs; run++)); do
    for tool in "${tools[@]}"; do
      read -r msgs secs rss <<<"$(once "$tool" "$file")"
      times[$tool]+="$secs "
      count[$tool]=$msgs
      peak[$tool]=$(( rss > ${peak[$tool]:-0} ? rss : ${peak[$tool]:-0} ))
    done
  done
  for tool in "${tools[@]}"; do
    median=$(tr ' ' '\n' <<<"${times[$tool]}" | grep . | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
    mbs=$(echo "$bytes / 1048576 / $median" | bc -l)
    printf '%-16s %6sMB %10.3f %10.1f %12.0f %12s\n' "$tool" "$((bytes / 1048576))" "$median" "$mbs" \
      "$(echo "${count[$tool]} / $median" | bc -l)" "$(( ${peak[$tool]} / 1024 ))"
    rate[$tool.$mbox]=$mbs
  done
done
echo
echo "ratios on the large mbox (median MB/s over $runs runs): ours/gmime = $(echo "${rate[ours.large]} / ${rate[gmime.large]}" | bc -l | cut -c1-5)," \
     "ours/python = $(echo "${rate[ours.large]} / ${rate[python-email.large]}" | bc -l | cut -c1-5)"
