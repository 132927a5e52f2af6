#!/bin/bash
# `make demo`: the main job on the bundled sample Maildir with the embedded default store
# (./dmca.db, SQLite), acting on a real, throwaway MediaWiki on loopback (the one the tests use,
# scripts/mediawiki-test-server.sh, with uploads standing in for the sample notices' files):
# ingest, understand, queue; approve the complete takedowns as a staff member would; execute
# the deletions on the wiki; print what the wiki's deletion log now says; publish the archive
# pages on the wiki (printing their URLs); build the archive folder.
#   scripts/demo.sh [DMCA] [--dry-run]   --dry-run: no wiki; print the API calls instead.
# Running it again changes nothing: the store de-duplicates every message, and the deletions
# already done are not done again.
set -euo pipefail
cd "$(dirname "$0")/.."
DMCA=build/dmca
DRY_RUN=
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    *) DMCA=$arg ;;
  esac
done
OUT=demo-out
WIKI=$OUT/wiki

# Work on a copy: ingestion moves deliveries from new/ to cur/, and samples/ stays pristine.
rm -rf "$OUT/maildir"
mkdir -p "$OUT"
cp -r samples/maildir "$OUT/maildir"

if [ -z "$DRY_RUN" ]; then
  echo "== a throwaway MediaWiki on loopback ($WIKI)"
  if [ -f "$WIKI/env" ] && . "$WIKI/env" &&
     python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' \
       "$MW_API?action=query&format=json" 2>/dev/null; then
    echo "already running at $MW_API"
  else
    scripts/mediawiki-test-server.sh start "$WIKI" auto >/dev/null
    . "$WIKI/env"
    echo "started at $MW_API"
    # The files the sample notices name, uploaded by a test user (one wiki stands in for
    # Commons and the Wikipedias).
    files=$WIKI/uploads
    mkdir -p "$files"
    python3 scripts/mediawiki-make-png.py "$files/Sunset over Example Bay.jpg" \
      "$files/Sunset over Example Bay (crop).jpg"
    printf '%s\n' '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="40">' \
      '<path d="M4 36 L30 6 L60 30" stroke="#36c" stroke-width="4" fill="none"/></svg>' \
      >"$files/Example City transit map 2025.svg"
    scripts/mediawiki-test-server.sh upload "$WIKI" "$files"/* >/dev/null
    echo "uploaded: $(cd "$files" && ls | paste -sd, | sed 's/,/, /g')"
  fi
  cat >"$OUT/dmca.conf" <<CONF
[store]
path = ./dmca.db
[archive]
out = $OUT/archive
[mediawiki]
api = $MW_API
user = $MW_BOT_USER
password_file = $MW_BOT_PASSWORD_FILE
change_tag = $MW_CHANGE_TAG
contact = dmca-demo@example.org
CONF
  export DMCA_CONFIG=$OUT/dmca.conf
fi

echo
echo "== ingest $OUT/maildir"
"$DMCA" ingest "$OUT/maildir"

echo
echo "== what awaits whom"
"$DMCA" queue

echo
echo "== approve the complete takedowns (as demo-staff)"
for id in $("$DMCA" cases --state pending_approval --ids); do
  "$DMCA" approve "$id" --as demo-staff --note "Reviewed in make demo"
done

echo
if [ -n "$DRY_RUN" ]; then
  echo "== execute (dry run: the MediaWiki API calls it would make)"
  "$DMCA" execute --dry-run
else
  echo "== execute the approved deletions on $MW_API"
  "$DMCA" execute
  echo
  echo "== the wiki's deletion and protection logs now say"
  python3 - "$MW_API" <<'PY'
import json, sys, urllib.parse, urllib.request
api = sys.argv[1]
for kind in ("delete", "protect"):
    query = urllib.parse.urlencode({"action": "query", "list": "logevents", "letype": kind,
                                    "leprop": "ids|title|type|user|timestamp|comment|tags",
                                    "lelimit": "50", "format": "json", "formatversion": "2"})
    with urllib.request.urlopen(api + "?" + query) as reply:
        events = json.load(reply)["query"]["logevents"]
    for e in reversed(events):
        print(f"log {e['logid']:>3}  {e['timestamp']}  {e['user']}  {e['action']:<7} "
              f"{e['title']}  [{', '.join(e.get('tags', []))}]  {e.get('comment', '')}")
PY
fi

if [ -z "$DRY_RUN" ]; then
  echo
  echo "== publish the archive pages on $MW_API (the Foundation page, the Commons list, the"
  echo "   village pump, the uploaders' talk pages); a repeated run writes nothing new"
  "$DMCA" archive publish | tee "$OUT/publish.log"
  if grep -q '^wrote ' "$OUT/publish.log"; then
    echo "Pages written:"
    sed -n 's/^wrote \([^ ]*\).*/  \1/p' "$OUT/publish.log"
  fi
fi

echo
echo "== build the archive folder (staff site, statistics, wikitext, Lumen JSON, XML dumps)"
"$DMCA" archive build --out "$OUT/archive"

echo
echo "== cases"
"$DMCA" cases

echo
echo "Store:    $(pwd)/dmca.db"
echo "Archive:  $(pwd)/$OUT/archive (index.html, stats.html)"
echo "Maildir:  $(pwd)/$OUT/maildir (delivered messages moved to cur/)"
if [ -z "$DRY_RUN" ]; then
  echo "Wiki:     $MW_BASE (still running; stop it with: scripts/mediawiki-test-server.sh stop $WIKI)"
  echo "Case:     $DMCA --config $OUT/dmca.conf cases show 1"
fi
