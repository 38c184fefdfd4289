#!/usr/bin/python3
"""Latent Lab beside its peer and its limits, measured in one run on this machine.

Runs build/latent_bench (Latent Lab's figures, the FMA peak, the cached read
rate, the engine's GEMM and Eigen's) and bench/pytorch_speed.py (PyTorch, both matmul
backends), one-thread figures pinned to the same core, two-thread figures on
both cores, then prints each figure beside PyTorch's best backend, the ratio,
and the fraction of the bound the machine's own limits imply:
  training   FMA peak / training FLOPs per example (examples/s), or, if lower,
             Adam's traffic: B examples per step, each step reading and
             writing every parameter and both moments (24 bytes each) at
             the in-place update rate (1 thread)
  decode 1 z the decoder's weights read once at the cached read rate (us);
             on 2 threads, half of them at the rate for half the buffer
  grid       400 decodes' FLOPs at the FMA peak (ms)
The programs alternate over --rounds rounds and each figure is its median.

  bash build.sh bench            (installs python3-torch with OpenBLAS, builds, runs this)
  /usr/bin/python3 bench/compare.py [--quick] [--rounds N] [--json FILE]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown CPU"


def run_json(command, pin=None):
    """Runs command (which writes JSON to the path appended) and returns the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "figures.json")
        prefix = ["taskset", "-c", pin] if pin is not None else []
        print("$ " + " ".join(prefix + command), flush=True)
        subprocess.run(prefix + command + ["--json", path], check=True, stdout=sys.stderr)
        with open(path) as f:
            return json.load(f)


