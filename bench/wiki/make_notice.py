#!/usr/bin/env python3
"""Writes one complete plain-text DMCA takedown notice naming N Commons files.

    make_notice.py N PREFIX > notice.eml

The files are https://commons.wikimedia.org/wiki/File:PREFIX_0001.png ... PREFIX_N.png; the
wording has every element of 17 U.S.C. §512(c)(3)(A) that `dmca check` looks for (signature,
the work, contact, the good-faith and the accuracy/authority-under-penalty-of-perjury
statements), so `dmca approve` accepts it.
"""
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, prefix = int(sys.argv[1]), sys.argv[2]
    urls = "".join(f"https://commons.wikimedia.org/wiki/File:{prefix}_{i:04d}.png\n"
                   for i in range(1, n + 1))
    sys.stdout.write(f"""From: "Morgan Example, Example Pictures LLC" <rights@examplepictures.example>
To: legal@wikimedia.org
Subject: DMCA Takedown Notice - {n} photographs of the Coastlines series
Date: Sun, 22 Nov 2026 18:40:11 -0500
Message-ID: <bench-{prefix}-{n}@examplepictures.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Dear Wikimedia Foundation Designated Agent,

I am writing on behalf of Example Pictures LLC, the owner of the exclusive copyrights in
the photographs of the series "Coastlines" (2019), first published in our catalogue at
https://examplepictures.example/coastlines.

The following material hosted on your sites infringes that copyright:

{urls}
I have a good faith belief that use of the copyrighted materials described above is
not authorized by the copyright owner, its agent, or the law.

I swear, under penalty of perjury, that the information in this notification is
accurate and that I am authorized to act on behalf of the owner of the exclusive right
that is allegedly infringed.

Please remove or disable access to this material expeditiously.

Sincerely,

/s/ Morgan Example
Rights Manager, Example Pictures LLC
1200 Example Avenue, Suite 400
Springfield, IL 62701
United States
Tel: +1 (555) 010-4477
rights@examplepictures.example
""")


if __name__ == "__main__":
    main()
