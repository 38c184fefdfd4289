#!/usr/bin/python3
"""Trains Latent Lab's VAE in PyTorch on Fashion-MNIST and writes it as safetensors.

  /usr/bin/python3 python/train_in_pytorch.py --epochs 10 --out model.safetensors
  latentlab --load model.safetensors          (or: latentlab bound --load model.safetensors --index 0)

The module is LatentLabVAE in latentlab_vae.py: encoder 784-512-256 with ReLU,
heads mu and log_var (log sigma^2) for a 2-D z, decoder 2-256-512-784 giving
Bernoulli logits on gray values in [0, 1]; Adam, lr 1e-3, batch 128.
--expect FILE also writes, for a few z, the decoder's means sigmoid(logits) as
JSON, so a reader of the file can check it decodes the same.
"""

import argparse
import gzip
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latentlab_vae import LatentLabVAE, save_safetensors  # noqa: E402

DATA = "/usr/share/datasets/fashion-mnist"


def fashion_mnist(name):
    """(N, 784) gray values in [0, 1] from the Debian package's IDX files."""
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    count = int.from_bytes(raw[4:8], "big")
    pixels = torch.frombuffer(bytearray(raw[16:16 + count * 784]), dtype=torch.uint8)
    return pixels.reshape(count, 784).float() / 255.0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--hidden", type=int, nargs=2, default=[512, 256], help="encoder sizes (the decoder mirrors them)")
    p.add_argument("--expect", metavar="FILE", help="also write decoder means for a few z as JSON")
    args = p.parse_args()
    torch.manual_seed(args.seed)
    train, test = fashion_mnist("train-images-idx3-ubyte.gz"), fashion_mnist("t10k-images-idx3-ubyte.gz")
    model = LatentLabVAE(784, args.hidden, 2, args.hidden[::-1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(args.epochs):
        for batch in torch.randperm(len(train)).split(128):
            recon, kl = model.negative_elbo(train[batch])
            opt.zero_grad()
            (recon + kl).mean().backward()
            opt.step()
        with torch.no_grad():
            recon, kl = model.negative_elbo(test)
        print(f"epoch {epoch + 1}: test ELBO {-(recon + kl).mean().item():.2f} nats", flush=True)
    save_safetensors(model, args.out, {"activation": "relu", "likelihood": "bernoulli", "dataset": "fashion-mnist"})
    print(f"wrote {args.out}")
    if args.expect:
        z = [[0.0, 0.0], [1.5, -0.5], [-2.0, 2.5]]
        with torch.no_grad():
            means = torch.sigmoid(model.decoder(torch.tensor(z)))
        with open(args.expect, "w") as f:
            json.dump({"z": z, "means": means.tolist()}, f)


if __name__ == "__main__":
    main()