def median_figures(runs):
    """Each numeric figure's median over runs; other entries from the first run."""
    out = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            values = sorted(run[key] for run in runs)
            out[key] = values[len(values) // 2]
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bench", default=os.path.join(ROOT, "build", "latent_bench"))
    p.add_argument("--quick", action="store_true", help="shorter repeats (noisier)")
    p.add_argument("--json", metavar="FILE", help="write every figure to FILE")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds of both programs (default 3)")
    args = p.parse_args()
    cores = os.cpu_count() or 1
    both = f"0-{min(cores, 2) - 1}"
    quick = ["--quick"] if args.quick else []
    torch_time = ["--seconds", "0.5", "--repeats", "3"] if args.quick else []
    py = "/usr/bin/python3"  # Debian's torch imports only there

    # Rounds alternate the two programs, and each figure is its median over
    # the rounds: on a shared machine the cores' speed drifts over minutes
    # (hypervisor steal), and a drift then moves both sides alike.
    rounds = {"ours": [], "torch1": [], "torch2": []}
    for r in range(args.rounds):
        print(f"-- round {r + 1} of {args.rounds}", file=sys.stderr, flush=True)
        ours = run_json([args.bench, "--case", "limits"] + quick)
        ours.update(run_json([args.bench, "--case", "train128,train32,train1,decode1"] + quick, pin="0"))
        ours.update(run_json([args.bench, "--case", "train128x2,decode1x2,grid"] + quick, pin=both))
        rounds["ours"].append(ours)
        rounds["torch1"].append(run_json([py, os.path.join(HERE, "pytorch_speed.py"), "--threads", "1"]
                                         + torch_time, pin="0"))
        rounds["torch2"].append(run_json([py, os.path.join(HERE, "pytorch_speed.py"), "--threads", "2",
                                          "--batches", "128"] + torch_time, pin=both))
    ours, torch1, torch2 = (median_figures(rounds[k]) for k in ("ours", "torch1", "torch2"))

    def best(figures, key, higher_is_better):
        """PyTorch's better backend for one figure: (value, backend)."""
        pick = max if higher_is_better else min
        return pick(((figures[f"{b}_{key}"], b) for b in ("blas", "onednn") if f"{b}_{key}" in figures),
                    key=lambda vb: vb[0])

    flop = ours["training_mflop_per_example"] * 1e6
    train_bound = {1: ours["fma_peak_gflops_1"] * 1e9 / flop, 2: ours["fma_peak_gflops_2"] * 1e9 / flop}

    def train_bound_1(batch):
        """1 thread: (examples/s, which limit) of the FMA peak and Adam's traffic, the lower."""
        adam = ours["update_gbps"] * 1e9 * batch / (24 * ours["parameters_m"] * 1e6)
        return (train_bound[1], "FMA") if train_bound[1] <= adam else (adam, "Adam")
    decode1_bound_us = ours["decoder_weight_mb"] * 1e6 / (ours["cached_read_gbps"] * 1e9) * 1e6
    grid_flop = 400 * ours["decode_mflop_per_z"] * 1e6
    rows = []  # (figure, unit, pytorch, backend, ours, higher is better, bound)
    limits = []
    for batch in (128, 32, 1):
        v, b = best(torch1, f"train{batch}", True)
        bound, limit = train_bound_1(batch)
        limits.append(f"batch {batch}: {limit}")
        rows.append((f"training, batch {batch}, 1 thread", "ex/s", v, b, ours[f"train{batch}"], True, bound))
    v, b = max(best(torch1, "train128", True), best(torch2, "train128", True))
    rows.append(("training, batch 128, 2 threads", "ex/s", v, b + " best threads", ours["train128x2"], True,
                 train_bound[2]))
    v, b = best(torch1, "decode1_us", False)
    rows.append(("decode one z", "us", v, b, ours["decode1_us"], False, decode1_bound_us))
    # Two threads: each core reads its half of the weights, at the rate one
    # core reads a buffer that size (from its own L2 where it fits).
    half_bound_us = ours["decoder_weight_mb"] / 2 * 1e6 / (ours["half_read_gbps"] * 1e9) * 1e6
    rows.append(("decode one z, 2 threads", "us", v, b + ", 1 thread", ours["decode1x2_us"], False,
                 half_bound_us))
    rows.append(("  the same, 1 ms apart", "us", v, b + ", 1 thread", ours["decode1x2_apart_us"], False,
                 half_bound_us))
    v, b = best(torch1, "grid_ms", False)
    rows.append(("decode a 20x20 grid, 1 thread", "ms", v, b, ours["grid_ms"], False,
                 grid_flop / (ours["fma_peak_gflops_1"] * 1e9) * 1e3))
    rows.append(("decode a 20x20 grid, 2 threads", "ms", v, b + ", 1 thread", ours["grid2_ms"], False,
                 grid_flop / (ours["fma_peak_gflops_2"] * 1e9) * 1e3))

    print(f"\n{cpu_model()}, {cores} cores; FMA peak {ours['fma_peak_gflops_1']:.0f} GFLOP/s on 1 thread, "
          f"{ours['fma_peak_gflops_2']:.0f} on 2; cached read {ours['cached_read_gbps']:.0f} GB/s; "
          f"PyTorch {torch1['torch']} on OpenBLAS kernels {torch1.get('openblas_core')}")
    print(f"{'figure':34s} {'unit':>5s} {'PyTorch':>10s} {'backend':>20s} {'Latent Lab':>11s} {'ratio':>7s} "
          f"{'bound':>9s} {'of bound':>9s}")
    for name, unit, peer, backend, value, higher, bound in rows:
        ratio = value / peer if higher else peer / value
        of_bound = value / bound if higher else bound / value
        print(f"{name:34s} {unit:>5s} {peer:10.1f} {backend:>20s} {value:11.1f} {ratio:6.2f}x {bound:9.1f} "
              f"{100 * of_bound:8.0f}%")
    print(f"training's bound on 1 thread ({'; '.join(limits)}): Adam's traffic at "
          f"{ours['update_gbps']:.0f} GB/s in-place update rate; on 2 threads, the FMA peak")
    peak = ours["fma_peak_gflops_1"]
    for shape in ("512x256x128", "784x512x128"):
        g, e, o = ours[f"gemm_gflops_{shape}"], ours[f"eigen_gemm_gflops_{shape}"], torch1[f"blas_gemm_gflops_{shape}"]
        print(f"GEMM {shape}, 1 thread: ours {g:.0f} GFLOP/s ({100 * g / peak:.0f}% of peak), "
              f"Eigen {e:.0f} ({100 * e / peak:.0f}%), "
              f"system BLAS {o:.0f} ({100 * o / peak:.0f}%)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"cpu": cpu_model(), "latent_lab": ours, "pytorch_1_thread": torch1,
                       "pytorch_2_threads": torch2, "rounds": rounds}, f, indent=2)


if __name__ == "__main__":
    main()
