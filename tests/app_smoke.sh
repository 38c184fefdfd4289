#!/bin/sh
# Smoke test of the real desktop app under Xvfb: one run per data kind
# (sprites, Fashion-MNIST if installed, a 2-D toy set) and one at a large UI
# scale, conditional-density runs (MDN, regressor, conditional VAE) and
# mixtures of Gaussians (EM, gradient ascent);
# fails on a crash, a GL error, a pin or slice not redrawn in the frame it
# moved, or a blank or malformed screenshot. Usage: app_smoke.sh <latentlab>
set -u

frames=${SMOKE_FRAMES:-100}
. "$(dirname "$0")/smoke_common.sh"

# 1. Without a display: one clear line naming xvfb-run, exit code 2.
out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$app" --frames 1 2>&1)
code=$?
[ "$code" -eq 2 ] || fail "no display: exit code $code, expected 2"
echo "$out" | grep -q "xvfb-run" || fail "no display: message does not suggest xvfb-run: $out"

# run <name> <frames> <width> <height> <app options...>; names starting
# with cond- are conditional runs, whose scripted drag moves the slice x;
# switch- runs change between the two kinds while training, so both drag;
# gmm-, categorical- and vq- runs have no pin to drag.
run() {
  name=$1 n=$2 width=$3 height=$4
  shift 4
  case "$name" in cond-*) drag=slice ;; switch-*) drag=both ;; gmm-* | categorical-* | vq-*) drag=none ;; *) drag=pin ;; esac
  shot="$work/$name.png" stats="$work/$name.json" log="$work/$name.log"
  run_app "$name" "$log" -s "-screen 0 ${width}x${height}x24" "$app" --frames "$n" --size "${width}x${height}" \
    --demo-drag --screenshot "$shot" --stats "$stats" "$@" || return
  [ -s "$shot" ] || { fail "$name: no screenshot"; return; }
  "$python" "$checks/screenshot.py" "$shot" "$width" "$height" || fail "$name: screenshot check"
  "$python" "$checks/run_stats.py" "$stats" "$n" "$drag" || fail "$name: stats check"
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
# Points of one's own: three columns in their own units and a text label column.
points="$work/points.csv"
awk 'BEGIN { print "flipper_mm,mass_g,depth_mm,species"; srand(3)
  for (i = 0; i < 300; i++) { k = i % 3; printf "%.1f,%.0f,%.2f,%s\n", 190 + 13*k + 6*rand(), 3700 + 700*k + 400*rand(), 18 - k + rand(), (k ? (k == 1 ? "b" : "c") : "a") } }' >"$points"
