#!/usr/bin/env python3
"""Writes an mbox of varied, realistic mail (no real person's data) of about SIZE megabytes:
plain and quoted-printable text in several charsets, HTML alternatives, base64 attachments,
forwarded message/rfc822 parts and RFC 2047 subjects. Deterministic (seeded)."""
import base64, quopri, random, sys

def main(path, megabytes):
    rnd = random.Random(512)
    words = ("notice copyright infringement photograph file commons wikipedia agent owner "
             "license request removal material identified statement belief authorized").split()
    target = megabytes * 1024 * 1024
    written = 0
    n = 0
    with open(path, 'wb') as out:
        while written < target:
            n += 1
            text = ' '.join(rnd.choice(words) for _ in range(rnd.randint(80, 600)))
            lines = '\n'.join(text[i:i + 72] for i in range(0, len(text), 72))
            kind = n % 5
            head = (f"From sender{n}@example.org Mon Nov 23 10:00:00 2026\n"
                    f"From: Sender {n} <sender{n}@example.org>\nTo: legal@example.net\n"
                    f"Subject: =?utf-8?q?Notice_=C3=A9_{n}?=\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n"
                    f"Message-ID: <{n}@example.org>\nMIME-Version: 1.0\n")
            if kind == 0:
                body = head + "Content-Type: text/plain; charset=utf-8\n\n" + lines + "\n"
            elif kind == 1:
                qp = quopri.encodestring(("Café " + lines).encode('latin-1')).decode()
                html = quopri.encodestring(f"<html><body><p>{text}</p></body></html>".encode()).decode()
                body = (head + 'Content-Type: multipart/alternative; boundary="alt"\n\n--alt\n'
                        "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
                        + qp + "\n--alt\nContent-Type: text/html; charset=utf-8\n"
                        "Content-Transfer-Encoding: quoted-printable\n\n" + html + "\n--alt--\n")
            elif kind == 2:
                blob = base64.encodebytes(rnd.randbytes(rnd.randint(5000, 60000))).decode()
                body = (head + 'Content-Type: multipart/mixed; boundary="mix"\n\n--mix\n'
                        "Content-Type: text/plain\n\n" + lines + "\n--mix\n"
                        'Content-Type: image/jpeg; name="photo.jpg"\nContent-Disposition: attachment; filename="photo.jpg"\n'
                        "Content-Transfer-Encoding: base64\n\n" + blob + "--mix--\n")
            elif kind == 3:
                inner = ("From: Owner <owner@example.org>\nSubject: Takedown\n"
                         "Content-Type: text/plain; charset=utf-8\n\n" + lines + "\n")
                body = (head + 'Content-Type: multipart/mixed; boundary="fwd"\n\n--fwd\n'
                        "Content-Type: text/plain\n\nForwarded.\n--fwd\nContent-Type: message/rfc822\n\n"
                        + inner + "--fwd--\n")
            else:
                body = (head + "Content-Type: text/plain; charset=windows-1252\n"
                        "Content-Transfer-Encoding: 8bit\n\n" + "\u201cquoted\u201d ".encode('cp1252').decode('latin-1') + lines + "\n")
            data = body.replace('\nFrom ', '\n>From ').encode('latin-1', 'replace') + b"\n"
            out.write(data)
            written += len(data)
    print(f"{path}: {n} messages, {written / 1048576:.1f} MB")

if __name__ == '__main__':
    main(sys.argv[1], int(sys.argv[2]))
