#!/usr/bin/env python3
"""Checks that every plot on the last frame of a lesson run kept its plotting height,
from the window's own --stats record ("plot_heights": the smallest plotting
area per window, as much of each as was on screen). A lesson step at
--ui-scale 2 on 1920x1080 promises at least 300 px; the minimum scales with
the UI scale. Also fails when no plot was drawn, unless --allow-none (a step
whose panels have no plots).
Usage: plot_heights.py [--min-px N] [--allow-none] STATS.json ..."""
import argparse
import json
import sys


def check(path, min_px, allow_none):
    stats = json.load(open(path))
    record = stats.get("plot_heights", {})
    windows = record.get("windows", {})
    # 300 px at UI scale 2; a smaller scale promises proportionally less.
    want = min_px * stats.get("ui_scale", 2.0) / 2.0
    if not windows:
        if allow_none:
            return [], f"{path}: no plots drawn"
        return [f"{path}: no plot was drawn on the last frame (is the step's model loaded?)"], ""
    problems = [f"{path}: '{name}': a plot {w['min_px']:.0f} px tall, under {want:.0f} px"
                for name, w in sorted(windows.items()) if w["min_px"] < want]
    summary = ", ".join(f"{name} {w['min_px']:.0f} px ({w['plots']})" for name, w in sorted(windows.items()))
    return problems, f"{path}: smallest plot {record['min_px']:.0f} px: {summary}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-px", type=float, default=300.0, help="the height promised at UI scale 2")
    parser.add_argument("--allow-none", action="store_true", help="a run that drew no plot passes")
    parser.add_argument("stats", nargs="+")
    args = parser.parse_args()
    failed = False
    for path in args.stats:
        try:
            problems, summary = check(path, args.min_px, args.allow_none)
        except (OSError, ValueError, KeyError) as e:
            problems, summary = [f"{path}: cannot read the stats ({e}); run latentlab with --stats {path}"], ""
        if summary:
            print(summary)
        for p in problems:
            print("FAIL: " + p)
        failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
