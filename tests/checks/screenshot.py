#!/usr/bin/env python3
"""Checks a screenshot of the app with nothing but the standard library: a valid
PNG (signature, chunk CRCs, zlib stream) of the expected size, with enough
variation that it cannot be a blank or single-colour window.
Usage: screenshot.py FILE WIDTH HEIGHT"""
import struct, sys, zlib
path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{path}: not a PNG")
pos, idat, header = 8, b"", None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    crc, = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
    if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
        sys.exit(f"{path}: bad CRC in {kind!r}")
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
w, h, depth, color = header[:4]
if (w, h) != (want_w, want_h) or depth != 8 or color not in (2, 6):
    sys.exit(f"{path}: {w}x{h}, depth {depth}, colour type {color}; expected {want_w}x{want_h} RGB(A)")
bpp = 3 if color == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, rows, p = bytearray(stride), [], 0
for _ in range(h):
    f, line = raw[p], bytearray(raw[p + 1:p + 1 + stride])
    p += 1 + stride
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    prev = line
values = [v for row in rows[::4] for i, v in enumerate(row) if i % bpp < 3]
n = len(values)
mean = sum(values) / n
std = (sum((v - mean) ** 2 for v in values) / n) ** 0.5
colors = {bytes(row[i:i + 3]) for row in rows[::8] for i in range(0, stride, bpp * 5)}
dark = sum(v < 60 for v in values) / n
print(f"{path}: {w}x{h}, mean {mean:.1f}, stddev {std:.1f}, {len(colors)} colours, {100 * dark:.1f}% dark")
if std < 15 or len(colors) < 50 or dark < 0.002:
    sys.exit(f"{path}: looks blank (stddev {std:.1f}, {len(colors)} colours, {100 * dark:.2f}% dark values)")
