#!/usr/bin/python3
"""Reads a VAE Latent Lab wrote (latentlab export --out model.safetensors) into PyTorch.

  /usr/bin/python3 python/read_latentlab.py model.safetensors [--log-px INDEX]

Prints the module, the held-out ELBO on Fashion-MNIST's test set (one z per
image) and, with --log-px, log p(x) of test image INDEX by PyTorch's own grid
quadrature over the 2-D z: a wide look at log p(x|z) + log p(z) finds where
the posterior lives, then midpoint rules on a box around it at two
resolutions (their difference says how converged the figure is).
"""

import argparse
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentlab_vae import module_from_safetensors  # noqa: E402
from train_in_pytorch import fashion_mnist  # noqa: E402


@torch.no_grad()
def log_joint(model, x, z):
    """log p(x|z) + log p(z) for one x (784,) and many z (N, 2)."""
    logits = torch.cat([model.decoder(chunk) for chunk in z.split(20000)])
    log_lik = -torch.nn.functional.binary_cross_entropy_with_logits(
        logits, x.expand_as(logits), reduction="none").sum(1)
    return log_lik - 0.5 * z.pow(2).sum(1) - math.log(2 * math.pi)


def grid(lo, hi, n):
    """Midpoints of an n x n grid over the box [lo, hi]^2 (per axis), and the cell area."""
    step = (hi - lo) / n
    axes = [lo[d] + step[d] * (torch.arange(n, dtype=torch.float64) + 0.5) for d in range(2)]
    z = torch.stack(torch.meshgrid(*axes, indexing="ij"), -1).reshape(-1, 2)
    return z.float(), float(step[0] * step[1])


def log_px(model, x, n):
    wide_lo, wide_hi = torch.tensor([-6.0, -6.0], dtype=torch.float64), torch.tensor([6.0, 6.0], dtype=torch.float64)
    z, _ = grid(wide_lo, wide_hi, 300)
    lj = log_joint(model, x, z).double()
    where = z[lj > lj.max() - 30].double()  # cells holding all but ~e^-30 of the mass
    pad = 3 * (12.0 / 300)
    lo, hi = where.min(0).values - pad, where.max(0).values + pad
    results = []
    for cells in (n // 2, n):
        z, area = grid(lo, hi, cells)
        results.append(torch.logsumexp(log_joint(model, x, z).double(), 0).item() + math.log(area))
    return results


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("path")
    p.add_argument("--log-px", type=int, metavar="INDEX", help="log p(x) of this test image by quadrature")
    p.add_argument("--cells", type=int, default=600, help="quadrature cells per side")
    args = p.parse_args()
    model, metadata = module_from_safetensors(args.path)
    print(model, metadata)
    test = fashion_mnist("t10k-images-idx3-ubyte.gz")
    torch.manual_seed(0)
    with torch.no_grad():
        recon, kl = model.negative_elbo(test)
    print(f"test ELBO {-(recon + kl).mean().item():.3f} nats (reconstruction {-recon.mean().item():.3f}, "
          f"KL {kl.mean().item():.3f})")
    if args.log_px is not None:
        coarse, fine = log_px(model, test[args.log_px], args.cells)
        print(f"log p(x) of test image {args.log_px}: {fine:.4f} nats ({args.cells}^2 cells; "
              f"{coarse:.4f} at half the resolution)")


if __name__ == "__main__":
    main()
