#!/bin/bash
# The Debian package as a user installs it: package_test.sh BUILD_DIR.
# Builds the .deb with CPack, checks its control data and contents, unpacks it into a temporary
# root (dpkg -x) and runs the packaged `dmca doctor` there: with no configuration, and with the
# example /etc/dmca/dmca.conf, it must name what is missing, one line each, and exit 1.
# (A `dpkg -i` on a fresh Debian 12 machine is the same package; see packaging/.)
set -euo pipefail
build=$(cd "${1:?usage: package_test.sh BUILD_DIR}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack"; }
deb=$(ls "$work"/out/dmca_*.deb)
echo "built $(basename "$deb")"
info=$(dpkg-deb --info "$deb")
for dep in libsodium23 libpoco adduser; do
  grep -q "Depends:.*$dep" <<<"$info" || fail "the package does not depend on $dep"
done
contents=$(dpkg-deb --contents "$deb")
for f in ./usr/bin/dmca ./etc/dmca/dmca.conf ./usr/lib/systemd/system/dmca-serve.service \
         ./usr/lib/systemd/system/dmca-tick.service ./usr/lib/systemd/system/dmca-tick.timer \
         ./usr/share/dmca/templates/web/case.mustache; do
  grep -q " $f\$" <<<"$contents" || fail "the package lacks $f"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -q conffiles || fail "no conffiles"

dpkg -x "$deb" "$work/root"
dmca=$work/root/usr/bin/dmca
mkdir "$work/empty"
cd "$work/empty"
"$dmca" --version
set +e
DMCA_CONFIG= out=$("$dmca" doctor 2>&1); code=$?
set -e
echo "$out"
[ "$code" = 1 ] || fail "doctor without a configuration exited $code, not 1"
grep -q '^FAIL configuration: no configuration file' <<<"$out" || fail "doctor does not say the configuration is missing"

set +e
out=$("$dmca" --config "$work/root/etc/dmca/dmca.conf" doctor 2>&1); code=$?
set -e
echo "$out"
[ "$code" = 1 ] || fail "doctor with the example configuration exited $code, not 1"
grep -q '^ok   configuration: ' <<<"$out" || fail "the example configuration does not load"
grep -q '^FAIL store: no store at /var/lib/dmca/dmca.db' <<<"$out" || fail "doctor does not name the missing store"
grep -q '^FAIL wiki credentials: \[mediawiki\] user and password_file are not set' <<<"$out" ||
  fail "doctor does not name the missing wiki account"
if command -v systemd-analyze >/dev/null 2>&1; then
  for unit in dmca-serve.service dmca-tick.service dmca-tick.timer; do
    systemd-analyze verify --man=no "$work/root/usr/lib/systemd/system/$unit" 2>&1 |
      grep -v 'dmca: No such file\|Failed to prepare filename\|Command .* is not executable' || true
  done
fi
echo "package test passed"
