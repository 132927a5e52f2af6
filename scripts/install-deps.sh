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
# Postfix asks what kind of mail system this machine is (debconf). The tests run a private
# instance of their own (scripts/postfix-test-server.sh), so a fresh install sets up no system
# MTA; a machine that already has one keeps it (preseeding only answers a question not yet asked).
case " $missing " in
  *" postfix "*)
    echo "postfix postfix/main_mailer_type select No configuration" |
      ${SUDO:-} debconf-set-selections ;;
esac
# Debian's dovecot, postgresql and postfix packages try to start their system services; there is
# no init system in a container, and the tests start private instances of their own.
${SUDO:-} apt-get install -y -qq --no-install-recommends $missing
