#!/bin/bash
# Installs the e2e test's one npm dependency (playwright-core, pinned by package-lock.json) into
# a folder of the build tree: npm-setup.sh SOURCE_DIR DEST_DIR. Runs `npm ci` only when the lock
# file changed since the last install, so repeated test runs need no network.
set -euo pipefail
src=$1 dest=$2
mkdir -p "$dest"
if [ -d "$dest/node_modules/playwright-core" ] && cmp -s "$src/package-lock.json" "$dest/package-lock.json"; then
  exit 0
fi
cp "$src/package.json" "$src/package-lock.json" "$dest/"
cd "$dest"
npm ci --no-audit --no-fund --loglevel=error
