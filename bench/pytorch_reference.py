#!/usr/bin/python3
"""PyTorch reference for Latent Lab's reference VAE.

The numbers from this script are the baseline we compare the C++
implementation in this repository against: the test ELBO reached after
training, and CPU speed (training throughput and decoder latency).
The script does not use any code from the C++ program. It mirrors the
model and training procedure:

  Data      Fashion-MNIST, read from the IDX gzip files shipped by the Debian
            package (/usr/share/datasets/fashion-mnist/). This script parses
            the IDX header itself. Pixels are float32 gray values x/255 in
            [0, 1] and are not binarized.
  Encoder   Linear 784->512, ReLU, Linear 512->256, ReLU, Linear 256->4
            -> (mu, log sigma^2) of a 2-D latent.
  Decoder   Linear 2->256, ReLU, Linear 256->512, ReLU, Linear 512->784
            -> Bernoulli logits.  PyTorch default initialisation.
  Loss      mean over the batch of -ELBO, where
              ELBO(x) = sum_d [x_d log p_d + (1-x_d) log(1-p_d)]
                        - 0.5 * sum_j (mu_j^2 + sigma_j^2 - 1 - log sigma_j^2)
            The reconstruction term is BCE-with-logits summed over the 784
            pixels, using the gray values as targets. The KL term is in closed
            form. One reparameterised sample z = mu + sigma*eps is drawn per
            example.
  Training  Adam (lr 1e-3, default betas/eps), batch 128, reshuffled every
            epoch, 10 epochs. The last, partial batch of each epoch is kept
            (60000 = 468*128 + 96). torch.set_num_threads(1) unless --threads
            says otherwise.

After every epoch the script prints one line. The line gives the running
average of ELBO/KL/recon over the epoch's training batches (computed with the
parameters in effect at each step), and the test-set figures averaged over the
10000 test images, with one z sample per image. All figures are in nats per
image. "recon" is the reconstruction loss -E_q[log p(x|z)], a positive number,
so ELBO = -(recon + kl).

A note on speed. Debian's python3-torch is built with BLAS_INFO=generic, so
nn.Linear does its matrix products in whatever libblas.so.3 the system
provides. On the machine this was written on, that library is the netlib
*reference* BLAS, which is not optimised. PyTorch's own oneDNN library is
also linked in. In the first runs on this machine it was about 8x faster for
training at batch 128 and about 35x faster for decoding the 20x20 grid.
It was slower at batch 1 and for a single z, because there the per-call
layout conversions dominate. The script therefore has two backends, selected
with --gemm:
  blas    plain nn.Linear, i.e. stock Debian PyTorch (the default for training)
  onednn  the same nn.Linear parameters and initialisation, but the forward
          product and both backward products (dx, dW) go through oneDNN
          (torch._C._nn.mkldnn_linear). For decoding this is the standard
          torch.utils.mkldnn.to_mkldnn path, with prepacked weights.
  bench/pytorch_speed.py measures both (it checks first that oneDNN gives
  the same loss and gradients as nn.Linear); bench/compare.py runs it beside
  Latent Lab's own benchmark and prints the ratios.

--json FILE writes every figure (per-epoch numbers, timings, settings) as JSON.

Run with Debian's interpreter, because python3-torch only imports there:
  /usr/bin/python3 bench/pytorch_reference.py --seed 0 --json /tmp/seed0.json
"""

import argparse
import gzip
import json
import os
import platform
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA_DIR = "/usr/share/datasets/fashion-mnist"
LATENT = 2
PIXELS = 784


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

