#!/usr/bin/env python3
"""The tests' own Action API endpoint that adds latency, for the multi-worker test and bench/.

The issue lets the multi-worker test of `dmca execute` (four processes sharing one queue of
thousands of actions) run "against the real wiki, or for speed an HTTP endpoint of the tests'
own that adds latency". This is that endpoint. It is NOT a stand-in for a wiki anywhere else:
every other test that talks to a wiki uses the real MediaWiki 1.39 of
scripts/mediawiki-test-server.sh (CTest fixture `mediawiki`), and this file must not grow into
a fake that those tests lean on.

It answers only the calls `dmca execute` makes (mediawiki/api.cc, mediawiki/http_client.cc),
shaped as MediaWiki 1.39 shapes them with format=json&formatversion=2, for ANY title:
  - meta=tokens (type=login, csrf), action=login (lgname/lgpassword/lgtoken checked),
    meta=userinfo; a session is a cookie; assert=user is enforced; every write needs the
    session's csrf token, sent by POST, else badtoken / mustpostparams, as MediaWiki answers;
  - list=tags: the change tag (--change-tag) defined and active; a write tagged with any other
    tag is refused (tags-apply-not-allowed-one);
  - every File: title exists with one upload by "Uploader" (SHA-1 of the title) and every other
    title with one revision by "Uploader", until deleted: prop=imageinfo|info,
    prop=revisions|info, prop=revisions, prop=info&inprop=protection;
  - action=delete ({"delete": {title, reason, logid}}; a deleted title: missingtitle),
    action=protect (create protection of a deleted title), action=undelete;
  - list=logevents&letype=delete|protect&letitle=T: newest first, with logid, type, action,
    title, user (the bot name before "@"), timestamp, comment (the reason) and tags.
Titles are normalised as MediaWiki does ("_" -> " ", first letter of the name upper-cased).

--stall-delete TITLE makes one crash deterministic: that title's deletion is carried out, then
its reply is held back (up to --stall-seconds, and /stats lists the title under "stalled"), so
a test can kill the worker that is waiting for it: the deletion reached the wiki, the worker
never learnt its log id.

Each request sleeps --latency-ms first (on its own thread: ThreadingHTTPServer), so concurrent
workers overlap as they would against a real wiki. GET /stats answers, as JSON, the deletions
per title (successful ones), the delete calls per title (every action=delete, answered or
refused), and the number of requests by action and by module ("query:tokens:login", ...).

    latency_wiki.py --port-file FILE --password-file SECRET [--user DMCA-Bot@dmca]
                    [--change-tag dmca-takedown] [--latency-ms 5] [--port 0]

The port (127.0.0.1 only) is written to FILE once the server listens; SIGTERM or SIGINT stops
it cleanly (exit 0). The password is read from its file and never printed.
"""

import argparse
import hashlib
import http.server
import json
import os
import secrets
import signal
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timezone

SERVED_BY = "latency-wiki"
DOCREF = ("See http://127.0.0.1/w/api.php for API usage. Subscribe to the mediawiki-api-announce "
          "mailing list at <https://lists.wikimedia.org/postorius/lists/"
          "mediawiki-api-announce.lists.wikimedia.org/> for notice of API deprecations and "
          "breaking changes.")
UPLOAD_TIME = "2026-01-05T10:00:00Z"
WRITE_ACTIONS = {"delete", "protect", "undelete", "login"}
NAMESPACES = {"File": 6, "Image": 6, "Talk": 1, "User": 2, "Commons": 0, "Legal": 100}


def now_iso():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise(title):
    """MediaWiki's normal form: spaces, trimmed, first letter of namespace and name capitalised."""
    title = " ".join(title.replace("_", " ").split())
    ns, sep, name = title.partition(":")
    if sep and ns.capitalize() in NAMESPACES:
        ns = ns.capitalize()
        if ns == "Image":
            ns = "File"
        return ns + ":" + name[:1].upper() + name[1:]
    return title[:1].upper() + title[1:]


def namespace(title):
    ns, sep, _ = title.partition(":")
    return NAMESPACES.get(ns, 0) if sep else 0


