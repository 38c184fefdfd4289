"""Reading the app's PNGs with nothing but the standard library, for the
smoke tests' checkers: signature, chunk CRCs, the zlib stream and every row
filter, so a damaged file is reported rather than misread."""
import struct
import zlib
from itertools import accumulate


def read_png(path):
    """(width, height, rows): rows of RGB bytes, top to bottom."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        if pos + 12 > len(data) or pos + 12 + struct.unpack(">I", data[pos:pos + 4])[0] > len(data):
            raise ValueError(f"{path}: truncated at byte {pos}")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc, = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise ValueError(f"{path}: bad CRC in {kind!r}")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if header is None or not idat:
        raise ValueError(f"{path}: no image header or no pixel data")
    w, h, depth, color = header[:4]
    if depth != 8 or color not in (2, 6):
        raise ValueError(f"{path}: depth {depth}, colour type {color}; expected 8-bit RGB(A)")
    bpp = 3 if color == 2 else 4
    try:
        raw, stride = zlib.decompress(idat), w * bpp
    except zlib.error:
        raise ValueError(f"{path}: damaged pixel data (zlib)") from None
    if len(raw) != h * (stride + 1):
        raise ValueError(f"{path}: {len(raw)} bytes of pixels for {w}x{h}")
    prev, rows = bytes(stride), []
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:  # Sub: a running sum per channel, in C
            for c in range(bpp):
                line[c::bpp] = bytes(map((255).__and__, accumulate(line[c::bpp])))
        elif f == 2:  # Up
            line = bytearray(map((255).__and__, map(int.__add__, line, prev)))
        elif f in (3, 4):
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                if f == 3:
                    line[i] = (line[i] + (a + b) // 2) & 255
                else:
                    c = prev[i - bpp] if i >= bpp else 0
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif f != 0:
            raise ValueError(f"{path}: unknown filter {f} in row {y}")
        prev = line
        rows.append(bytes(line) if bpp == 3 else bytes(v for i, v in enumerate(line) if i % 4 < 3))
    return w, h, rows
