#!/bin/bash
# `dmca serve` under load on loopback (Debian's wrk): bench/web/run.sh BUILD_DIR [SECONDS] [CASES]
#  1. the review queue (/) and a case page (/cases/1) as a logged-in approver, 100 concurrent
#     connections for SECONDS (default 10) each: requests/s and latency percentiles;
#  2. the counter-notice form flooded from one address by 100 connections for SECONDS, while 20
#     valid counter-notices arrive from 20 other addresses: the flood must be rate-limited (429)
#     and every valid one received (201) and stored as a counter-notice case.
# The store holds CASES takedowns (default 300), each naming 3 files.
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR [SECONDS] [CASES]}" && pwd)
seconds=${2:-10}
cases=${3:-300}
here=$(cd "$(dirname "$0")" && pwd)
dmca=$build/dmca
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
cat >"$work/dmca.conf" <<CONF
[store]
path = $work/dmca.db
[serve]
listen = 127.0.0.1:$port
trusted_proxies = 127.0.0.1
access_log = $work/access.log
CONF
conf=(--config "$work/dmca.conf")

mkdir -p "$work/mail/new" "$work/mail/cur" "$work/mail/tmp"
python3 - "$work/mail/new" "$cases" <<'PY'
import sys
folder, n = sys.argv[1], int(sys.argv[2])
for i in range(1, n + 1):
    urls = "\r\n".join(f"https://commons.wikimedia.org/wiki/File:Bench-{i}-{k}.jpg" for k in (1, 2, 3))
    with open(f"{folder}/{i:06d}.bench.eml", "w", newline="") as f:
        f.write(f"""From: Casey Example <rights{i}@examplestock.example>\r
To: legal@wikimedia.org\r
Subject: DMCA notice {i}\r
Date: Mon, 23 Nov 2026 09:15:00 -0800\r
Message-ID: <bench-{i}@examplestock.example>\r
\r
I am writing on behalf of Example Stock Images, the owner of the exclusive copyrights in the\r
photographs of our "Harbour Lights" series (2024).\r
\r
The following material hosted on your sites infringes that copyright:\r
\r
{urls}\r
\r
I have a good faith belief that use of the copyrighted materials described above is not\r
authorized by the copyright owner, its agent, or the law.\r
\r
I swear, under penalty of perjury, that the information in this notification is accurate and\r
that I am authorized to act on behalf of the owner of the exclusive right that is allegedly\r
infringed.\r
\r
/s/ Casey Example\r
1 Example Plaza, Springfield, IL 62701, United States\r
Tel: +1 (555) 010-2000\r
""")
PY
"$dmca" "${conf[@]}" ingest "$work/mail" >/dev/null
echo 'bench-approver-password' | "$dmca" "${conf[@]}" user add bench --role approver >/dev/null
"$dmca" "${conf[@]}" serve >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/serve.log" && break; sleep 0.1; done

jar=$work/cookies
form=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -s -o /dev/null -b "$jar" -c "$jar" --data "csrf=$form&user=bench&password=bench-approver-password" "$base/login"
session=$(awk '$6 == "dmca_session" {print $7}' "$jar")
[ -n "$session" ] || { echo "bench/web: could not log in" >&2; exit 1; }

echo "$cases takedowns in the store; wrk -t2 -c100 -d${seconds}s; $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
# The queue page is computed at most every 2 s (WebApp::kQueueTtl): its cost when it is.
cold=()
for _ in 1 2 3; do
  sleep 2.1
  cold+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: dmca_session=$session" "$base/")")
done
echo "== GET / with the queue recomputed (one client, 3 tries): ${cold[*]} s"
for page in / /cases/1; do
  echo "== GET $page (logged in)"
  wrk -t2 -c100 -d"${seconds}s" --latency -H "Cookie: dmca_session=$session" "$base$page" |
    grep -E 'Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors'
done

echo "== POST /counter-notice: a flood from one address, 20 valid ones from 20 others"
token=$(curl -s -c "$jar" -b "$jar" "$base/counter-notice" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
FORM_TOKEN=$token wrk -t2 -c100 -d"${seconds}s" -s "$here/flood.lua" "$base/counter-notice" \
  >"$work/flood.txt" 2>&1 &
flood=$!
sleep 1
received=0
for i in $(seq 20); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: 198.51.100.$i" \
    -H "Cookie: dmca_form=$token" \
    --data-urlencode "csrf=$token" \
    --data-urlencode "material=https://commons.wikimedia.org/wiki/File:Bench-$i-1.jpg" \
    --data-urlencode "name=Uploader $i" --data-urlencode "address=$i Sample Road, Leeds" \
    --data-urlencode "phone=+44 113 496 00$i" --data-urlencode "email=up$i@example.net" \
    --data-urlencode "mistake=yes" --data-urlencode "jurisdiction=yes" \
    --data-urlencode "signature=Uploader $i" "$base/counter-notice")
  [ "$code" = 201 ] && received=$((received + 1))
done
wait "$flood"
grep -E 'Requests/sec|requests in|flood status|99%' "$work/flood.txt" || cat "$work/flood.txt"
stored=$("$dmca" "${conf[@]}" cases --kind counter_notice --ids | wc -l)
echo "valid counter-notices during the flood: 20 sent, $received received (201), $stored stored"
[ "$received" = 20 ] && [ "$stored" = 20 ] || { echo "bench/web: valid submissions were lost" >&2; exit 1; }
