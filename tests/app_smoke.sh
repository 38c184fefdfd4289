#!/bin/sh
# Smoke test of the real desktop app under Xvfb: one run per data kind
# (sprites, Fashion-MNIST if installed, a 2-D toy set) and one at a large UI
# scale, and conditional-density runs (MDN, regressor, conditional VAE);
# fails on a crash, a GL error, a pin or slice not redrawn in the frame it
# moved, or a blank or malformed screenshot. Usage: app_smoke.sh <latentlab>
set -u

app=${1:?usage: app_smoke.sh path/to/latentlab}
frames=${SMOKE_FRAMES:-300}
work=$(mktemp -d "${TMPDIR:-/tmp}/latentlab-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Our own config directory: the test must neither read nor overwrite a user's layout.
export XDG_CONFIG_HOME="$work/config"
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "SKIP: xvfb-run not found (apt-get install xvfb xauth)"
  exit 77
fi

# 1. Without a display: one clear line naming xvfb-run, exit code 2.
out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$app" --frames 1 2>&1)
code=$?
[ "$code" -eq 2 ] || fail "no display: exit code $code, expected 2"
echo "$out" | grep -q "xvfb-run" || fail "no display: message does not suggest xvfb-run: $out"

# Checks one PNG with nothing but python3's standard library: valid
# signature, chunk CRCs and zlib stream, the expected size, and enough
# variation that it cannot be a blank or single-colour window.
check_png() {
  python3 - "$1" "$2" "$3" <<'EOF'
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
EOF
}

# Checks the --stats file: every frame drawn, no GL error, every scripted
# drag (a VAE's pin, a conditional run's slice x) shown in its own frame.
check_stats() {
  python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
path, frames, drag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = json.load(open(path))
problems = []
if s.get("frames") != frames: problems.append(f"drew {s.get('frames')} frames, expected {frames}")
if s.get("gl_errors", 1) != 0: problems.append(f"{s.get('gl_errors')} GL errors")
if drag in ("pin", "both"):
    if s.get("pin_drags", 0) == 0: problems.append("no pin drag was recorded (--demo-drag)")
    elif s.get("pin_drags_decoded_same_frame") != s.get("pin_drags"):
        problems.append(f"{s['pin_drags'] - s['pin_drags_decoded_same_frame']} of {s['pin_drags']} pin drags decoded a frame late")
if drag in ("slice", "both"):
    if s.get("slice_drags", 0) == 0: problems.append("no slice drag was recorded (--demo-drag)")
    elif s.get("slice_drags_same_frame") != s.get("slice_drags"):
        problems.append(f"{s['slice_drags'] - s['slice_drags_same_frame']} of {s['slice_drags']} slice drags drawn a frame late")
    if s.get("conditional_grids", 0) == 0: problems.append("no p(y|x) grid was computed")
for key in ("ui_ms_p50", "ui_ms_p99", "frame_ms_p50", "train_samples_per_s"):
    if key not in s: problems.append(f"no {key}")
print(f"{path}: {s.get('dataset')}: ui_ms p50 {s.get('ui_ms_p50', 0):.2f} p99 {s.get('ui_ms_p99', 0):.2f}, "
      f"frame_ms p50 {s.get('frame_ms_p50', 0):.1f}, train {s.get('train_samples_per_s', 0):.0f} samples/s, "
      f"pin decode p99 {s.get('pin_decode_ms_p99', 0):.2f} ms, slice p99 {s.get('conditional_slice_us_p99', 0):.0f} us, "
      f"grid p99 {s.get('conditional_grid_us_p99', 0):.0f} us, renderer {s.get('renderer')}")
if problems: sys.exit(f"{path}: " + "; ".join(problems))
EOF
}

# run <name> <frames> <width> <height> <app options...>; names starting
# with cond- are conditional runs, whose scripted drag moves the slice x;
# switch- runs change between the two kinds while training, so both drag.
run() {
  name=$1 n=$2 width=$3 height=$4
  shift 4
  case "$name" in cond-*) drag=slice ;; switch-*) drag=both ;; *) drag=pin ;; esac
  shot="$work/$name.png" stats="$work/$name.json" log="$work/$name.log"
  xvfb-run -a -s "-screen 0 ${width}x${height}x24" "$app" --frames "$n" --size "${width}x${height}" --demo-drag \
    --screenshot "$shot" --stats "$stats" "$@" >"$log" 2>&1
  code=$?
  if [ "$code" -ne 0 ]; then
    fail "$name: exit code $code"
    tail -n 20 "$log"
    return
  fi
  if grep -q "GL error" "$log"; then fail "$name: $(grep -m1 'GL error' "$log")"; fi
  [ -s "$shot" ] || { fail "$name: no screenshot"; return; }
  check_png "$shot" "$width" "$height" || fail "$name: screenshot check"
  check_stats "$stats" "$n" "$drag" || fail "$name: stats check"
  if [ -n "${SMOKE_KEEP:-}" ]; then cp "$shot" "$stats" "$SMOKE_KEEP"/ 2>/dev/null; fi
}

run sprites "$frames" 1280 800 --dataset sprites
fashion_dir=${LATENT_FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
if [ -e "$fashion_dir/train-images-idx3-ubyte.gz" ] || [ -e "$fashion_dir/train-images-idx3-ubyte" ]; then
  run fashion "$frames" 1280 800 --dataset fashion-mnist
else
  echo "note: Fashion-MNIST not installed ($fashion_dir); skipping that run"
fi
run moons "$frames" 1280 800 --dataset moons
# A projector setting: large text, fonts rebuilt at 2x, a 4-D latent space.
run projector "$frames" 1920 1080 --dataset sprites --ui-scale 2 --latent 4
# Conditional density p(y|x): the multi-valued inverse problems, one at projector scale.
run cond-sinusoid-inverse "$frames" 1280 800 --model mdn --dataset sinusoid-inverse --batch 1000 --lr 3e-3
run cond-bishop-inverse "$frames" 1920 1080 --model mdn --dataset bishop-inverse --ui-scale 2
# VAE -> conditional models -> VAE ... every 37 frames while training (the Controls' model kind switch).
run switch-kinds "$frames" 1280 800 --dataset moons --demo-switch 37

if [ "$failures" -ne 0 ]; then
  echo "app_smoke: $failures failure(s)"
  exit 1
fi
echo "app_smoke: all runs passed"
