#!/bin/bash
# A throwaway MediaWiki 1.39 (Debian's package, code in /usr/share/mediawiki) on loopback for the
# takedown tests and the demo:
#   mediawiki-test-server.sh start DIR [PORT|auto]   -> installs a fresh wiki into DIR (SQLite),
#       serves it with `php -S 127.0.0.1:PORT` and prints the api.php URL (PORT "auto" or absent:
#       a free one). DIR/env says the rest as shell-sourceable KEY=value lines:
#         MW_API MW_BASE MW_PORT MW_BOT_USER MW_BOT_PASSWORD_FILE MW_CHANGE_TAG MW_DIR
#   mediawiki-test-server.sh upload DIR [--user NAME] FILE...
#       imports each FILE as File:<its base name> (MediaWiki capitalises the first letter), by the
#       user Uploader or NAME (created when missing); an existing name gets a new version.
#   mediawiki-test-server.sh import DIR FILE
#       imports the XML dump FILE (Special:Export's format) with maintenance/importDump.php, as
#       a wiki's administrator would move the archive's pages into another wiki.
#   mediawiki-test-server.sh stop DIR   -> stops DIR's server; quiet when none runs.
#
# The wiki: the installer's Admin (sysop, bureaucrat; password in DIR/admin.secret); Uploader;
# DMCA-Bot (sysop, bot) with the bot password DMCA-Bot@dmca (DIR/bot.secret, mode 600, never
# printed); the change tag dmca-takedown, defined and active; uploads of png/jpg/jpeg into
# DIR/images; a Legal namespace (100, talk 101); no `commons` interwiki prefix, so "Commons:..."
# is an ordinary main-namespace title here; no e-mail; no login throttle.
#
# Options, read by `start`:
#   MW_RATE_LIMIT="N SECONDS"  at most N per SECONDS for every logged-in user (DMCA-Bot too: the
#       noratelimit right is taken from sysop, bot and bureaucrat) on the rate-limit keys 'edit'
#       and 'delete'. MediaWiki 1.39 consults $wgRateLimits (User::pingLimiter) only for edit
#       (action=edit, creations included), move, upload, rollback, purge, changetag (action=tag),
#       stashedit, editcontentmodel, linkpurge and the mail actions; delete, undelete and protect
#       never ask it, so the 'delete' entry is inert on 1.39 (kept for newer versions).
#   Forced maxlag: while the file DIR/lag-count holds a number > 0, each API request that sends
#       maxlag= takes one off it and sees a replication lag of 10 s (so maxlag=5 gets the error
#       code maxlag, HTTP 200, Retry-After: 5); without the file, the real lag (0).
#
# Runs as root (CI does) or as any user who can write DIR. Nothing outside DIR is touched: no
# system web server or LocalSettings.php is used (Debian's package also pulls in apache2, which
# this never starts or reconfigures).
set -euo pipefail
cmd=${1:?start|upload|stop}
dir=${2:?DIR}
mw=/usr/share/mediawiki
[ -f "$mw/maintenance/install.php" ] ||
  { echo "mediawiki-test-server: MediaWiki is not installed (make deps)" >&2; exit 1; }
command -v php >/dev/null || { echo "mediawiki-test-server: php is not installed (make deps)" >&2; exit 1; }
dir=$(realpath -m "$dir")

# A maintenance script against DIR's wiki; output to DIR/maintenance.log, shown on failure.
# MAINT_SECRET_LAST=1: the last argument is a password, left out of the log.
maint() {
  local script=$1; shift
  # MAINT_LOG: a log of the call's own (concurrent uploads must not read each other's output).
  local log=${MAINT_LOG:-$dir/maintenance.log}
  if [ -n "${MAINT_SECRET_LAST:-}" ]; then
    echo "== $script ${*:1:$#-1} <password>" >>"$log"
  else
    echo "== $script $*" >>"$log"
  fi
  if ! MW_CONFIG_FILE=$dir/LocalSettings.php php "$mw/maintenance/$script.php" "$@" \
      >>"$log" 2>&1; then
    echo "mediawiki-test-server: $script failed:" >&2
    tail -20 "$log" >&2
    return 1
  fi
}

random_secret() { # 32 lower-case letters and digits
  python3 -c 'import secrets,string; a=string.ascii_lowercase+string.digits; print("".join(secrets.choice(a) for _ in range(32)))'
}

