#!/bin/bash
# A private, throw-away Dovecot for the mail-source integration tests.
#
#   dovecot-test-server.sh start DIR PORT_BASE   listens on 127.0.0.1:
#                                                PORT_BASE imap, +1 pop3, +2 imaps, +3 pop3s
#                                                (PORT_BASE "auto": a free one, in DIR/port_base)
#   dovecot-test-server.sh stop  DIR [fast]    fast: return once nothing listens any more
#   dovecot-test-server.sh deliver DIR USER FILE [FOLDER]   puts FILE in the user's Maildir
#   dovecot-test-server.sh adduser DIR USER PASSWORD  one more mailbox user (known within 1 s)
#
# Everything lives in DIR: the generated dovecot.conf (no system configuration is read), a
# self-signed certificate (DIR/ca.pem is the one certificate a client should trust), the
# passwd-file with the test user (DIR/credentials says which), the Maildirs, the sockets
# (base_dir), state and DIR/dovecot.log. For an SMTP server (scripts/postfix-test-server.sh):
# DIR/run/auth-smtp checks its clients' passwords against the same users (Postfix's
# smtpd_sasl_type = dovecot), and DIR/run/lmtp-smtp takes its deliveries (LMTP, RFC 2033) for
# any address into DIR/mail/ADDRESS. Every service runs as the invoking user, so the
# server needs no privileges and, run as root, touches no system account.
#
# Exit status: 0 ready; 2 usage; 3 a port in PORT_BASE..PORT_BASE+3 is taken (pick another base);
# 4 dovecot or openssl is not installed; 5 dovecot did not become ready (see DIR/dovecot.log).
set -euo pipefail

readonly kUser="legal"
readonly kPassword="s3cret-Pa55 word"  # a space: exercises quoting in IMAP LOGIN
# A second user whose password an IMAP client must send as a literal (8-bit) and whose quote
# and backslash need escaping (RFC 3501 §4.3, §9 "quoted").
readonly kUser2="notices"
readonly kPassword2=$'Gr\xc3\xbc\xc3\x9fe "q" \\ x'

usage() {
  echo "usage: $0 start DIR PORT_BASE|auto | stop DIR [fast] | deliver DIR USER FILE [FOLDER]" \
    "| adduser DIR USER PASSWORD" >&2
  exit 2
}

