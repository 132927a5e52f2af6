#!/usr/bin/env python3
"""Writes small, valid, distinct PNG files for the MediaWiki tests (standard library only).

    mediawiki-make-png.py [--size N] [--seed TEXT] FILE...

Each FILE gets an N x N (default 16) RGB image whose pixels are derived from the file's base
name and TEXT, so two different names (or seeds) give different pixels and so different SHA-1s,
and the same name and seed always give the same bytes. A new version of an uploaded file: the
same name, another seed.
"""
import argparse
import hashlib
import os
import struct
import sys
import zlib


def chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png(seed: bytes, size: int) -> bytes:
    # A stream of pseudo-random bytes from the seed: SHA-256 in counter mode.
    need = size * size * 3
    stream = b""
    counter = 0
    while len(stream) < need:
        stream += hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
        counter += 1
    rows = b"".join(b"\x00" + stream[y * size * 3:(y + 1) * size * 3] for y in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=16)
    parser.add_argument("--seed", default="")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    if not 1 <= args.size <= 1024:
        parser.error("--size must be 1..1024")
    for path in args.files:
        with open(path, "wb") as out:
            out.write(png((args.seed + "\0" + os.path.basename(path)).encode("utf-8"), args.size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
