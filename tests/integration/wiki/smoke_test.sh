#!/bin/bash
# Smoke test of the throwaway MediaWiki (scripts/mediawiki-test-server.sh) that later tests use:
#   smoke_test.sh [DIR]   (DIR: a wiki that `mediawiki-test-server.sh start DIR` started;
#                          default $DMCA_TEST_MEDIAWIKI_DIR)
# Its names carry a fresh run id, so it can run again on the same wiki.
# Uploads two generated PNGs (and a second version of one by another user), then through the
# Action API, logged in with the bot password, checks everything the takedown pipeline relies
# on: the change tag, imageinfo (uploader, SHA-1, size), delete with the tag and its log entry,
# deleted-file views, create protection, undelete, editing a protected page, "Commons:" titles,
# the Legal namespace, and the forced maxlag of DIR/lag-count. Exits non-zero naming the failure.
# The bot password is read from its file and never printed.
set -euo pipefail
dir=${1:-${DMCA_TEST_MEDIAWIKI_DIR:?usage: smoke_test.sh DIR}}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
server=$root/scripts/mediawiki-test-server.sh
[ -f "$dir/env" ] || { echo "FAIL: no $dir/env: is the wiki started (mediawiki_start)?" >&2; exit 1; }
# shellcheck source=/dev/null
. "$dir/env"