port_open() {  # 0 when something accepts connections on 127.0.0.1:$1
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A base port of N free consecutive loopback ports, 20000..60000 (what nothing accepts on now).
free_port_base() {
  local n="$1" base p i free
  for i in $(seq 1 50); do
    base=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    free=1
    for p in $(seq "$base" $((base + n - 1))); do
      port_open "$p" && { free=0; break; }
    done
    [[ $free -eq 1 ]] && { echo "$base"; return 0; }
  done
  echo "no $n free consecutive ports found" >&2
  exit 3
}

children_of() {  # the pids whose parent is $1, from /proc (procps may not be installed)
  local parent="$1" stat line fields
  for stat in /proc/[0-9]*/stat; do
    { read -r line < "$stat"; } 2>/dev/null || continue  # it may have exited meanwhile
    read -ra fields <<< "${line##*) }"  # after "pid (comm) ": state ppid ...
    if [[ "${fields[1]:-}" == "$parent" ]]; then
      stat="${stat#/proc/}"
      echo "${stat%/stat}"
    fi
  done
}

# $DMCA_DOVECOT names another binary (or a missing one, to see the tests fail as they must).
find_dovecot() {
  DOVECOT="${DMCA_DOVECOT:-$(command -v dovecot || true)}"
  [[ -z "$DOVECOT" && -x /usr/sbin/dovecot ]] && DOVECOT=/usr/sbin/dovecot
  if [[ ! -x "$DOVECOT" ]]; then
    echo "dovecot is not installed (Debian: apt-get install dovecot-imapd dovecot-pop3d)" >&2
    exit 4
  fi
  if [[ ! -x /usr/lib/dovecot/imap || ! -x /usr/lib/dovecot/pop3 ]]; then
    echo "dovecot's imap or pop3 server is missing (apt-get install dovecot-imapd dovecot-pop3d)" >&2
    exit 4
  fi
  command -v openssl >/dev/null || { echo "openssl is not installed" >&2; exit 4; }
}

# Debian's dovecot-core creates dovenull for exactly this; otherwise make a system account.
unprivileged_user() {
  local name
  for name in dovenull dovecot nobody; do
    if id -u "$name" >/dev/null 2>&1; then echo "$name"; return; fi
  done
  useradd --system --no-create-home --shell /usr/sbin/nologin dmca-dovecot >/dev/null 2>&1 || true
  echo dmca-dovecot
}

write_config() {
  local dir="$1" base="$2" user group uid gid login_user internal_user internal_group
  user="$(id -un)"; group="$(id -gn)"; uid="$(id -u)"; gid="$(id -g)"
  login_user="$user"; internal_user="$user"; internal_group="$group"
  if [[ "$uid" -eq 0 ]]; then
    login_user="$(unprivileged_user)"; internal_user="$login_user"
    internal_group="$(id -gn "$login_user")"
    # Dovecot refuses mail access as root: the Maildirs belong to nobody's uid instead.
    uid="$(id -u nobody 2>/dev/null || echo 65534)"; gid="$(id -g nobody 2>/dev/null || echo 65534)"
    # The login and mail processes must reach their sockets under base_dir and the Maildirs.
    chmod 0755 "$dir"
  fi
  echo "$uid:$gid" > "$dir/mail_owner"
  mkdir -p "$dir/run" "$dir/state" "$dir/mail" "$dir/home"
  if [[ ! -f "$dir/cert.pem" ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
    chmod 600 "$dir/key.pem"
    cp "$dir/cert.pem" "$dir/ca.pem"
  fi
  # uid and gid come from mail_uid/mail_gid: passwd-file rejects a literal 0.
  {
    printf '%s:{PLAIN}%s:::::%s::\n' "$kUser" "$kPassword" "$dir/home/$kUser"
    printf '%s:{PLAIN}%s:::::%s::\n' "$kUser2" "$kPassword2" "$dir/home/$kUser2"
  } > "$dir/passwd"
  printf 'user=%s\npassword=%s\nuser2=%s\npassword2=%s\n' "$kUser" "$kPassword" "$kUser2" \
    "$kPassword2" > "$dir/credentials"
  chown "$uid:$gid" "$dir/mail" "$dir/home"
  # LMTP (dovecot-lmtpd) only where installed: the POP3 and IMAP tests do without it.
  local lmtp_protocol="" lmtp_service=""
  if [[ -x /usr/lib/dovecot/lmtp ]]; then
    lmtp_protocol=" lmtp"
    # Where an SMTP server delivers (Postfix: virtual_transport = lmtp:unix:DIR/run/lmtp-smtp).
    lmtp_service="service lmtp {
  unix_listener lmtp-smtp {
    mode = 0666
  }
}"
  fi
  cat > "$dir/dovecot.conf" <<EOF
# Generated by scripts/dovecot-test-server.sh; a test server, not a template for production.
protocols = imap pop3$lmtp_protocol
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
instance_name = dmca-test-$base
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
debug_log_path = $dir/dovecot.log
# Every process runs as the invoking user. Dovecot refuses root for login processes ("must not
# be run as root") and for mail access, so as root they use unprivileged accounts instead.
default_login_user = $login_user
default_internal_user = $internal_user
default_internal_group = $internal_group
first_valid_uid = $uid
last_valid_uid = $uid
first_valid_gid = $gid
mail_uid = $uid
mail_gid = $gid
login_trusted_networks =
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
# Tests try wrong passwords on purpose; the default 2 s penalty would only slow them down.
auth_failure_delay = 0
# No statistics: login processes would otherwise hold up shutdown waiting for the stats handshake.
stats_writer_socket_path =
ssl = yes
ssl_cert = <$dir/cert.pem
ssl_key = <$dir/key.pem
ssl_min_protocol = TLSv1.2
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/passwd
}
# Mail delivered over LMTP (an SMTP server's) is kept for any address, in the Maildir named after
# it; reading it over IMAP takes a password ("adduser").
userdb {
  driver = static
  args = allow_all_users=yes
}
mail_location = maildir:$dir/mail/%u
namespace inbox {
  inbox = yes
  separator = /
  mailbox Archive {
    auto = create
  }
}
pop3_uidl_format = %08Xu%08Xv
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $base
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $((base + 2))
    ssl = yes
  }
}
service pop3-login {
  chroot =
  inet_listener pop3 {
    address = 127.0.0.1
    port = $((base + 1))
  }
  inet_listener pop3s {
    address = 127.0.0.1
    port = $((base + 3))
    ssl = yes
  }
}
service anvil {
  chroot =
  # Mode 0 turns off the growing per-IP delay after failed logins (the tests fail some on
  # purpose).
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
$lmtp_service
service auth {
  user = $user
  # For an SMTP server's SASL (Postfix's smtpd, which runs as its own unprivileged user).
  unix_listener auth-smtp {
    mode = 0666
  }
}
service auth-worker {
  user = $user
}
service stats {
  chroot =
}
EOF
}

