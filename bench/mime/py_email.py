#!/usr/bin/env python3
"""Python's email package over an mbox, as a user would: parse each message (compat32), walk the
leaves, decode transfer encodings and convert text parts to str. Prints messages and leaves."""
import email, mailbox, sys
from email import policy

messages = leaves = 0
for msg in mailbox.mbox(sys.argv[1], factory=lambda f: email.message_from_binary_file(f, policy=policy.compat32), create=False):
    messages += 1
    for part in msg.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b''
        if part.get_content_maintype() == 'text':
            payload.decode(part.get_content_charset() or 'us-ascii', errors='replace')
        leaves += 1
print(messages, leaves)
