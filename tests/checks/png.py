"""Reading the app's PNGs for the smoke tests' checkers with Pillow
(python3-pil), a decoder independent of the one that wrote them: the
signature, every chunk's CRC and the zlib stream are checked, so a damaged
file is reported rather than misread. (Unfiltering rows in pure Python took
1.5 s of CPU per 1920x1080 screenshot; Pillow takes a few milliseconds.)"""
from PIL import Image


def read_png(path):
    """(width, height, rows): rows of RGB bytes, top to bottom."""
    try:
        with Image.open(path) as img:
            if img.format != "PNG":
                raise ValueError(f"{path}: not a PNG")
            img.verify()  # every chunk's CRC, up to the end chunk
        with Image.open(path) as img:
            if img.mode not in ("RGB", "RGBA"):
                raise ValueError(f"{path}: mode {img.mode}; expected 8-bit RGB(A)")
            img.load()  # the zlib stream and every row filter
            w, h = img.size
            data = img.convert("RGB").tobytes()
    except ValueError:
        raise
    except Exception as e:  # Pillow's own errors: SyntaxError, OSError, zlib.error, ...
        raise ValueError(f"{path}: damaged PNG ({e})") from None
    stride = 3 * w
    return w, h, [data[y * stride:(y + 1) * stride] for y in range(h)]
