#!/usr/bin/env python3
"""`dmca serve` over real sockets: TLS itself, the request limits, the method check, the
access log, and a graceful stop.  server_test.py DMCA_BINARY

With [serve] tls_cert/tls_key (a self-signed certificate made here with openssl): HTTPS answers
with Strict-Transport-Security and the security headers; plain HTTP on that port gets no page; a
body over max_body_kib is refused with 413 before it is read; PUT is 405; a client that sends
half a request and waits is cut off after [serve] timeout; SIGTERM while a slow request is in
flight lets it finish, then exits 0; the access log names no client address.
"""
import os, socket, ssl, subprocess, sys, tempfile, time, http.client

dmca = sys.argv[1]
failures = 0


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    failures += 0 if cond else 1


work = tempfile.mkdtemp(prefix="dmca-serve-")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", f"{work}/tls.key", "-out", f"{work}/tls.crt"],
               check=True, capture_output=True)
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
with open(f"{work}/dmca.conf", "w") as f:
    f.write(f"""[store]
path = {work}/dmca.db
[serve]
listen = 127.0.0.1:{port}
tls_cert = {work}/tls.crt
tls_key = {work}/tls.key
max_body_kib = 4
timeout = 2
access_log = {work}/access.log
""")
conf = ["--config", f"{work}/dmca.conf"]
subprocess.run([dmca, *conf, "user", "add", "alice", "--role", "approver"],
               input=b"alice-long-password\n", check=True, capture_output=True)
server = subprocess.Popen([dmca, *conf, "serve"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
line = server.stdout.readline().decode()
check("listening on" in line, f"dmca serve listens with TLS ({line.strip()})")

context = ssl.create_default_context(cafile=f"{work}/tls.crt")


def https(method, path, body=None, headers=None):
    c = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r, data


r, body = https("GET", "/login")
check(r.status == 200, "the login page over HTTPS")
check(r.getheader("Strict-Transport-Security", "").startswith("max-age="), "HSTS over TLS")
check("frame-ancestors 'none'" in r.getheader("Content-Security-Policy", ""), "a CSP")
check(r.getheader("X-Content-Type-Options") == "nosniff", "nosniff")
check("Secure" in r.getheader("Set-Cookie", "") and "HttpOnly" in r.getheader("Set-Cookie", ""),
      "the form cookie is Secure and HttpOnly")

try:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("GET", "/login")
    plain = c.getresponse().status
except Exception:
    plain = None
check(plain is None, "plain HTTP on the TLS port gets no page")

r, _ = https("POST", "/counter-notice", body=b"x" * 10_000,
             headers={"Content-Type": "application/x-www-form-urlencoded"})
check(r.status == 413, f"a body over max_body_kib is refused ({r.status})")
r, _ = https("PUT", "/login", body=b"")
check(r.status == 405, f"PUT is not allowed ({r.status})")

# Half a request, then silence: the server hangs up after [serve] timeout (2 s).
raw = context.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="127.0.0.1")
raw.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n")
raw.settimeout(15)
start = time.monotonic()
try:
    got = raw.recv(1024)
except (socket.timeout, ssl.SSLError, ConnectionError):
    got = None
waited = time.monotonic() - start
check(waited < 10, f"a client that stops half-way is cut off after {waited:.1f} s")
raw.close()

# SIGTERM with a request in flight (its body still arriving): it finishes, then the server exits.
slow = context.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="127.0.0.1")
slow.sendall(b"POST /counter-notice HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
             b"application/x-www-form-urlencoded\r\nContent-Length: 10\r\nConnection: close\r\n\r\nabcde")
time.sleep(0.3)
server.terminate()
time.sleep(0.3)
slow.sendall(b"fghij")
slow.settimeout(10)
answer = b""
try:
    while chunk := slow.recv(4096):
        answer += chunk
except (socket.timeout, ssl.SSLError, ConnectionError):
    pass
check(answer.startswith(b"HTTP/1.1 403"), "the request in flight at SIGTERM was answered "
      f"({answer[:20]!r}: no form token, so 403)")
code = server.wait(timeout=20)
check(code == 0, f"dmca serve exits 0 after SIGTERM ({code})")
log = open(f"{work}/access.log").read()
check("GET /login 200" in log and "127.0.0.1" not in log, "the access log names no address")
subprocess.run(["rm", "-rf", work])
print(f"{failures} check(s) failed" if failures else "all checks passed")
sys.exit(1 if failures else 0)
