#!/bin/bash
# `dmca execute` throughput: deletions per second and API requests per deletion.
#   run.sh BUILD_DIR [N] [M]
# 1. The real MediaWiki 1.39 (scripts/mediawiki-test-server.sh, in a temp dir): N files
#    (default 200, scripts/mediawiki-make-png.py) uploaded, one notice naming them ingested and
#    approved, one `dmca execute` timed. The wiki's own API log ($wgDebugLogGroups['api'], one
#    line per request with its parameters, secrets redacted by MediaWiki) counts the requests by
#    module, so the login and token requests are seen apart from the per-deletion ones.
#    php -S serves one request at a time, so one worker: more would only queue.
# 2. tests/integration/wiki/latency_wiki.py (the tests' own endpoint, 0 ms latency): M titles
#    (default 2000), four `dmca execute` at once, on SQLite and on PostgreSQL (a private cluster,
#    scripts/postgres-test-server.sh). This measures the pipeline and its store, not a wiki.
# Prints one line per run; nothing is left behind (the temp dir, the servers).
set -euo pipefail
build=$(realpath "${1:?BUILD_DIR}")
n=${2:-200}
m=${3:-2000}
workers=4
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dmca=$build/dmca
[ -x "$dmca" ] || { echo "bench/wiki: no $dmca: build the dmca target first" >&2; exit 1; }
work=$(mktemp -d)
latency_pid=
cleanup() {
  [ -n "$latency_pid" ] && kill "$latency_pid" 2>/dev/null || true
  "$root/scripts/mediawiki-test-server.sh" stop "$work/wiki" >/dev/null 2>&1 || true
  "$root/scripts/postgres-test-server.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }

# conf DIR API SECRET [STORE_URL]: a dmca.conf in DIR (SQLite DIR/dmca.db unless a URL).
conf() {
  mkdir -p "$1"
  {
    if [ -n "${4:-}" ]; then printf '[store]\nurl = %s\n\n' "$4"
    else printf '[store]\npath = %s/dmca.db\n\n' "$1"; fi
    printf '[mediawiki]\napi = %s\nuser = DMCA-Bot@dmca\npassword_file = %s\n' "$2" "$3"
    printf 'change_tag = dmca-takedown\ncontact = dmca-bench@wikimedia.example\n'
  } >"$1/dmca.conf"
}

# queue DIR COUNT PREFIX: ingests a notice naming COUNT files and approves it.
queue() {
  "$here/make_notice.py" "$2" "$3" >"$1/notice.eml"
  (cd "$1" && "$dmca" ingest notice.eml >/dev/null && "$dmca" approve 1 --as bench >/dev/null)
}

# workers DIR K: K `dmca execute` at once; prints their wall seconds. A worker that exits 75
# (the queue was empty while another still held claims) is fine; then one more run must find
# nothing left. Any other exit status stops the benchmark.
workers() {
  local dir=$1 k=$2 pids=() start end i rc again=0
  start=$(now)
  for i in $(seq 1 "$k"); do
    (cd "$dir" && exec "$dmca" execute >"$dir/execute.$i.log" 2>&1) &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    rc=0; wait "${pids[$i]}" || rc=$?
    [ "$rc" = 75 ] && again=1
    if [ "$rc" != 0 ] && [ "$rc" != 75 ]; then
      echo "bench/wiki: worker $((i + 1)) exit $rc:" >&2; tail -5 "$dir/execute.$((i + 1)).log" >&2; exit 1
    fi
  done
  end=$(now)
  if [ "$again" = 1 ]; then
    (cd "$dir" && "$dmca" execute >"$dir/execute.again.log" 2>&1) ||
      { echo "bench/wiki: the run after the workers did not finish the queue:" >&2; tail -5 "$dir/execute.again.log" >&2; exit 1; }
  fi
  calc "$end - $start"
}

# requests FILE: the sum of the "N API requests" of every execute run logged in FILE(s).
requests() { cat "$@" | sed -n 's/.*; \([0-9]*\) API requests\?$/\1/p' | awk '{s+=$1} END {print s+0}'; }
deleted() { cat "$@" | sed -n 's/^\([0-9]*\) deleted, .*/\1/p' | awk '{s+=$1} END {print s+0}'; }

echo "== real MediaWiki 1.39 (php -S, SQLite), $n files, 1 worker"
"$root/scripts/mediawiki-test-server.sh" start "$work/wiki" auto >/dev/null
# shellcheck source=/dev/null
. "$work/wiki/env"
printf '\n$wgDebugLogGroups["api"] = "%s/api.log";\n' "$work/wiki" >>"$work/wiki/LocalSettings.php"
mkdir -p "$work/png"
files=()
for i in $(seq -f %04g 1 "$n"); do files+=("$work/png/Bench_$i.png"); done
"$root/scripts/mediawiki-make-png.py" "${files[@]}"
t0=$(now)
"$root/scripts/mediawiki-test-server.sh" upload "$work/wiki" "${files[@]}"
echo "uploaded $n files in $(calc "round($(now) - $t0, 1)") s (importImages.php; not part of the figure)"
conf "$work/real" "$MW_API" "$MW_BOT_PASSWORD_FILE"
queue "$work/real" "$n" Bench
: >"$work/wiki/api.log"
t0=$(now)
(cd "$work/real" && "$dmca" execute --verbose >"$work/real/execute.1.log" 2>"$work/real/verbose.log")
wall=$(calc "$(now) - $t0")
done_n=$(deleted "$work/real/execute.1.log")
req=$(requests "$work/real/execute.1.log")
[ "$done_n" = "$n" ] || { echo "bench/wiki: $done_n of $n deleted" >&2; tail -5 "$work/real/execute.1.log" >&2; exit 1; }
log=$work/wiki/api.log
count() { grep -c -- "$1" "$log" || true; }
logged=$(grep -c '^.*API POST' "$log" || true)
login_tokens=$(grep 'API POST' "$log" | grep -c 'meta=tokens.*type=login' || true)
logins=$(grep 'API POST' "$log" | grep -c ' action=login' || true)
csrf=$(grep 'API POST' "$log" | grep 'meta=tokens' | grep -vc 'type=login' || true)
tags=$(grep 'API POST' "$log" | grep -c 'list=tags' || true)
printf 'real wiki: %d deleted in %.1f s = %.1f deletions/s; %d API requests (%.2f per deletion)\n' \
  "$done_n" "$wall" "$(calc "$done_n / $wall")" "$req" "$(calc "$req / $done_n")"
printf '  wiki api.log: %d requests: login token %d, login %d, csrf token %d, list=tags %d; per deletion %.2f (%s)\n' \
  "$logged" "$login_tokens" "$logins" "$csrf" "$tags" \
  "$(calc "($logged - $login_tokens - $logins - $csrf - $tags) / $done_n")" \
  "$(grep 'API POST' "$log" | sed -n 's/.* action=\([a-z]*\).*/\1/p; ' | sort | uniq -c | awk '{printf "%s%s %d", (NR>1?", ":""), $2, $1}')"
grep '^steps:' "$work/real/verbose.log" | sed 's/^/  /' || true
"$root/scripts/mediawiki-test-server.sh" stop "$work/wiki"

echo "== latency_wiki.py (0 ms), $m titles, $workers workers"
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/latency.secret"; echo >>"$work/latency.secret"
chmod 600 "$work/latency.secret"
python3 "$root/tests/integration/wiki/latency_wiki.py" --port-file "$work/latency.port" \
  --password-file "$work/latency.secret" --latency-ms 0 &
latency_pid=$!
for _ in $(seq 1 100); do [ -s "$work/latency.port" ] && break; sleep 0.1; done
port=$(cat "$work/latency.port")
api=http://127.0.0.1:$port/w/api.php
pg_url=$("$root/scripts/postgres-test-server.sh" start "$work/pg" auto)
stats() { python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('http://127.0.0.1:$port/stats'))$1)"; }
for store in sqlite postgres; do
  dir=$work/$store
  if [ "$store" = sqlite ]; then conf "$dir" "$api" "$work/latency.secret"
  else conf "$dir" "$api" "$work/latency.secret" "$pg_url"; fi
  prefix=$(tr a-z A-Z <<<"${store:0:1}")${store:1}   # its own titles: the wiki is shared
  queue "$dir" "$m" "$prefix"
  before=$(stats "['requests']")
  wall=$(workers "$dir" "$workers")
  done_n=$(deleted "$dir"/execute.*.log)
  req=$(requests "$dir"/execute.*.log)
  seen=$(( $(stats "['requests']") - before ))
  twice=$(stats "['delete_calls']" | python3 -c "import ast,sys; d=ast.literal_eval(sys.stdin.read()); print(sum(1 for t,c in d.items() if t.startswith('File:$prefix') and c != 1))")
  printf '%s, %d workers: %d deleted in %.1f s = %.1f deletions/s; %d API requests (%.2f per deletion; the wiki saw %d); titles deleted more than once: %d\n' \
    "$store" "$workers" "$done_n" "$wall" "$(calc "$done_n / $wall")" "$req" \
    "$(calc "$req / max($done_n, 1)")" "$seen" "$twice"
  [ "$done_n" = "$m" ] && [ "$twice" = 0 ] || { echo "bench/wiki: $store run was not exactly once" >&2; exit 1; }
done
