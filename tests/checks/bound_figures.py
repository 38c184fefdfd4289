#!/usr/bin/env python3
"""Checks a --figures-log of the bound panel, frame by frame: everything shown
together is of one model (the picture, the figures and per-point VI carry the
model's step), the bounds are ordered ELBO <= IWAE_k <= log p(x) within their
stated errors, and q* is no worse than the encoder's q. Also requires that the
run got far enough to test something: figures shown, per-point VI finished.
Usage: bound_figures.py FIGURES.jsonl"""
import json
import sys

SE = 3.0  # Monte Carlo estimates may stray this many standard errors


def check(path):
    problems, frames, with_figures, vi_frames, vi_finished, models = [], 0, 0, 0, 0, set()
    for line in open(path):
        frame = json.loads(line)
        frames += 1
        b = frame.get("bound")
        if not b or "model_step" not in b:
            continue
        where = f"frame {frame['frame']}"
        step = b["model_step"]
        models.add(step)
        if "posterior_step" in b and b["posterior_step"] != step:
            problems.append(f"{where}: picture of step {b['posterior_step']} beside the model of step {step}")
        f = b.get("figures")
        if f:
            with_figures += 1
            if f["step"] != step:
                problems.append(f"{where}: figures of step {f['step']} beside the model of step {step}")
            elbo, slack = f["elbo"], f["elbo_error"] + 1e-6
            log_px = f.get("log_px")
            if log_px is not None:
                slack += f["log_px_error"]
                if elbo > log_px + slack:
                    problems.append(f"{where}: ELBO {elbo:.4f} > log p(x) {log_px:.4f}")
            for k, mean, se in f.get("iwae", []):
                if mean < elbo - SE * se - slack:
                    problems.append(f"{where}: IWAE k={k} {mean:.4f} < ELBO {elbo:.4f}")
                if log_px is not None and mean > log_px + SE * se + slack:
                    problems.append(f"{where}: IWAE k={k} {mean:.4f} > log p(x) {log_px:.4f}")
        v = b.get("vi")
        if v:
            vi_frames += 1
            if not b.get("frozen"):
                problems.append(f"{where}: per-point VI shown while following training")
            if v["step"] != step:
                problems.append(f"{where}: per-point VI of step {v['step']} beside the model of step {step}")
            if v["finished"]:
                vi_finished += 1
                tol = v["encoder_elbo_error"] + v["optimized_elbo_error"] + 1e-6
                if v["optimized_elbo"] < v["encoder_elbo"] - tol:
                    problems.append(f"{where}: ELBO(q*) {v['optimized_elbo']:.4f} < ELBO(q) {v['encoder_elbo']:.4f}")
    print(f"{path}: {frames} frames, {with_figures} with bound figures, {len(models)} models shown, "
          f"{vi_frames} with per-point VI ({vi_finished} finished), {len(problems)} problems")
    if with_figures == 0:
        problems.append("no frame showed bound figures")
    if vi_finished == 0:
        problems.append("per-point VI never finished")
    for p in problems[:20]:
        print("  " + p)
    return not problems


if __name__ == "__main__":
    sys.exit(0 if check(sys.argv[1]) else 1)
