#!/bin/sh
# Installs the Debian packages named in $PACKAGES that are not installed yet.
# `apt-get update` runs once, and only when something is missing.
set -eu
missing=""
for pkg in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
${SUDO:-} apt-get update -qq
# Debian's dovecot and postgresql packages try to start their system services; there is no init
# system in a container, and the tests start private instances of their own.
${SUDO:-} apt-get install -y -qq --no-install-recommends $missing
