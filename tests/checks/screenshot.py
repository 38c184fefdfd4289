#!/usr/bin/env python3
"""Checks a screenshot of the app with nothing but the standard library: a valid
PNG (signature, chunk CRCs, zlib stream) of the expected size, with enough
variation that it cannot be a blank or single-colour window.
Usage: screenshot.py FILE WIDTH HEIGHT"""
import sys

from png import read_png

path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
try:
    w, h, rows = read_png(path)  # rows of RGB bytes
except ValueError as e:
    sys.exit(str(e))
if (w, h) != (want_w, want_h):
    sys.exit(f"{path}: {w}x{h}; expected {want_w}x{want_h}")
bpp, stride = 3, 3 * w
values = [v for row in rows[::4] for i, v in enumerate(row) if i % bpp < 3]
n = len(values)
mean = sum(values) / n
std = (sum((v - mean) ** 2 for v in values) / n) ** 0.5
colors = {bytes(row[i:i + 3]) for row in rows[::8] for i in range(0, stride, bpp * 5)}
dark = sum(v < 60 for v in values) / n
print(f"{path}: {w}x{h}, mean {mean:.1f}, stddev {std:.1f}, {len(colors)} colours, {100 * dark:.1f}% dark")
if std < 15 or len(colors) < 50 or dark < 0.002:
    sys.exit(f"{path}: looks blank (stddev {std:.1f}, {len(colors)} colours, {100 * dark:.2f}% dark values)")
