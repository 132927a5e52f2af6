#!/bin/bash
# A private PostgreSQL cluster on loopback for the store's tests:
#   postgres-test-server.sh start DIR [PORT] -> prints a libpq connection string, also written
#                                               to DIR/url (PORT "auto" or absent: a free one)
#   postgres-test-server.sh stop DIR
# PostgreSQL refuses to run as root, so the cluster belongs to the `postgres` system user that
# Debian's package creates. Nothing outside DIR is touched; no system cluster is used.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "postgres-test-server: PostgreSQL is not installed (make deps)" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    port=${3:-auto}
    if [ "$port" = auto ]; then
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    fi
    "$0" stop "$dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    # The postgres user must be able to reach DIR through its parents (mktemp makes them 0700).
    p=$(dirname "$dir"); while [ "$p" != / ]; do chmod a+x "$p" 2>/dev/null || true; p=$(dirname "$p"); done
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U dmca --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U dmca dmca
    echo "host=127.0.0.1 port=$port dbname=dmca user=dmca" | tee "$dir/url"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    ;;
  *) echo "usage: $0 start DIR [PORT|auto] | stop DIR" >&2; exit 2 ;;
esac
