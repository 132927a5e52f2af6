#!/usr/bin/env python3
"""The tests' own stand-in for Lumen's POST /notices (lumendatabase.org), which users never run
themselves: it checks every key of the JSON against the keys Lumen's NoticesController permits
(a misspelt key would be silently dropped by the real one: here it is a 422), requires the token
in X-Authentication-Token, answers 201 with a Location, and answers 500 to the first N requests
(--fail-first) to prove that a failed submission is retried.

  lumen_endpoint.py DIR [--fail-first N] [--token-file FILE]
writes DIR/port once listening, and DIR/accepted.jsonl (one line per notice accepted) and
DIR/requests.log (one line per request).
"""
import argparse
import http.server
import json
import os
import sys

NOTICE_KEYS = {
    "type", "title", "subject", "body", "date_sent", "date_received", "source", "tag_list",
    "jurisdiction_list", "action_taken", "language", "counternotice_for_id",
    "counternotice_for_sid", "mark_registration_number", "webform", "url_count",
    "works_attributes", "entity_notice_roles_attributes",
}
WORK_KEYS = {"description", "kind", "copyrighted_urls_attributes", "infringing_urls_attributes"}
URL_KEYS = {"url"}
ROLE_KEYS = {"name", "entity_id", "entity_attributes"}
ENTITY_KEYS = {"name", "kind", "address_line_1", "address_line_2", "state", "country_code",
               "phone", "email", "url", "city", "zip"}
ROLES = {"sender", "principal", "recipient", "submitter", "attorney", "issuing_court",
         "plaintiff", "defendant"}
ACTIONS = {"Yes", "No", "Partial", "Unspecified"}
TYPES = {"DMCA", "Counternotice", "CourtOrder", "DataProtection", "Defamation", "Other",
         "PrivateInformation", "Trademark", "LawEnforcementRequest", "GovernmentRequest"}


def check(doc):
    """The list of problems with a POST /notices body ([] when Lumen would accept it)."""
    errors = []
    if not isinstance(doc, dict):
        return ["body is not an object"]
    for key in doc:
        if key not in {"notice", "authentication_token"}:
            errors.append(f"unknown key {key}")
    notice = doc.get("notice")
    if not isinstance(notice, dict):
        return errors + ["no notice"]
    for key in notice:
        if key not in NOTICE_KEYS:
            errors.append(f"unknown key notice.{key}")
    for key in ("type", "title", "works_attributes"):
        if key not in notice:
            errors.append(f"missing notice.{key}")
    if notice.get("type") not in TYPES:
        errors.append(f"bad type {notice.get('type')!r}")
    if "action_taken" in notice and notice["action_taken"] not in ACTIONS:
        errors.append(f"bad action_taken {notice['action_taken']!r}")
    for w in notice.get("works_attributes", []):
        errors += [f"unknown key work.{k}" for k in w if k not in WORK_KEYS]
        for list_key in ("copyrighted_urls_attributes", "infringing_urls_attributes"):
            for u in w.get(list_key, []):
                errors += [f"unknown key {list_key}.{k}" for k in u if k not in URL_KEYS]
    for r in notice.get("entity_notice_roles_attributes", []):
        errors += [f"unknown key role.{k}" for k in r if k not in ROLE_KEYS]
        if r.get("name") not in ROLES:
            errors.append(f"bad role {r.get('name')!r}")
        errors += [f"unknown key entity.{k}" for k in r.get("entity_attributes", {})
                   if k not in ENTITY_KEYS]
    return errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--token-file")
    args = parser.parse_args()
    token = open(args.token_file).read().strip() if args.token_file else "test-token"
    state = {"requests": 0, "next_id": 1}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def reply(self, code, body, headers=()):
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            state["requests"] += 1
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            with open(os.path.join(args.dir, "requests.log"), "a") as log:
                log.write(f"{self.path} {len(raw)}\n")
            if self.path != "/notices":
                return self.reply(404, {"error": "not found"})
            if self.headers.get("X-Authentication-Token") != token:
                return self.reply(401, {"error": "bad token"})
            if state["requests"] <= args.fail_first:
                return self.reply(500, {"error": "induced failure"})
            try:
                doc = json.loads(raw)
            except ValueError:
                return self.reply(422, {"errors": ["not JSON"]})
            errors = check(doc)
            if errors:
                return self.reply(422, {"errors": errors})
            n = state["next_id"]
            state["next_id"] += 1
            with open(os.path.join(args.dir, "accepted.jsonl"), "a") as out:
                out.write(json.dumps(doc) + "\n")
            port = self.server.server_address[1]
            self.reply(201, {"id": n}, [("Location", f"http://127.0.0.1:{port}/notices/{n}")])

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