work=$(mktemp -d "$dir/tmp/smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
run=${work##*.}
mkdir "$work/v2"
"$root/scripts/mediawiki-make-png.py" "$work/Smoke-$run-one.png" "$work/Smoke-$run-two.png"
"$root/scripts/mediawiki-make-png.py" --seed v2 --size 24 "$work/v2/Smoke-$run-two.png"
"$server" upload "$dir" "$work/Smoke-$run-one.png" "$work/Smoke-$run-two.png"
"$server" upload "$dir" --user "Second uploader" "$work/v2/Smoke-$run-two.png"

python3 - "$MW_API" "$MW_BOT_USER" "$MW_BOT_PASSWORD_FILE" "$MW_CHANGE_TAG" "$MW_DIR" "$work" "$run" <<'PY'
import hashlib, http.cookiejar, json, os, re, stat, sys, urllib.error, urllib.parse, urllib.request

api, bot_user, secret_file, tag, wiki_dir, work, run = sys.argv[1:8]
step = "start"


def fail(why):
    sys.exit(f"FAIL [{step}]: {why}")


def check(cond, why):
    if not cond:
        fail(why)


jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def call(params, post=False, want_error=None):
    """One API request; returns (json, headers). Fails on an API error other than want_error."""
    params = dict(params, format="json", formatversion="2")
    data = urllib.parse.urlencode(params).encode()
    req = (urllib.request.Request(api, data=data) if post
           else urllib.request.Request(api + "?" + data.decode()))
    try:
        with opener.open(req, timeout=60) as r:
            status, headers, body = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        fail(f"HTTP {e.code} for action={params.get('action')}")
    except (urllib.error.URLError, OSError) as e:
        fail(f"cannot reach {api}: {getattr(e, 'reason', e)}")
    check(status == 200, f"HTTP {status}")
    try:
        reply = json.loads(body)
    except ValueError:
        fail(f"not JSON from action={params.get('action')}: {body[:200]!r}")
    err = reply.get("error")
    if want_error is not None:
        check(err is not None and err.get("code") == want_error,
              f"wanted error {want_error}, got {json.dumps(reply)[:300]}")
    elif err is not None:
        fail(f"API error {err.get('code')}: {err.get('info')}")
    if reply.get("warnings") and want_error is None:
        print(f"  ({step}) warnings: {json.dumps(reply['warnings'])[:300]}")
    return reply, headers


def token(kind="csrf"):
    return call({"action": "query", "meta": "tokens", "type": kind})[0]["query"]["tokens"][kind + "token"]


step = "bot password file"
mode = stat.S_IMODE(os.stat(secret_file).st_mode)
check(mode == 0o600, f"{secret_file} has mode {mode:o}, not 600")
lines = open(secret_file).read().splitlines()
check(len(lines) == 1 and re.fullmatch(r"[0-9a-w]{32,}", lines[0]),
      "the bot password file is not one line of [0-9a-w]{32,}")
password = lines[0]

step = "login"
check(bot_user == "DMCA-Bot@dmca", f"MW_BOT_USER is {bot_user}")
reply, _ = call({"action": "login", "lgname": bot_user, "lgpassword": password,
                 "lgtoken": token("login")}, post=True)
check(reply["login"]["result"] == "Success", f"login result {reply['login'].get('result')}: "
      f"{reply['login'].get('reason', '')}")
check(reply["login"]["lgusername"] == "DMCA-Bot", f"logged in as {reply['login']['lgusername']}")
del password

step = "rights"
ui = call({"action": "query", "meta": "userinfo", "uiprop": "rights|groups"})[0]["query"]["userinfo"]
check({"sysop", "bot"} <= set(ui["groups"]), f"bot groups {ui['groups']}")
needed = {"read", "writeapi", "edit", "createpage", "delete", "undelete", "deletedhistory",
          "deletedtext", "browsearchive", "protect", "editprotected", "applychangetags", "bot",
          "apihighlimits"}
check(needed <= set(ui["rights"]), f"the bot session lacks {sorted(needed - set(ui['rights']))}")

step = "site"
si = call({"action": "query", "meta": "siteinfo", "siprop": "general|namespaces|interwikimap"})[0]["query"]
check(si["general"]["generator"].startswith("MediaWiki 1.39"), si["general"]["generator"])
check(si["namespaces"].get("100", {}).get("name") == "Legal", "no Legal namespace (100)")
check(si["namespaces"].get("101", {}).get("name") == "Legal talk", "no Legal talk namespace (101)")
check(all(iw["prefix"] != "commons" for iw in si["interwikimap"]), "the commons interwiki prefix is there")
q = call({"action": "query", "titles": "Commons:Smoke test|Legal:Smoke test"})[0]["query"]
check("interwiki" not in q, f"a title is an interwiki link: {q.get('interwiki')}")
ns = {p["title"]: p["ns"] for p in q["pages"]}
check(ns.get("Commons:Smoke test") == 0 and ns.get("Legal:Smoke test") == 100, f"titles {ns}")
call({"action": "edit", "title": f"Commons:Smoke {run}", "text": "A page named like Commons.",
      "createonly": "1", "token": token()}, post=True)

step = "change tag"
tags = call({"action": "query", "list": "tags", "tgprop": "defined|active", "tglimit": "max"})[0]
mine = [t for t in tags["query"]["tags"] if t["name"] == tag]
check(tag == "dmca-takedown" and mine, f"tag {tag} not listed")
check(mine[0].get("defined") and mine[0].get("active"), f"tag {tag} is {mine[0]}")

step = "imageinfo"
def sha1(path):
    return hashlib.sha1(open(path, "rb").read()).hexdigest()
one, two = f"File:Smoke-{run}-one.png", f"File:Smoke-{run}-two.png"
files = {one: os.path.join(work, f"Smoke-{run}-one.png"),
         two: os.path.join(work, "v2", f"Smoke-{run}-two.png")}
q = call({"action": "query", "titles": "|".join(files), "prop": "imageinfo",
          "iiprop": "user|sha1|size|url", "iilimit": "max"})[0]["query"]
pages = {p["title"]: p for p in q["pages"]}
for title, path in files.items():
    check(title in pages and not pages[title].get("missing"), f"{title} is missing")
    info = pages[title]["imageinfo"]
    check(info[0]["sha1"] == sha1(path), f"{title}: SHA-1 {info[0]['sha1']} != {sha1(path)}")
    check(info[0]["size"] == os.path.getsize(path), f"{title}: size {info[0]['size']}")
versions = pages[two]["imageinfo"]
check([i["user"] for i in versions] == ["Second uploader", "Uploader"],
      f"{two} uploaders {[i['user'] for i in versions]}")
check(versions[1]["sha1"] == sha1(os.path.join(work, f"Smoke-{run}-two.png")),
      f"{two}: first version's SHA-1")
check(pages[one]["imageinfo"][0]["user"] == "Uploader", f"{one}: uploader")
with opener.open(pages[one]["imageinfo"][0]["url"], timeout=30) as r:
    check(r.read() == open(files[one], "rb").read(), "the file URL serves other bytes")

step = "delete"
title = one
reply, _ = call({"action": "delete", "title": title, "reason": "Smoke test takedown",
                 "tags": tag, "token": token()}, post=True)
log_id = reply["delete"]["logid"]
q = call({"action": "query", "titles": title, "prop": "imageinfo"})[0]["query"]
check(q["pages"][0].get("missing"), f"{title} still exists after delete")

step = "logevents"
le = call({"action": "query", "list": "logevents", "letype": "delete", "letitle": title,
           "leprop": "ids|title|type|user|tags|comment"})[0]["query"]["logevents"]
entry = [e for e in le if e["logid"] == log_id]
check(entry, f"no delete log entry {log_id} for {title}")
check(entry[0]["action"] == "delete" and tag in entry[0]["tags"] and entry[0]["user"] == "DMCA-Bot",
      f"log entry {entry[0]}")

step = "viewdeleted"
fa = call({"action": "query", "list": "filearchive", "faprefix": f"Smoke-{run}-one",
           "faprop": "sha1|user"})[0]["query"]["filearchive"]
check(fa and fa[0]["sha1"] == sha1(files[title]), f"filearchive {fa}")
dr = call({"action": "query", "titles": title, "prop": "deletedrevisions",
           "drvprop": "ids|user|content", "drvslots": "main"})[0]["query"]["pages"][0]
check(dr.get("deletedrevisions"), f"no deleted revisions of {title}")

step = "protect"
pr = call({"action": "protect", "title": title, "protections": "create=sysop", "expiry": "infinite",
           "reason": "Smoke test", "tags": tag, "token": token()}, post=True)[0]["protect"]
check(pr["protections"] == [{"create": "sysop", "expiry": "infinite"}], f"protect {pr}")
q = call({"action": "query", "titles": title, "prop": "info", "inprop": "protection"})[0]["query"]
check({"type": "create", "level": "sysop", "expiry": "infinity"} in q["pages"][0]["protection"],
      f"protection {q['pages'][0]['protection']}")

step = "undelete"
call({"action": "undelete", "title": title, "reason": "Smoke test", "tags": tag,
      "token": token()}, post=True)
q = call({"action": "query", "titles": title, "prop": "imageinfo", "iiprop": "sha1"})[0]["query"]
check(not q["pages"][0].get("missing") and q["pages"][0]["imageinfo"][0]["sha1"] == sha1(files[title]),
      f"{title} not restored: {q['pages'][0]}")

step = "edit"
page = f"Legal:Smoke notice {run}"
call({"action": "edit", "title": page, "text": "A notice.", "createonly": "1", "tags": tag,
      "summary": "Smoke test", "bot": "1", "token": token()}, post=True)
call({"action": "protect", "title": page, "protections": "edit=sysop|move=sysop",
      "token": token()}, post=True)
ed = call({"action": "edit", "title": page, "appendtext": " Edited while protected.", "tags": tag,
           "nocreate": "1", "token": token()}, post=True)[0]["edit"]
check(ed["result"] == "Success" and not ed.get("nochange"), f"edit of a protected page: {ed}")

step = "maxlag"
lag_file = os.path.join(wiki_dir, "lag-count")
with open(lag_file, "w") as f:
    f.write("1\n")
try:
    reply, headers = call({"action": "query", "meta": "siteinfo", "maxlag": "5"}, want_error="maxlag")
    check(headers.get("Retry-After") is not None, "no Retry-After with the maxlag error")
    check(reply["error"].get("lag", 0) >= 10, f"maxlag error {reply['error']}")
    check(open(lag_file).read().strip() == "0", "lag-count was not counted down")
    call({"action": "query", "meta": "siteinfo", "maxlag": "5"})
finally:
    os.unlink(lag_file)
call({"action": "query", "meta": "siteinfo", "maxlag": "5"})

print("mediawiki smoke test: all checks passed")
PY
