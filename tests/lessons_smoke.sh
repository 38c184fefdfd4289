#!/bin/sh
# Opens every step of every built-in lesson in the real app under Xvfb, at a
# projector's 1920x1080 with --ui-scale 2, as `--lesson NAME --lesson-step K`
# would in class; fails on a crash, a GL error, a blank or malformed
# screenshot, or a plot shorter than a lesson promises. SMOKE_KEEP=DIR keeps the screenshots to look at.
# Usage: lessons_smoke.sh <latentlab>
set -u

# 20 frames after the step's model is ready (--frames does not count a lesson's
# warm-up): a few seconds of the step as the class sees it, probes included.
# --rehearse=100: warm-ups a hundredth as long; what is checked here is the
# step's window, not how far its model got.
frames=${LESSON_FRAMES:-20}
. "$(dirname "$0")/smoke_common.sh"
runs=0

"$app" lessons >"$work/lessons.txt" || { echo "FAIL: latentlab lessons"; exit 1; }
[ "$(wc -l <"$work/lessons.txt")" -ge 8 ] || fail "fewer than 8 built-in lessons"
while read -r name rest; do
  steps=$(echo "$rest" | awk '{print $(NF-1)}')
  k=1
  while [ "$k" -le "$steps" ]; do
    run="$name-$k" shot="$work/$name-$k.png" stats="$work/$name-$k.json" log="$work/$name-$k.log"
    runs=$((runs + 1))
    if run_app "$run" "$log" -s "-screen 0 1920x1080x24" "$app" --lesson "$name" --lesson-step "$k" --rehearse=100 \
      --frames "$frames" --size 1920x1080 --ui-scale 2 --screenshot "$shot" --stats "$stats"; then
      "$python" "$checks/screenshot.py" "$shot" 1920 1080 || fail "$run: screenshot check"
      "$python" "$checks/run_stats.py" "$stats" "$frames" none || fail "$run: stats check"
      # Every plot on screen keeps its lesson height (300 px at this scale), from the window's own record.
      "$python" "$checks/plot_heights.py" "$stats" || fail "$run: plot heights"
      if [ -n "${SMOKE_KEEP:-}" ]; then cp "$shot" "$stats" "$SMOKE_KEEP"/ 2>/dev/null; fi
    fi
    k=$((k + 1))
  done
done <"$work/lessons.txt"

# A bad lesson file: one line naming the file and the field, exit code 2, no window needed.
printf '{"title": "T", "steps": [{"title": "S", "caption": "C", "panels": [{"panel": "teapot"}]}]}' >"$work/bad.json"
out=$("$app" --lesson "$work/bad.json" --frames 1 2>&1)
code=$?
[ "$code" -eq 2 ] || fail "bad lesson: exit code $code, expected 2"
echo "$out" | grep -q "bad.json: steps\[0\].panels\[0\].panel: \"teapot\" is not a panel" || fail "bad lesson: message was: $out"

finish lessons_smoke "every step of every lesson opened ($runs runs)"