def load_idx(path, expected_magic):
    """Parse a gzip'd IDX file (unsigned-byte data) into a numpy uint8 array."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    if magic != expected_magic:
        raise ValueError(f"{path}: magic 0x{magic:08x}, expected 0x{expected_magic:08x}")
    # Byte 2 is the element type (0x08 = unsigned byte) and byte 3 is the rank.
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    offset = 4 + 4 * ndim
    count = int(np.prod(dims))
    if len(raw) - offset != count:
        raise ValueError(f"{path}: {len(raw) - offset} data bytes, header says {count}")
    return np.frombuffer(raw, dtype=np.uint8, count=count, offset=offset).reshape(dims)


def load_fashion_mnist(data_dir):
    def images(name):
        a = load_idx(os.path.join(data_dir, name), 0x00000803)
        return torch.from_numpy(a.reshape(a.shape[0], -1).astype(np.float32) / 255.0)

    def labels(name):
        a = load_idx(os.path.join(data_dir, name), 0x00000801)
        return torch.from_numpy(a.astype(np.int64))

    xtr = images("train-images-idx3-ubyte.gz")
    ytr = labels("train-labels-idx1-ubyte.gz")
    xte = images("t10k-images-idx3-ubyte.gz")
    yte = labels("t10k-labels-idx1-ubyte.gz")
    assert xtr.shape == (60000, PIXELS) and xte.shape == (10000, PIXELS)
    assert ytr.shape == (60000,) and yte.shape == (10000,)
    return xtr, ytr, xte, yte


# ----------------------------------------------------------------------------
# Model
# ----------------------------------------------------------------------------

class _OneDNNLinearFn(torch.autograd.Function):
    """y = x W^T + b with all three products (forward, dx, dW) done by oneDNN.

    Only used with --gemm onednn; see the note in the module docstring.
    """

    @staticmethod
    def _ip(a, w):
        # a (M,K) @ w(N,K)^T via oneDNN's inner product.
        return torch._C._nn.mkldnn_linear(a.contiguous().to_mkldnn(),
                                          w.contiguous().to_mkldnn(), None).to_dense()

    @staticmethod
    def forward(ctx, x, weight, bias):
        ctx.save_for_backward(x, weight)
        return _OneDNNLinearFn._ip(x, weight) + bias

    @staticmethod
    def backward(ctx, gy):
        x, weight = ctx.saved_tensors
        gx = _OneDNNLinearFn._ip(gy, weight.t())        # gy @ W
        gw = _OneDNNLinearFn._ip(gy.t(), x.t())         # gy^T @ x
        return gx, gw, gy.sum(dim=0)


class OneDNNLinear(nn.Linear):
    """nn.Linear (same parameters, same default init) whose matmuls go to oneDNN."""

    def forward(self, x):
        return _OneDNNLinearFn.apply(x, self.weight, self.bias)


class VAE(nn.Module):
    def __init__(self, gemm="blas"):
        super().__init__()
        Linear = {"blas": nn.Linear, "onednn": OneDNNLinear}[gemm]
        self.encoder = nn.Sequential(
            Linear(PIXELS, 512), nn.ReLU(),
            Linear(512, 256), nn.ReLU(),
            Linear(256, 2 * LATENT),
        )
        self.decoder = nn.Sequential(
            Linear(LATENT, 256), nn.ReLU(),
            Linear(256, 512), nn.ReLU(),
            Linear(512, PIXELS),
        )

    def per_example(self, x):
        """Return per-example (recon, kl), both shape (B,), in nats.

        recon = -log p(x|z) for one reparameterised z ~ q(z|x);
        -ELBO = recon + kl.
        """
        h = self.encoder(x)
        mu, logvar = h[:, :LATENT], h[:, LATENT:]
        eps = torch.randn_like(mu)
        z = mu + torch.exp(0.5 * logvar) * eps
        logits = self.decoder(z)
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1)
        kl = 0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar).sum(dim=1)
        return recon, kl


def train_step(model, opt, x):
    recon, kl = model.per_example(x)
    loss = (recon + kl).mean()
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return recon.detach(), kl.detach()


@torch.no_grad()
def evaluate(model, x, batch=1000):
    model.eval()
    recon_sum = kl_sum = 0.0
    for i in range(0, x.shape[0], batch):
        r, k = model.per_example(x[i:i + batch])
        recon_sum += r.sum().item()
        kl_sum += k.sum().item()
    model.train()
    n = x.shape[0]
    recon, kl = recon_sum / n, kl_sum / n
    return {"elbo": -(recon + kl), "kl": kl, "recon": recon}


# ----------------------------------------------------------------------------
# Training run
# ----------------------------------------------------------------------------

def run_training(args, xtr, xte):
    torch.manual_seed(args.seed)
    shuffle_gen = torch.Generator().manual_seed(args.seed)
    model = VAE(args.gemm or "blas")
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)

    n = xtr.shape[0]
    epochs = []
    t_start, cpu_start = time.perf_counter(), time.process_time()
    init = evaluate(model, xte)
    print(f"epoch  0  test elbo {init['elbo']:9.3f} kl {init['kl']:7.3f} recon {init['recon']:9.3f}"
          "  (untrained)", flush=True)
    for epoch in range(1, args.epochs + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        perm = torch.randperm(n, generator=shuffle_gen)
        recon_sum = kl_sum = 0.0
        for i in range(0, n, args.batch):
            xb = xtr[perm[i:i + args.batch]]
            r, k = train_step(model, opt, xb)
            recon_sum += r.sum().item()
            kl_sum += k.sum().item()
        t_train = time.perf_counter() - t0
        cpu_train = time.process_time() - c0
        tr = {"recon": recon_sum / n, "kl": kl_sum / n}
        tr["elbo"] = -(tr["recon"] + tr["kl"])
        t1 = time.perf_counter()
        te = evaluate(model, xte)
        t_eval = time.perf_counter() - t1
        epochs.append({"epoch": epoch, "train": tr, "test": te,
                       "train_seconds": t_train, "train_cpu_seconds": cpu_train,
                       "eval_seconds": t_eval,
                       "train_samples_per_s": n / t_train})
        print(f"epoch {epoch:2d}  train elbo {tr['elbo']:9.3f} kl {tr['kl']:7.3f} "
              f"recon {tr['recon']:9.3f} | test elbo {te['elbo']:9.3f} kl {te['kl']:7.3f} "
              f"recon {te['recon']:9.3f} | {t_train:6.1f}s train, {t_eval:4.1f}s eval",
              flush=True)
    wall = time.perf_counter() - t_start
    cpu_total = time.process_time() - cpu_start
    print(f"final test ELBO {epochs[-1]['test']['elbo']:.3f} nats "
          f"(seed {args.seed}, {args.epochs} epochs, gemm {args.gemm or 'blas'}, "
          f"wall {wall:.1f}s, CPU {cpu_total:.1f}s)", flush=True)
    return {"initial_test": init, "epochs": epochs,
            "final_test": epochs[-1]["test"] if epochs else init,
            "wall_seconds": wall, "cpu_seconds": cpu_total}


# ----------------------------------------------------------------------------

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--data-dir", default=DATA_DIR)
    p.add_argument("--json", metavar="FILE", help="write all figures to FILE")
    p.add_argument("--gemm", choices=["blas", "onednn"],
                   help="matmul backend: blas = plain nn.Linear (training default), "
                        "onednn = oneDNN matmuls")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)

    t0 = time.perf_counter()
    xtr, ytr, xte, yte = load_fashion_mnist(args.data_dir)
    load_s = time.perf_counter() - t0
    print(f"loaded Fashion-MNIST: train {tuple(xtr.shape)}, test {tuple(xte.shape)}, "
          f"pixel range [{xtr.min().item():.1f}, {xtr.max().item():.1f}], {load_s:.1f}s", flush=True)

    result = {
        "what": "PyTorch reference of the Latent Lab reference VAE (Fashion-MNIST, 2-D latent)",
        "command": " ".join([sys.executable] + sys.argv),
        "settings": {k: v for k, v in vars(args).items() if k != "json"},
        "env": {"torch": torch.__version__, "numpy": np.__version__,
                "python": platform.python_version(), "machine": platform.machine(),
                "cpu_count": os.cpu_count(), "torch_threads": torch.get_num_threads(),
                "torch_build_blas": next((t.split("=", 1)[1] for t in
                                          torch.__config__.show().replace(",", " ").split()
                                          if t.startswith("BLAS_INFO=")), None),
                "loadavg_1min_start": os.getloadavg()[0]},
        "data_load_seconds": load_s,
    }
    t0 = time.perf_counter()
    result["training"] = run_training(args, xtr, xte)
    result["env"]["loadavg_1min_end"] = os.getloadavg()[0]
    result["total_seconds"] = time.perf_counter() - t0

    if args.json:
        d = os.path.dirname(os.path.abspath(args.json))
        os.makedirs(d, exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
        print(f"wrote {args.json}", flush=True)


if __name__ == "__main__":
    main()
