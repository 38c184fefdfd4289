#!/usr/bin/env python3
"""Checks the app's --stats file: every frame drawn (after a lesson's warm-up), no GL error, every scripted
drag (a VAE's pin, a conditional run's slice x) shown in its own frame.
Usage: run_stats.py FILE FRAMES pin|slice|both|none (the drags the run made)"""
import json, sys
path, frames, drag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = json.load(open(path))
problems = []
# Frames drawn while a lesson waited for its model are not counted by --frames.
counted = s.get("frames", 0) - s.get("lesson_wait_frames", 0)
if counted != frames: problems.append(f"drew {counted} frames after any lesson wait, expected {frames}")
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
