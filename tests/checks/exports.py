#!/usr/bin/env python3
"""Checks what one run exported for slides (--export-panel, --export-curves,
--export-codes). Pictures: valid PNGs (signature, chunk CRCs, zlib stream;
read with Pillow) exactly twice the size on screen (the
window's given here, a panel's as --stats recorded it), not blank, and the
same picture as the screen: halved, each matches the --screenshot of the same
frame where the panel was; a panel is the window picture's crop to the pixel.
CSVs: the stated columns, one value per column on every row.
Usage: exports.py STATS.json WIDTH HEIGHT SCREENSHOT.png [--curves FILE.csv] [--codes FILE.csv]"""
import csv, json, sys

from png import read_png

problems = []


def blank(rows):
    values = [v for row in rows[::4] for v in row[::7]]
    mean = sum(values) / len(values)
    std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    colours = {row[i:i + 3] for row in rows[::8] for i in range(0, len(row) - 2, 15)}
    return std < 15 or len(colours) < 50, std, len(colours)


def halved_difference(big, small, x, y):
    """Mean absolute difference per value between `big` averaged over 2x2 blocks and `small` at (x, y)."""
    total, count = 0, 0
    for r in range(0, len(big) // 2, 2):  # every other row of the halved picture is plenty
        top, bottom, screen = big[2 * r], big[2 * r + 1], small[y + r]
        for i in range(0, len(top) // 6, 3):  # every third pixel
            for c in range(3):
                k = 6 * i + c
                v = (top[k] + top[k + 3] + bottom[k] + bottom[k + 3] + 2) // 4
                total += abs(v - screen[3 * (x + i) + c])
                count += 1
    return total / count


def check_pictures(stats_path, width, height, screenshot):
    exports = json.load(open(stats_path)).get("exports", [])
    if not exports:
        problems.append(f"{stats_path}: no exported pictures recorded")
        return
    sw, sh, screen = read_png(screenshot)
    if (sw, sh) != (width, height):
        problems.append(f"{screenshot}: {sw}x{sh}, expected {width}x{height}")
        return
    window = None
    for e in exports:
        if e["panel"] == "window":
            window = read_png(e["path"])
    for e in exports:
        path, panel = e["path"], e["panel"]
        w, h, rows = window if panel == "window" else read_png(path)
        want = (2 * e["width"], 2 * e["height"])
        if panel == "window" and (e["width"], e["height"]) != (width, height):
            problems.append(f"{path}: the window recorded as {e['width']}x{e['height']}, but it is {width}x{height}")
        if (w, h) != want:
            problems.append(f"{path}: {w}x{h}, expected twice {e['width']}x{e['height']}")
            continue
        empty, std, colours = blank(rows)
        if empty:
            problems.append(f"{path}: looks blank (stddev {std:.1f}, {colours} colours)")
        diff = halved_difference(rows, screen, e["x"], e["y"])
        # Text rasterized at twice the size and a decoded picture refreshed in between differ a little; another panel a lot.
        if diff > 12:
            problems.append(f"{path}: halved, differs from the screen at ({e['x']}, {e['y']}) by {diff:.1f} per value")
        if window and panel != "window":
            x, y = 2 * e["x"], 2 * e["y"]
            if any(rows[r] != window[2][y + r][3 * x:3 * (x + w)] for r in range(h)):
                problems.append(f"{path}: not the window picture's crop at ({x}, {y})")
        print(f"{path}: {panel} {w}x{h}, stddev {std:.1f}, {colours} colours, {diff:.1f} from the screen halved")


def check_csv(path, first_columns, series):
    rows = list(csv.reader(open(path, newline="")))
    header = rows[0] if rows else []
    if header[:len(first_columns)] != first_columns:
        problems.append(f"{path}: starts with columns {header[:len(first_columns)]}, expected {first_columns}")
    if not series(header[len(first_columns):]):
        problems.append(f"{path}: unexpected series columns {header[len(first_columns):]}")
    if len(rows) < 2:
        problems.append(f"{path}: no rows")
    ragged = [i for i, r in enumerate(rows) if len(r) != len(header)]
    if ragged:
        problems.append(f"{path}: {len(ragged)} rows without one value per column (first: line {ragged[0] + 1})")
    print(f"{path}: {len(header)} columns, {len(rows) - 1} rows")
    return header, rows[1:]


def check_curves(path):
    vae = ["estimator", "train_elbo", "train_reconstruction", "train_kl", "test_elbo", "test_reconstruction", "test_kl"]
    conditional = ["train_mdn_log_lik", "train_cvae_elbo", "train_regressor_mse", "test_mdn_log_lik",
                   "test_cvae_elbo", "test_regressor_mse"]
    header, rows = check_csv(path, ["step", "epoch"], lambda rest: rest in (vae, conditional))
    steps = [int(r[0]) for r in rows]
    if any(b <= a for a, b in zip(steps, steps[1:])):
        problems.append(f"{path}: steps not increasing")
    tests = [r for r in rows if r[header.index(header[-1])] != ""]
    if not tests:
        problems.append(f"{path}: no held-out values (expected some at epoch ends)")


def check_codes(path):
    def series(rest):
        n = len(rest) // 2
        return n > 0 and rest == [f"mu_{d}" for d in range(1, n + 1)] + [f"sigma_{d}" for d in range(1, n + 1)]
    header, rows = check_csv(path, ["index", "label", "class"], series)
    n = (len(header) - 3) // 2
    if any(float(v) <= 0 for r in rows for v in r[3 + n:]):
        problems.append(f"{path}: a sigma that is not positive")


args = sys.argv[1:]
options = {}
while len(args) > 4 and args[-2].startswith("--"):
    options[args[-2]] = args[-1]
    args = args[:-2]
if len(args) != 4:
    sys.exit(__doc__.splitlines()[-1])
try:
    check_pictures(args[0], int(args[1]), int(args[2]), args[3])
    if "--curves" in options:
        check_curves(options["--curves"])
    if "--codes" in options:
        check_codes(options["--codes"])
except (OSError, ValueError, KeyError, IndexError) as e:
    problems.append(str(e))
if problems:
    sys.exit("exports: " + "; ".join(problems))