class Wiki:
    """All the state, behind one lock: the pages deleted, the log, sessions and counters."""

    def __init__(self, user, password, change_tag):
        self.lock = threading.Lock()
        self.user = user
        self.account = user.split("@", 1)[0]
        self.password = password
        self.change_tag = change_tag
        self.deleted = set()           # titles deleted now
        self.protected = {}            # title -> create protection level
        self.log = []                  # log events, oldest first
        self.next_logid = 1
        self.deletions = {}            # title -> successful deletions
        self.delete_calls = {}         # title -> action=delete requests
        self.by_action = {}
        self.by_module = {}
        self.sessions = {}             # cookie -> {"login": token, "user": name|None, "csrf": token}
        self.logins = 0
        self.stall_title = None        # --stall-delete, normalised
        self.stalled = []              # titles whose delete reply is (or was) held back

    # --- helpers -------------------------------------------------------------------------
    def count(self, action, module):
        self.by_action[action] = self.by_action.get(action, 0) + 1
        self.by_module[module] = self.by_module.get(module, 0) + 1

    def add_log(self, type_, action, title, comment, tags, params=None):
        event = {"logid": self.next_logid, "ns": namespace(title), "title": title, "pageid": 0,
                 "logpage": 0, "params": params or {}, "type": type_, "action": action,
                 "user": self.account, "timestamp": now_iso(), "comment": comment,
                 "tags": tags}
        self.next_logid += 1
        self.log.append(event)
        return event["logid"]

    def page_id(self, title):
        return int(hashlib.sha1(title.encode()).hexdigest()[:7], 16) + 1

    def stats(self):
        return {"deletions": dict(self.deletions), "delete_calls": dict(self.delete_calls),
                "requests_by_action": dict(self.by_action),
                "requests_by_module": dict(self.by_module),
                "requests": sum(self.by_action.values()), "logins": self.logins,
                "deleted_now": len(self.deleted), "log_events": len(self.log),
                "stalled": list(self.stalled)}


def error(code, info):
    return {"error": {"code": code, "info": info, "docref": DOCREF}, "servedby": SERVED_BY}


def handle(wiki, session, params, posted):
    """One API request (under wiki.lock): the reply as a dict."""
    action = params.get("action", "")
    if action == "query":
        module = ":".join(filter(None, ["query", params.get("meta"), params.get("list"),
                                        params.get("prop")]))
        if params.get("meta") == "tokens":
            module += ":" + params.get("type", "csrf")
    else:
        module = action
    wiki.count(action or "(none)", module)
    if params.get("format") != "json" or params.get("formatversion") != "2":
        return error("badvalue", "This endpoint answers format=json&formatversion=2 only.")
    if action in WRITE_ACTIONS and not posted:
        return error("mustpostparams", "The following parameter was found in the query string, "
                     "but must be in the POST body: token.")
    logged_in = session.get("user") is not None
    if params.get("assert") == "user" and not logged_in:
        return error("assertuserfailed",
                     "You are no longer logged in, so the action could not be completed.")
    if action == "query":
        return query(wiki, session, params)
    if action == "login":
        return login(wiki, session, params)
    if action in ("delete", "protect", "undelete"):
        if not logged_in:
            return error("permissiondenied", "You don't have permission to " + action + ".")
        if "token" not in params:
            return error("missingparam", 'The "token" parameter must be set.')
        if params["token"] != session.get("csrf"):
            return error("badtoken", "Invalid CSRF token.")
        tags = [t for t in params.get("tags", "").split("|") if t]
        for tag in tags:
            if tag != wiki.change_tag:
                return error("tags-apply-not-allowed-one",
                             f'The tag "{tag}" is not allowed to be manually applied.')
        title = normalise(params.get("title", ""))
        if not title:
            return error("missingparam", 'The "title" parameter must be set.')
        return {"delete": delete, "protect": protect, "undelete": undelete}[action](
            wiki, title, params.get("reason", ""), tags, params)
    return error("badvalue", f'Unrecognized value for parameter "action": {action}.')


def login(wiki, session, params):
    if params.get("lgtoken") != session.get("login"):
        return {"login": {"result": "WrongToken"}}
    if params.get("lgname") != wiki.user or params.get("lgpassword") != wiki.password:
        return {"login": {"result": "Failed",
                          "reason": "Incorrect username or password entered. Please try again."}}
    wiki.logins += 1
    session["user"] = wiki.account
    session["csrf"] = secrets.token_hex(20) + "+\\"
    return {"login": {"result": "Success", "lguserid": 2, "lgusername": wiki.account}}