api_up() { # does DIR's api.php answer a siteinfo query?
  python3 - "$1" <<'PY'
import json, sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1] + "?action=query&meta=siteinfo&format=json", timeout=10) as r:
        sys.exit(0 if "general" in json.load(r).get("query", {}) else 1)
except Exception:
    sys.exit(1)
PY
}

running() { # PID: alive and not a zombie waiting for its (adoptive) parent to reap it
  local state
  state=$(sed 's/.*) //' 2>/dev/null <"/proc/$1/stat" | cut -d' ' -f1) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

ensure_user() { # NAME: create the account with a random, unused password when it is missing
  if ! MW_CONFIG_FILE=$dir/LocalSettings.php php "$mw/maintenance/createAndPromote.php" --force "$1" \
      >/dev/null 2>&1; then
    MAINT_SECRET_LAST=1 maint createAndPromote "$1" "$(random_secret)"
  fi
}

case "$cmd" in
  start)
    port=${3:-auto}
    if [ "$port" = auto ]; then
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    fi
    case "$port" in ''|*[!0-9]*) echo "mediawiki-test-server: bad port '$port'" >&2; exit 2 ;; esac
    rate_n="" rate_s=""
    if [ -n "${MW_RATE_LIMIT:-}" ]; then
      read -r rate_n rate_s <<<"$MW_RATE_LIMIT"
      case "$rate_n:$rate_s" in
        *[!0-9:]*|:*|*:) echo "mediawiki-test-server: MW_RATE_LIMIT must be \"N SECONDS\"" >&2; exit 2 ;;
      esac
    fi
    # DIR is emptied: refuse one that holds something other than an earlier wiki of this script.
    if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && [ ! -f "$dir/maintenance.log" ]; then
      echo "mediawiki-test-server: $dir is not empty and not a test wiki; not removing it" >&2; exit 1
    fi
    "$0" stop "$dir"
    rm -rf "$dir"
    mkdir -p "$dir"/{db,images,deleted,tmp,cache}
    chmod 700 "$dir"
    base=http://127.0.0.1:$port
    api=$base/api.php
    : >"$dir/maintenance.log"

    (umask 077; random_secret >"$dir/admin.secret")
    # The installer writes LocalSettings.php straight into DIR (--confpath) and the SQLite files
    # into DIR/db; scriptpath "" puts api.php at the root of php -S's docroot.
    if ! (cd "$mw" && php maintenance/install.php --dbtype sqlite --dbpath "$dir/db" \
          --dbname wiki --server "$base" --scriptpath "" --confpath "$dir" \
          --passfile "$dir/admin.secret" --lang en --skins Vector \
          "DMCA test wiki" Admin >"$dir/install.log" 2>&1); then
      echo "mediawiki-test-server: install.php failed:" >&2; tail -20 "$dir/install.log" >&2; exit 1
    fi
    [ -f "$dir/LocalSettings.php" ] ||
      { echo "mediawiki-test-server: install.php wrote no LocalSettings.php" >&2; exit 1; }

    cat >>"$dir/LocalSettings.php" <<'PHP'

# ---- Test settings added by scripts/mediawiki-test-server.sh ----
$dmcaTestDir = __DIR__;
$wgMainCacheType = CACHE_DB;
$wgSessionCacheType = CACHE_DB;
$wgCacheDirectory = "$dmcaTestDir/cache";
$wgTmpDirectory = "$dmcaTestDir/tmp";
$wgShowExceptionDetails = true;
$wgPingback = false;

$wgEnableUploads = true;
$wgFileExtensions = [ 'png', 'jpg', 'jpeg', 'svg' ];
$wgUploadDirectory = "$dmcaTestDir/images";
$wgUploadPath = "$wgScriptPath/images";    # served from DIR/images by DIR/router.php
$wgDeletedDirectory = "$dmcaTestDir/deleted";
$wgUseImageMagick = false;                 # no thumbnails needed; the API reports originals
$wgUseInstantCommons = false;

$wgExtraNamespaces[100] = 'Legal';
$wgExtraNamespaces[101] = 'Legal_talk';

$wgEnableEmail = false;
$wgEnableUserEmail = false;
$wgEmailAuthentication = false;
$wgEnotifUserTalk = false;
$wgEnotifWatchlist = false;

$wgEnableBotPasswords = true;
$wgPasswordAttemptThrottle = [];           # tests log in many times

