#!/bin/sh
# The monkey test: the real app under Xvfb on each data kind (images, 2-D
# points, a conditional model, a mixture, discrete latents, a lesson), in a
# small laptop's 960x600 window (Mesa's software rasterizer, most of a frame's
# cost here, draws it in about 70% of the time of 1280x800's), while
# --demo-monkey feeds it random clicks, drags, wheel turns, typing, shortcuts
# and menu clicks for FRAMES frames; fails on a crash, a GL error, a frame
# not drawn or a non-finite figure in --stats. MONKEY_FRAMES (default 450),
# MONKEY_SEED (default 1) vary the run; a failure prints the seed to replay.
# Usage: monkey_smoke.sh <latentlab>
set -u
. "$(dirname "$0")/smoke_common.sh"
frames=${MONKEY_FRAMES:-450}
seed=${MONKEY_SEED:-1}
# Its screenshots (Ctrl+S) and the files it saves land in the scratch folder.
app=$(cd "$(dirname "$app")" && pwd)/$(basename "$app")
checks=$(cd "$checks" && pwd)
export HOME="$work"
cd "$work" || exit 1

run() {  # run NAME SEED [latentlab options]
  name=$1 s=$2
  shift 2
  stats="$work/$name.json" log="$work/$name.log"
  if ! run_app "$name" "$log" -s "-screen 0 960x600x24" "$app" --frames "$frames" --size 960x600 \
    --demo-monkey "$s" --stats "$stats" "$@"; then
    echo "replay: latentlab --frames $frames --size 960x600 --demo-monkey $s $*"
    return
  fi
  "$python" "$checks/run_stats.py" "$stats" "$frames" none >/dev/null || fail "$name: stats check (seed $s)"
  "$python" "$checks/finite_stats.py" "$stats" || fail "$name: non-finite figure (seed $s)"
}

run images "$seed" --dataset sprites
run points $((seed + 1)) --dataset moons
run conditional $((seed + 2)) --model mdn --dataset sinusoid-inverse
run mixture $((seed + 3)) --model gmm --dataset gaussians
run categorical $((seed + 4)) --latent-type categorical --dataset sprites --groups 2 --categories 6
run vq $((seed + 5)) --latent-type vq --dataset moons
run lesson $((seed + 6)) --lesson elbo
# A monkey run saves no settings and no window layout, which would become
# the user's next time.
[ -z "$(find "$XDG_CONFIG_HOME" -type f 2>/dev/null)" ] || fail "a monkey run saved settings: $(find "$XDG_CONFIG_HOME" -type f)"

finish monkey_smoke "7 monkey runs of $frames frames, no crash, no GL error, every figure finite"