def query(wiki, session, params):
    out = {"batchcomplete": True, "query": {}}
    q = out["query"]
    meta, list_, prop = params.get("meta"), params.get("list"), params.get("prop")
    if meta == "tokens":
        kind = params.get("type", "csrf")
        if kind == "login":
            session["login"] = secrets.token_hex(20) + "+\\"
            q["tokens"] = {"logintoken": session["login"]}
        elif kind == "csrf":
            q["tokens"] = {"csrftoken": session.get("csrf") or "+\\"}
        else:
            return error("badvalue", f'Unrecognized value for parameter "type": {kind}.')
    elif meta == "userinfo":
        if session.get("user"):
            q["userinfo"] = {"id": 2, "name": session["user"]}
        else:
            q["userinfo"] = {"id": 0, "name": "127.0.0.1", "anon": True}
    elif list_ == "tags":
        q["tags"] = [{"name": wiki.change_tag, "defined": True, "active": True},
                     {"name": "mw-replace", "defined": True, "active": True}]
    elif list_ == "logevents":
        title = normalise(params.get("letitle", "")) if params.get("letitle") else None
        type_ = params.get("letype")
        limit = int(params.get("lelimit", "10")) if params.get("lelimit", "") != "max" else 500
        events = [e for e in reversed(wiki.log)
                  if (title is None or e["title"] == title) and (not type_ or e["type"] == type_)]
        q["logevents"] = [dict(e) for e in events[:limit]]
    elif prop:
        titles = [t for t in params.get("titles", "").split("|") if t]
        normalized, pages = [], []
        for raw in titles:
            title = normalise(raw)
            if title != raw:
                normalized.append({"fromencoded": False, "from": raw, "to": title})
            pages.append(page(wiki, title, prop.split("|"), params))
        if normalized:
            q["normalized"] = normalized
        q["pages"] = pages
    else:
        return error("badvalue", "Nothing to query: this endpoint answers the pipeline's calls.")
    return out


def page(wiki, title, props, params):
    is_file = namespace(title) == 6
    p = {"ns": namespace(title), "title": title}
    exists = title not in wiki.deleted
    if exists:
        p = {"pageid": wiki.page_id(title), **p}
    else:
        p["missing"] = True
    if "info" in props:
        p.update({"contentmodel": "wikitext", "pagelanguage": "en",
                  "pagelanguagehtmlcode": "en", "pagelanguagedir": "ltr"})
        if exists:
            p.update({"touched": UPLOAD_TIME, "lastrevid": wiki.page_id(title), "length": 42})
        if "protection" in params.get("inprop", "").split("|"):
            level = wiki.protected.get(title)
            p["protection"] = ([{"type": "create", "level": level, "expiry": "infinity"}]
                               if level and not exists else [])
            p["restrictiontypes"] = ["edit", "move", "upload"] if exists else ["create"]
    if "imageinfo" in props and is_file:
        p["imagerepository"] = "local" if exists else ""
        if exists:
            sha1 = hashlib.sha1(title.encode()).hexdigest()
            p["imageinfo"] = [{"size": 1000 + len(title), "width": 16, "height": 16,
                               "timestamp": UPLOAD_TIME, "user": "Uploader", "userid": 3,
                               "sha1": sha1}]
    if "revisions" in props and exists:
        p["revisions"] = [{"revid": wiki.page_id(title), "parentid": 0, "user": "Uploader",
                           "timestamp": UPLOAD_TIME}]
    return p


def delete(wiki, title, reason, tags, params):
    wiki.delete_calls[title] = wiki.delete_calls.get(title, 0) + 1
    if title in wiki.deleted:
        return error("missingtitle", "The page you specified doesn't exist.")
    wiki.deleted.add(title)
    wiki.deletions[title] = wiki.deletions.get(title, 0) + 1
    logid = wiki.add_log("delete", "delete", title, reason, tags)
    if title == wiki.stall_title:
        wiki.stalled.append(title)
    return {"delete": {"title": title, "reason": reason, "logid": logid}}


