#!/usr/bin/env python3
"""Python's email over a Maildir's new/, as bench/mime/py_email.py does over an mbox: parse each
message (compat32), walk the leaves, decode transfer encodings, convert text parts to str."""
import email, os, sys, time
from email import policy
d = os.path.join(sys.argv[1], 'new')
names = sorted(os.listdir(d))
t = time.perf_counter()
n = 0
for name in names:
    with open(os.path.join(d, name), 'rb') as f:
        msg = email.message_from_binary_file(f, policy=policy.compat32)
    for part in msg.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b''
        if part.get_content_maintype() == 'text':
            payload.decode(part.get_content_charset() or 'us-ascii', errors='replace')
    n += 1
s = time.perf_counter() - t
print(f"{n} messages in {s:.2f} s = {n/s:.0f} messages/s")