# Forced maxlag: while DIR/lag-count holds N > 0, a request that checks maxlag takes one off N
# and sees 10 s of lag. flock() keeps the read-modify-write whole (php -S serves one at a time).
$wgHooks['ApiMaxLagInfo'][] = static function ( &$lagInfo ) use ( $dmcaTestDir ) {
	$fh = @fopen( "$dmcaTestDir/lag-count", 'r+' );
	if ( !$fh ) {
		return;
	}
	if ( flock( $fh, LOCK_EX ) ) {
		$n = (int)trim( (string)stream_get_contents( $fh ) );
		if ( $n > 0 ) {
			ftruncate( $fh, 0 );
			rewind( $fh );
			fwrite( $fh, ( $n - 1 ) . "\n" );
			fflush( $fh );
			$lagInfo = [ 'host' => 'forced-lag-test', 'lag' => 10, 'type' => 'db' ];
		}
		flock( $fh, LOCK_UN );
	}
	fclose( $fh );
};
PHP
    if [ -n "$rate_n" ]; then
      cat >>"$dir/LocalSettings.php" <<PHP

# MW_RATE_LIMIT="$rate_n $rate_s": low limits that bind DMCA-Bot too. In 1.39 only 'edit' is
# consulted of these two (delete/undelete/protect never call pingLimiter); see the script.
foreach ( [ 'edit', 'delete' ] as \$dmcaAction ) {
	\$wgRateLimits[\$dmcaAction] = [ '&can-bypass' => false ];
	foreach ( [ 'user', 'newbie', 'sysop', 'bot', 'bureaucrat' ] as \$dmcaKey ) {
		\$wgRateLimits[\$dmcaAction][\$dmcaKey] = [ $rate_n, $rate_s ];
	}
}
\$wgGroupPermissions['sysop']['noratelimit'] = false;
\$wgGroupPermissions['bot']['noratelimit'] = false;
\$wgGroupPermissions['bureaucrat']['noratelimit'] = false;
PHP
    fi

    # "Commons:..." must be a title on this wiki, not a link to Wikimedia Commons.
    sqlite3 "$dir/db/wiki.sqlite" "DELETE FROM interwiki WHERE iw_prefix = 'commons';"

    ensure_user Uploader
    MAINT_SECRET_LAST=1 maint createAndPromote --sysop --bot DMCA-Bot "$(random_secret)"
    # Grants: basic (read, writeapi), highvolume (bot, apihighlimits, noratelimit when the group
    # has it), editpage, editprotected, createeditmovepage (createpage), delete (delete,
    # undelete, deletedhistory, deletedtext, browsearchive, bigdelete), viewdeleted, protect;
    # applychangetags comes with editpage/delete/protect.
    grants=basic,highvolume,editpage,editprotected,createeditmovepage,delete,viewdeleted,protect
    # The script prints the generated password; it goes only to DIR/bot.secret.
    if ! out=$(MW_CONFIG_FILE=$dir/LocalSettings.php php "$mw/maintenance/createBotPassword.php" \
        --appid dmca --grants "$grants" DMCA-Bot 2>&1); then
      echo "mediawiki-test-server: createBotPassword failed:" >&2
      printf '%s\n' "$out" | sed "s/password:'[^']*'/password:'<hidden>'/" >&2
      exit 1
    fi
    secret=$(sed -n "s/.*and password:'\([0-9a-w]\{32,\}\)'.*/\1/p" <<<"$out")
    [ -n "$secret" ] || { echo "mediawiki-test-server: no bot password in createBotPassword's output" >&2; exit 1; }
    (umask 077; printf '%s\n' "$secret" >"$dir/bot.secret")
    unset secret out
    echo "== createBotPassword DMCA-Bot@dmca ($grants): done" >>"$dir/maintenance.log"
    maint addChangeTag --tag dmca-takedown --reason "Removed in response to a DMCA takedown notice"

    cat >"$dir/router.php" <<'PHP'