def protect(wiki, title, reason, tags, params):
    protections = []
    for item in params.get("protections", "").split("|"):
        kind, _, level = item.partition("=")
        if kind != "create":
            return error("protect-invalidaction", f'Invalid protection type "{kind}".')
        if title not in wiki.deleted:
            return error("create-titleexists", "Existing titles can't be protected with "
                         "<var>create</var>.")
        protections.append({"create": level, "expiry": "infinite"})
        if level == "all":
            wiki.protected.pop(title, None)
        else:
            wiki.protected[title] = level
    wiki.add_log("protect", "protect", title, reason, tags,
                 {"description": params.get("protections", ""), "cascade": False})
    return {"protect": {"title": title, "reason": reason, "protections": protections}}


def undelete(wiki, title, reason, tags, params):
    if title not in wiki.deleted:
        return error("cantundelete", "Couldn't undelete: the requested revisions may not exist, "
                     "or may have been undeleted already.")
    if title in wiki.protected:
        return error("protectedpage", "This title has been protected from creation.")
    wiki.deleted.discard(title)
    wiki.add_log("delete", "restore", title, reason, tags)
    return {"undelete": {"title": title, "revisions": 1, "fileversions": 1, "reason": reason}}


def make_handler(wiki, latency, stall_seconds):
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "latency-wiki/1"
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet: thousands of requests per run
            pass

        def reply(self, status, body, cookie=None):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            if cookie:
                self.send_header("Set-Cookie", f"latencywiki_session={cookie}; path=/; HttpOnly")
            self.end_headers()
            self.wfile.write(data)

        def session_cookie(self):
            for part in self.headers.get("Cookie", "").split(";"):
                name, _, value = part.strip().partition("=")
                if name == "latencywiki_session":
                    return value
            return None

        def api(self, params, posted):
            if latency > 0:
                time.sleep(latency)
            cookie = self.session_cookie()
            new_cookie = None
            with wiki.lock:
                if cookie not in wiki.sessions:
                    cookie = new_cookie = secrets.token_hex(16)
                    wiki.sessions[cookie] = {"user": None}
                stalled = len(wiki.stalled)
                body = handle(wiki, wiki.sessions[cookie], params, posted)
                stalled = len(wiki.stalled) > stalled
            if stalled:
                # Held back until the client gives up or is killed (the socket then reads EOF).
                self.connection.settimeout(stall_seconds)
                try:
                    self.connection.recv(1)
                except OSError:
                    pass
            try:
                self.reply(200, body, new_cookie)
            except OSError:  # the client is gone (killed while it waited)
                pass

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/stats":
                with wiki.lock:
                    body = wiki.stats()
                return self.reply(200, body)
            if url.path.endswith("/api.php"):
                return self.api(dict(urllib.parse.parse_qsl(url.query)), posted=False)
            self.reply(404, {"error": "not found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            data = self.rfile.read(length).decode("utf-8", "replace")
            if not urllib.parse.urlsplit(self.path).path.endswith("/api.php"):
                return self.reply(404, {"error": "not found"})
            params = dict(urllib.parse.parse_qsl(data, keep_blank_values=True))
            self.api(params, posted=True)

    return Handler


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # four workers, each opening a connection per request


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--password-file", required=True)
    ap.add_argument("--user", default="DMCA-Bot@dmca")
    ap.add_argument("--change-tag", default="dmca-takedown")
    ap.add_argument("--latency-ms", type=float, default=5.0)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--stall-delete", metavar="TITLE")
    ap.add_argument("--stall-seconds", type=float, default=120.0)
    args = ap.parse_args()
    with open(args.password_file, encoding="utf-8") as f:
        password = f.readline().rstrip("\r\n")
    if not password:
        sys.exit("latency_wiki: the password file is empty")
    wiki = Wiki(args.user, password, args.change_tag)
    if args.stall_delete:
        wiki.stall_title = normalise(args.stall_delete)
    server = Server(("127.0.0.1", args.port),
                    make_handler(wiki, args.latency_ms / 1000.0, args.stall_seconds))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    serving.start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"{server.server_address[1]}\n")
    os.replace(tmp, args.port_file)  # readers never see a half-written port
    while not stop.wait(0.2):
        pass
    server.shutdown()
    serving.join()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