run csv-points "$frames" 1280 800 --dataset "csv:$points" --label-column species
# A data set drawn in the window (two classes of strokes), then trained on, kept in a scratch drawings folder.
XDG_DATA_HOME="$work/xdg" run draw-vae "$frames" 1280 800 --dataset moons --demo-draw
ls "$work"/xdg/latentlab/drawings/drawn-*.csv >/dev/null 2>&1 || fail "draw-vae: the drawn set was not kept"
# A projector setting: large text, fonts rebuilt at 2x, a 4-D latent space.
run projector "$frames" 1920 1080 --dataset sprites --ui-scale 2 --latent 4
# Conditional density p(y|x): the multi-valued inverse problems, one at projector scale.
run cond-sinusoid-inverse "$frames" 1280 800 --model mdn --dataset sinusoid-inverse --batch 1000 --lr 3e-3
run cond-bishop-inverse "$frames" 1920 1080 --model mdn --dataset bishop-inverse --ui-scale 2
# A mixture of Gaussians: EM at its default pace of a few half-steps a second, and
# gradient ascent on log p(x) at projector scale.
run gmm-em "$frames" 1280 800 --model gmm --dataset gaussians
run gmm-gradient "$frames" 1920 1080 --model gmm --gmm-fit gradient --components 5 --dataset pinwheel --lr 0.02 --ui-scale 2
# Discrete latents: a categorical VAE (its code table and exact bound; its gradient lab's
# estimators on points at projector scale) and a VQ-VAE (its codebook plane and usage).
run categorical-sprites "$frames" 1280 800 --latent-type categorical --dataset sprites --groups 2 --categories 6
run categorical-lab "$frames" 1920 1080 --latent-type categorical --dataset moons --estimator gumbel --open gradient-lab --ui-scale 2
run vq-sprites "$frames" 1280 800 --latent-type vq --dataset sprites --codebook 12
run vq-moons "$frames" 1920 1080 --latent-type vq --dataset moons --ui-scale 2
# VAE -> conditional models -> VAE ... every 37 frames while training (the Controls' model kind switch).
run switch-kinds "$frames" 1280 800 --dataset moons --demo-switch 37
# A model trained beforehand, opened in the window, and exported for slides:
# the window and two panels as PNGs at 2x, the curves and the codes as CSV.
ckpt="$work/moons.ckpt"
"$app" train --dataset moons --epochs 2 --save "$ckpt" >"$work/train.log" 2>&1 || fail "train --save: $(tail -n1 "$work/train.log")"
shot="$work/export.png" stats="$work/export.json" log="$work/export.log"
xvfb-run -a -s "-screen 0 960x600x24" "$app" --load "$ckpt" --frames 30 --size 960x600 --screenshot "$shot" \
  --stats "$stats" --export-panel window "$work/window.png" --export-panel curves "$work/curves.png" \
  --export-panel latent "$work/latent.png" --export-curves "$work/curves.csv" --export-codes "$work/codes.csv" \
  >"$log" 2>&1 || { fail "export: exit code $?"; tail -n 20 "$log"; }
[ -s "$stats" ] && { "$python" "$checks/exports.py" "$stats" 960 600 "$shot" --curves "$work/curves.csv" \
  --codes "$work/codes.csv" || fail "export: exports check"; }
# The same model as PyTorch's safetensors, opened in the window.
"$app" export --load "$ckpt" --out "$work/moons.safetensors" >"$work/export-st.log" 2>&1 ||
  fail "export --out .safetensors: $(tail -n1 "$work/export-st.log")"
run safetensors "$frames" 960 600 --load "$work/moons.safetensors"
# A damaged checkpoint: one line naming the file, exit code 2, before any window.
head -c 100 "$ckpt" >"$work/broken.ckpt"
out=$("$app" --load "$work/broken.ckpt" --frames 1 2>&1)
code=$?
[ "$code" -eq 2 ] || fail "broken checkpoint: exit code $code, expected 2"
echo "$out" | grep -q "broken.ckpt" || fail "broken checkpoint: message does not name the file: $out"

# The bound panel with per-point VI while training: every frame shows one model,
# and its bounds keep their order (ELBO <= IWAE_k <= log p(x), ELBO(q*) >= ELBO(q)).
# VI starts by itself after a third of the frames (the model trains first); --frames
# counts from its end, however long a loaded machine takes to get there.
log="$work/bound-vi.log" figures="$work/bound-vi.jsonl"
xvfb-run -a -s "-screen 0 1280x800x24" "$app" --open bound-vi --frames 150 --size 1280x800 \
  --figures-log "$figures" >"$log" 2>&1 || { fail "bound-vi: exit code $?"; tail -n 20 "$log"; }
[ -s "$figures" ] && { "$python" "$checks/bound_figures.py" "$figures" || fail "bound-vi: figures check"; }

# The gradient lab's discrete tab at projector scale: it draws, and the screenshot is a picture.
shot="$work/coin.png" log="$work/coin.log"
xvfb-run -a -s "-screen 0 1920x1080x24" "$app" --open gradient-lab-discrete --frames 20 --size 1920x1080 \
  --ui-scale 2 --screenshot "$shot" >"$log" 2>&1 || { fail "coin: exit code $?"; tail -n 20 "$log"; }
grep -q "GL error" "$log" && fail "coin: $(grep -m1 'GL error' "$log")"
[ -s "$shot" ] && { "$python" "$checks/screenshot.py" "$shot" 1920 1080 || fail "coin: screenshot check"; }

finish app_smoke "all runs passed"
