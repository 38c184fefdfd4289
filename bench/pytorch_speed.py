#!/usr/bin/python3
"""The PyTorch peer's speed on the reference VAE, on a given number of threads.

Measures, for each matmul backend (blas = plain nn.Linear on the system BLAS,
OpenBLAS on a well-set-up Debian; onednn = the same layers through oneDNN):
  * training throughput in examples/s at the batch sizes asked for: a warm-up,
    then repeats of about --seconds each, median reported. A step is batch
    gather + forward + loss + backward + Adam step, as pytorch_reference.py
    trains;
  * decode latency under torch.no_grad with the sigmoid applied: one z, and a
    20x20 grid of z in one call (medians);
  * the BLAS's own GEMM rate on the decoder's shapes at batch 128.
The thread count is set in every layer that has one before torch loads
(OpenBLAS reads OPENBLAS_NUM_THREADS once, at load time, and ignores
torch.set_num_threads), so --threads 1 really is one thread. Pin the process
to cores from outside (bench/compare.py runs it under taskset).

OpenBLAS 0.3.21 (Debian 12) does not know every current CPU: on a Sapphire
Rapids Xeon under a hypervisor it picks its "Prescott" (SSE3) kernels and runs
the decoder's GEMM at 20-28 GFLOP/s instead of 130-146. Unless
OPENBLAS_CORETYPE is set already, it is set from the CPU's flags here
(Cooperlake with AVX-512 BF16, SkylakeX with AVX-512, Haswell with AVX2), so
the peer runs the kernels the CPU can run; the kernel used is reported.

  /usr/bin/python3 bench/pytorch_speed.py --threads 1 --json /tmp/torch1.json
"""

import argparse
import os
import sys

ARGS = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ARGS.add_argument("--threads", type=int, default=1)
ARGS.add_argument("--batches", default="128,32,1", help="training batch sizes, comma-separated")
ARGS.add_argument("--no-decode", action="store_true", help="training figures only")
ARGS.add_argument("--gemm", choices=["blas", "onednn"], help="one backend only")
ARGS.add_argument("--seconds", type=float, default=2.0, help="length of one timed repeat")
ARGS.add_argument("--repeats", type=int, default=5)
ARGS.add_argument("--seed", type=int, default=0)
ARGS.add_argument("--json", metavar="FILE")
args = ARGS.parse_args()
for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[name] = str(args.threads)


def openblas_core_for_this_cpu():
    with open("/proc/cpuinfo") as f:
        flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
    for flag, core in (("avx512_bf16", "Cooperlake"), ("avx512f", "SkylakeX"), ("avx2", "Haswell")):
        if flag in flags:
            return core
    return None


if "OPENBLAS_CORETYPE" not in os.environ and openblas_core_for_this_cpu():
    os.environ["OPENBLAS_CORETYPE"] = openblas_core_for_this_cpu()

import copy  # noqa: E402  (after the thread settings, like torch)
import ctypes  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402
import torch.utils.mkldnn  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_reference import (DATA_DIR, LATENT, PIXELS, VAE, load_fashion_mnist,  # noqa: E402
                               train_step)


def timed_median(fn, seconds, repeats):
    """Median over repeats of (calls, elapsed) runs of fn lasting about `seconds`, as seconds per call."""
    fn()
    per_call = []
    for _ in range(repeats):
        calls, t0 = 0, time.perf_counter()
        while True:
            fn()
            calls += 1
            elapsed = time.perf_counter() - t0
            if elapsed >= seconds:
                break
        per_call.append(elapsed / calls)
    return statistics.median(per_call)


def train_rate(xtr, batch, gemm):
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    model = VAE(gemm)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = xtr.shape[0]
    state = {"perm": torch.randperm(n, generator=gen), "pos": 0}

    def step():
        if state["pos"] + batch > n:
            state["perm"], state["pos"] = torch.randperm(n, generator=gen), 0
        idx = state["perm"][state["pos"]:state["pos"] + batch]
        state["pos"] += batch
        train_step(model, opt, xtr[idx])

    for _ in range(20):
        step()
    return batch / timed_median(step, args.seconds, args.repeats)


def check_onednn_gradients(xtr):
    """The oneDNN path must give the same loss and gradients as nn.Linear."""
    grads = {}
    for gemm in ("blas", "onednn"):
        torch.manual_seed(args.seed)
        model = VAE(gemm)
        recon, kl = model.per_example(xtr[:128])  # same eps: same RNG state
        loss = (recon + kl).mean()
        loss.backward()
        grads[gemm] = (loss.item(), [p.grad.clone() for p in model.parameters()])
    (l0, g0), (l1, g1) = grads["blas"], grads["onednn"]
    rel = max(((a - b).norm() / a.norm().clamp_min(1e-12)).item() for a, b in zip(g0, g1))
    assert abs(l0 - l1) < 1e-3 * abs(l0) and rel < 1e-3, "oneDNN path disagrees with nn.Linear"


@torch.no_grad()
def decode_times(gemm):
    torch.manual_seed(args.seed)
    dec = VAE().decoder.eval()  # latency does not depend on the weight values
    g = torch.linspace(-3.0, 3.0, 20)
    grid = torch.stack(torch.meshgrid(g, g, indexing="ij"), dim=-1).reshape(-1, LATENT)
    one = torch.randn(1, LATENT, generator=torch.Generator().manual_seed(args.seed))
    if gemm == "blas":
        def decode(z):
            return torch.sigmoid(dec(z))
    else:
        # PyTorch's CPU inference path: weights prepacked for oneDNN.
        packed = torch.utils.mkldnn.to_mkldnn(copy.deepcopy(dec))
        assert torch.allclose(torch.sigmoid(packed(grid.to_mkldnn()).to_dense()), torch.sigmoid(dec(grid)),
                              atol=1e-5)

        def decode(z):
            return torch.sigmoid(packed(z.to_mkldnn()).to_dense())
    out = decode(grid)
    assert out.shape == (400, PIXELS)
    return {"decode1_us": timed_median(lambda: decode(one), args.seconds / 2, args.repeats) * 1e6,
            "grid_ms": timed_median(lambda: decode(grid), args.seconds / 2, args.repeats) * 1e3}


def blas_gemm_gflops():
    figures = {}
    for outs, ins in ((512, 256), (784, 512)):
        w, x = torch.rand(outs, ins), torch.rand(ins, 128)
        s = timed_median(lambda: torch.mm(w, x), args.seconds / 4, args.repeats)
        figures[f"blas_gemm_gflops_{outs}x{ins}x128"] = 2.0 * outs * ins * 128 / s / 1e9
    return figures


def openblas_core():
    """The kernels the loaded OpenBLAS chose, or None without OpenBLAS."""
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return None


def main():
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    xtr, _, _, _ = load_fashion_mnist(DATA_DIR)
    gemms = [args.gemm] if args.gemm else ["blas", "onednn"]
    if "onednn" in gemms:
        check_onednn_gradients(xtr)
    result = {"threads": args.threads, "torch": torch.__version__, "openblas_core": openblas_core(),
              **blas_gemm_gflops()}
    for gemm in gemms:
        for batch in (int(b) for b in args.batches.split(",")):
            result[f"{gemm}_train{batch}"] = train_rate(xtr, batch, gemm)
            print(f"[{gemm}] {args.threads} thread(s), training at batch {batch}: "
                  f"{result[f'{gemm}_train{batch}']:.0f} examples/s", flush=True)
        if not args.no_decode:
            for key, value in decode_times(gemm).items():
                result[f"{gemm}_{key}"] = value
                print(f"[{gemm}] {key}: {value:.2f}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
