#!/bin/bash
# End-to-end ingestion against Python's email on the same messages, in one run:
#   bench/ingest/run.sh BUILD_DIR [N]
# Generates N forwarded notices (default 3000) as a Maildir (bench/pipeline/generate_maildir.py),
# times Python's email parsing them alone (py_maildir.py: parse, walk, decode every part), then
# `dmca ingest` on the same Maildir: every stage, SQLite with durable commits, each file moved to
# cur/ after its batch is committed. Then the stage breakdown (bench_pipeline_ingest) on a copy.
set -euo pipefail
build=${1:?BUILD_DIR}
n=${2:-3000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/../pipeline/generate_maildir.py" "$n" "$work/maildir" >/dev/null
cp -r "$work/maildir" "$work/copy"
python3 "$here/py_maildir.py" "$work/maildir"
start=$(date +%s.%N)
(cd "$work" && "$build/dmca" ingest maildir)
end=$(date +%s.%N)
echo "dmca ingest: $n messages in $(echo "$end - $start" | bc) s = $(echo "$n / ($end - $start)" | bc) messages/s (wall, process start to exit)"
"$build/bench/pipeline/bench_pipeline_ingest" "$work/copy" "$work/stages.db" 2>"$work/stages.log"
grep '^stage' "$work/stages.log"