<?php
// php -S router: /images/... from this wiki's DIR/images, everything else from the docroot.
$path = rawurldecode( (string)parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
if ( strncmp( $path, '/images/', 8 ) !== 0 ) {
	return false;
}
$base = realpath( __DIR__ . '/images' );
$file = realpath( $base . substr( $path, 7 ) );
if ( $file === false || strncmp( $file, "$base/", strlen( $base ) + 1 ) !== 0 || !is_file( $file ) ) {
	http_response_code( 404 );
	echo "Not found\n";
	return true;
}
$type = function_exists( 'mime_content_type' ) ? mime_content_type( $file ) : false;
header( 'Content-Type: ' . ( $type ?: 'application/octet-stream' ) );
header( 'Content-Length: ' . filesize( $file ) );
readfile( $file );
return true;
PHP

    {
      printf 'MW_API=%q\n' "$api"
      printf 'MW_BASE=%q\n' "$base"
      printf 'MW_PORT=%q\n' "$port"
      printf 'MW_BOT_USER=%q\n' "DMCA-Bot@dmca"
      printf 'MW_BOT_PASSWORD_FILE=%q\n' "$dir/bot.secret"
      printf 'MW_CHANGE_TAG=%q\n' "dmca-takedown"
      printf 'MW_DIR=%q\n' "$dir"
    } >"$dir/env"

    # setsid: the server outlives this script (and CTest's fixture step) in its own session.
    MW_CONFIG_FILE=$dir/LocalSettings.php setsid php -S "127.0.0.1:$port" -t "$mw" "$dir/router.php" \
      </dev/null >"$dir/php.log" 2>&1 &
    echo $! >"$dir/php.pid"
    for _ in $(seq 1 120); do
      if ! running "$(cat "$dir/php.pid")"; then
        echo "mediawiki-test-server: php -S exited:" >&2; tail -20 "$dir/php.log" >&2; exit 1
      fi
      api_up "$api" && { echo "$api"; exit 0; }
      sleep 0.25
    done
    echo "mediawiki-test-server: $api did not answer in 30 s:" >&2; tail -20 "$dir/php.log" >&2
    "$0" stop "$dir"
    exit 1
    ;;
  upload)
    shift 2
    user=Uploader
    if [ "${1:-}" = --user ]; then user=${2:?--user NAME}; shift 2; fi
    [ $# -gt 0 ] || { echo "usage: $0 upload DIR [--user NAME] FILE..." >&2; exit 2; }
    [ -f "$dir/LocalSettings.php" ] || { echo "mediawiki-test-server: no wiki in $dir (start first)" >&2; exit 1; }
    for f in "$@"; do [ -f "$f" ] || { echo "mediawiki-test-server: no file $f" >&2; exit 1; }; done
    ensure_user "$user"
    # importImages.php takes a directory: a private one per call, inside DIR.
    stage=$(mktemp -d "$dir/tmp/upload.XXXXXX")
    trap 'rm -rf "$stage" "$stage.log"' EXIT
    for f in "$@"; do
      [ ! -e "$stage/$(basename "$f")" ] || { echo "mediawiki-test-server: two files named $(basename "$f")" >&2; exit 1; }
      cp "$f" "$stage/"
    done
    MAINT_LOG="$stage.log" maint importImages --user "$user" --overwrite --comment "Test file" "$stage"
    # It skips a name that makes no valid title without failing: count what it took.
    report=$(cat "$stage.log")
    cat "$stage.log" >>"$dir/maintenance.log"
    rm -f "$stage.log"
    took=$(sed -n 's/^\(Added\|Overwritten\): \([0-9]*\)$/\2/p' <<<"$report" | awk '{s+=$1} END {print s+0}')
    if [ "$took" -ne $# ]; then
      echo "mediawiki-test-server: importImages took $took of $# files:" >&2
      tail -20 <<<"$report" >&2
      exit 1
    fi
    ;;
  import)
    file=${3:?FILE}
    [ -f "$dir/LocalSettings.php" ] || { echo "mediawiki-test-server: no wiki in $dir (start first)" >&2; exit 1; }
    [ -f "$file" ] || { echo "mediawiki-test-server: no file $file" >&2; exit 1; }
    maint importDump --no-updates "$(realpath "$file")"
    tail -n 3 "$dir/maintenance.log"
    ;;
  stop)
    if [ -f "$dir/php.pid" ]; then
      pid=$(cat "$dir/php.pid")
      # Only DIR's own server: the pid must still be a php serving DIR's router.
      if [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF "$dir/router.php"; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do running "$pid" || break; sleep 0.1; done
        if running "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
      fi
      rm -f "$dir/php.pid"
    fi
    ;;
  *) echo "usage: $0 start DIR [PORT|auto] | upload DIR [--user NAME] FILE... | import DIR FILE | stop DIR" >&2; exit 2 ;;
esac
