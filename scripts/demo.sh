#!/bin/bash
# `make demo`: the main job on the bundled sample Maildir with the embedded default store
# (./dmca.db, SQLite). Ingest, understand, queue; approve the complete takedowns as a staff
# member would; execute them in dry-run (printing the API calls); build the archive pages.
# Running it again changes nothing: the store de-duplicates every message.
set -euo pipefail
cd "$(dirname "$0")/.."
DMCA=${1:-build/dmca}
OUT=demo-out

# Work on a copy: ingestion moves deliveries from new/ to cur/, and samples/ stays pristine.
rm -rf "$OUT/maildir"
mkdir -p "$OUT"
cp -r samples/maildir "$OUT/maildir"

echo "== ingest $OUT/maildir"
"$DMCA" ingest "$OUT/maildir"

echo
echo "== approve the complete takedowns (as demo-staff)"
for id in $("$DMCA" cases --state pending_approval --ids); do
  "$DMCA" approve "$id" --as demo-staff --note "Reviewed in make demo"
done

echo
echo "== execute approved deletions (dry run: the MediaWiki API calls it would make)"
"$DMCA" execute --dry-run

echo
echo "== build the public archive pages"
"$DMCA" archive build --out "$OUT/archive"

echo
echo "== cases"
"$DMCA" cases

echo
echo "Store:    $(pwd)/dmca.db"
echo "Archive:  $(pwd)/$OUT/archive"
echo "Maildir:  $(pwd)/$OUT/maildir (delivered messages moved to cur/)"
