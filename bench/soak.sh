#!/bin/bash
# Soak test of the desktop app's memory: runs it under Xvfb at full training
# speed for SECONDS on each data set (moons and Fashion-MNIST unless named),
# samples its resident memory (VmRSS) every ~10 s and prints the curve and
# the growth after warm-up (the first 5 minutes, or the first third of a
# shorter run). Usage: bench/soak.sh SECONDS [DATASET...]
#   LATENTLAB (default ./build/latentlab), SOAK_INTERVAL (default 10 seconds).
set -u

seconds=${1:?usage: bench/soak.sh SECONDS [DATASET...]}
shift
datasets=("$@")
[ ${#datasets[@]} -gt 0 ] || datasets=(moons fashion-mnist)
app=${LATENTLAB:-./build/latentlab}
interval=${SOAK_INTERVAL:-10}
[ -x "$app" ] || { echo "soak: $app is not an executable; build it (cmake --build build --target latentlab) or set LATENTLAB"; exit 2; }
command -v xvfb-run >/dev/null || { echo "soak: xvfb-run not found (apt-get install xvfb xauth)"; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/latentlab-soak.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"  # neither read nor overwrite the user's settings

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null; }

soak() {
  local dataset=$1 log="$work/$1.log"
  # The app paces its own frames (at most 60 a second, ~10 while nobody
  # interacts): vsync does nothing under Xvfb, so no other cap is needed.
  xvfb-run -a -s "-screen 0 1280x800x24" "$app" --dataset "$dataset" --pace 0 --frames 0 >"$log" 2>&1 &
  local runner=$! pid=""
  for _ in $(seq 100); do
    pid=$(pgrep -P "$runner" -x "$(basename "$app" | cut -c1-15)" | head -n1)
    [ -n "$pid" ] && break
    sleep 0.1
  done
  if [ -z "$pid" ]; then
    echo "soak: $dataset: the app did not start"; tail -n 5 "$log"
    pkill -P "$runner"  # whatever xvfb-run did start (it then stops its Xvfb)
    wait "$runner" 2>/dev/null
    return 1
  fi
  echo "== $dataset: pid $pid, $seconds s, VmRSS every $interval s"
  printf '%8s %10s\n' "seconds" "RSS MB"
  local start=$SECONDS times=() rss=() t r
  while :; do
    t=$((SECONDS - start))
    r=$(rss_kb "$pid")
    [ -n "$r" ] || { echo "soak: $dataset: the app exited early"; tail -n 5 "$log"; return 1; }
    times+=("$t") rss+=("$r")
    printf '%8d %10.1f\n' "$t" "$(echo "$r / 1024" | bc -l)"
    [ "$t" -ge "$seconds" ] && break
    sleep "$interval"
  done
  kill "$pid"
  wait "$runner" 2>/dev/null
  # Warm-up: the first 5 minutes, or the first third of a shorter run.
  local warm=300
  [ "$seconds" -lt 900 ] && warm=$((seconds / 3))
  local i at=0
  for i in "${!times[@]}"; do
    if [ "${times[$i]}" -ge "$warm" ]; then at=$i; break; fi
  done
  local last=$((${#rss[@]} - 1))
  awk -v d="$dataset" -v t0="${times[$at]}" -v r0="${rss[$at]}" -v t1="${times[$last]}" -v r1="${rss[$last]}" -v first="${rss[0]}" \
    'BEGIN { printf "%s: %.1f MB at start, %.1f MB at %d s, %.1f MB at %d s: growth after warm-up %+.1f MB (%+.2f MB/hour)\n",
             d, first / 1024, r0 / 1024, t0, r1 / 1024, t1, (r1 - r0) / 1024,
             (t1 > t0 ? (r1 - r0) / 1024 * 3600 / (t1 - t0) : 0) }'
}

status=0
for d in "${datasets[@]}"; do soak "$d" || status=1; done
exit $status
