#!/usr/bin/env python3
"""Checks a screenshot of the app: a valid PNG (signature, chunk CRCs, zlib
stream; read with Pillow) of the expected size, with enough
variation that it cannot be a blank or single-colour window.
Usage: screenshot.py FILE WIDTH HEIGHT"""
import sys

from PIL import Image

from png import read_png

path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
try:
    w, h, rows = read_png(path)  # rows of RGB bytes
except ValueError as e:
    sys.exit(str(e))
if (w, h) != (want_w, want_h):
    sys.exit(f"{path}: {w}x{h}; expected {want_w}x{want_h}")
stride = 3 * w
values = b"".join(rows[::4])  # every fourth row's R, G and B values
n = len(values)
histogram = Image.frombytes("L", (n, 1), values).histogram()  # how many of each value 0-255
mean = sum(v * c for v, c in enumerate(histogram)) / n
std = (sum((v - mean) ** 2 * c for v, c in enumerate(histogram)) / n) ** 0.5
colors = {row[i:i + 3] for row in rows[::8] for i in range(0, stride, 15)}
dark = sum(histogram[:60]) / n
print(f"{path}: {w}x{h}, mean {mean:.1f}, stddev {std:.1f}, {len(colors)} colours, {100 * dark:.1f}% dark")
if std < 15 or len(colors) < 50 or dark < 0.002:
    sys.exit(f"{path}: looks blank (stddev {std:.1f}, {len(colors)} colours, {100 * dark:.2f}% dark values)")