start() {
  [[ $# -eq 2 ]] || usage
  local dir base
  dir="$(mkdir -p "$1" && cd "$1" && pwd)"
  base="$2"
  find_dovecot
  if [[ "$base" == auto ]]; then
    base="$(free_port_base 4)"
  else
    [[ "$base" =~ ^[0-9]+$ && "$base" -ge 1024 && "$base" -le 65532 ]] || usage
    for p in "$base" $((base + 1)) $((base + 2)) $((base + 3)); do
      if port_open "$p"; then
        echo "port $p is in use" >&2
        exit 3
      fi
    done
  fi
  echo "$base" > "$dir/port_base"
  write_config "$dir" "$base"
  if ! "$DOVECOT" -c "$dir/dovecot.conf" 2>>"$dir/dovecot.log"; then
    echo "dovecot failed to start:" >&2
    tail -n 20 "$dir/dovecot.log" >&2
    if grep -q "Address already in use" "$dir/dovecot.log"; then exit 3; fi
    exit 5
  fi
  local i p ready
  for i in $(seq 1 100); do
    ready=1
    for p in "$base" $((base + 1)) $((base + 2)) $((base + 3)); do
      port_open "$p" || { ready=0; break; }
    done
    [[ $ready -eq 1 ]] && { echo "dovecot ready on 127.0.0.1:$base-$((base + 3)) in $dir"; return 0; }
    sleep 0.1
  done
  echo "dovecot did not become ready in 10 s:" >&2
  tail -n 20 "$dir/dovecot.log" >&2
  stop "$dir" || true
  exit 5
}

stop() {
  [[ $# -eq 1 || ( $# -eq 2 && "$2" == "fast" ) ]] || usage
  local dir="$1" fast="${2:-}" pid i children base p open
  [[ -f "$dir/dovecot.conf" ]] || return 0
  pid="$(cat "$dir/run/master.pid" 2>/dev/null || true)"
  base="$(sed -n 's/^instance_name = dmca-test-//p' "$dir/dovecot.conf")"
  [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || return 0
  # SIGTERM makes the master stop its children and exit, but login processes that served a
  # readiness probe can keep it waiting for seconds; a test server has nothing to save, so its
  # remaining children (by pid, this server's only) are killed after half a second.
  for i in $(seq 1 10); do
    [[ -n "$(children_of "$pid")" ]] || break
    sleep 0.05
  done
  children="$(children_of "$pid")"
  [[ -n "$children" ]] && kill -KILL $children 2>/dev/null
  # The master itself lingers about 1.7 s more. "fast": return as soon as nothing listens any
  # more and let it finish alone (a test's teardown); otherwise wait, so that DIR can be started
  # again (dovecot refuses to start while its master.pid names a live process).
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    if [[ -n "$fast" && -n "$base" ]]; then
      open=0
      for p in "$base" $((base + 1)) $((base + 2)) $((base + 3)); do
        port_open "$p" && open=1
      done
      [[ $open -eq 0 ]] && return 0
    fi
    sleep 0.05
  done
  echo "dovecot $pid did not stop in 5 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

# Writes FILE into the Maildir as a new message (Maildir's tmp/ then rename into new/, so a
# running server never sees a partial file). FOLDER is a Maildir++ folder ("Archive").
deliver() {
  [[ $# -eq 3 || $# -eq 4 ]] || usage
  local dir="$1" user="$2" file="$3" folder="${4:-}" box name
  box="$dir/mail/$user"
  [[ -n "$folder" ]] && box="$box/.$folder"
  mkdir -p "$box/tmp" "$box/new" "$box/cur"
  name="$(date +%s).M$RANDOM$RANDOM.P$$.dmca-test"
  cp "$file" "$box/tmp/$name"
  chown -R "$(cat "$dir/mail_owner")" "$dir/mail/$user"
  mv "$box/tmp/$name" "$box/new/$name"
  echo "$box/new/$name"
}

# A running server reads passwd-file again when it changes, checking at most once a second, so a
# login may fail for up to a second after this returns. A user added again gets the new password.
add_user() {
  [[ $# -eq 3 ]] || usage
  local dir="$1" user="$2" password="$3"
  [[ -f "$dir/passwd" ]] || { echo "no test Dovecot in $dir" >&2; exit 2; }
  [[ "$user" =~ ^[A-Za-z0-9._+@-]+$ && "$password" != *$'\n'* && "$password" != *:* ]] || usage
  {
    awk -F: -v user="$user" '$1 != user' "$dir/passwd"
    printf '%s:{PLAIN}%s:::::%s::\n' "$user" "$password" "$dir/home/$user"
  } > "$dir/passwd.new"
  mv "$dir/passwd.new" "$dir/passwd"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  adduser) shift; add_user "$@" ;;
  stop) shift; stop "$@" ;;
  deliver) shift; deliver "$@" ;;
  *) usage ;;
esac
