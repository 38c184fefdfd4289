"""The VAE Latent Lab opens from PyTorch, and safetensors files of it.

Uses nothing but torch and the standard library (the `safetensors` package is
not in Debian). The format: an 8-byte little-endian header length N, N bytes
of JSON ({"name": {"dtype": "F32", "shape": [...], "data_offsets": [a, b]},
..., "__metadata__": {...}}), then the raw little-endian bytes.
"""

import array
import json
import struct

import torch
import torch.nn as nn


ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "softplus": nn.Softplus}


class LatentLabVAE(nn.Module):
    """Gaussian encoder q(z|x) = N(mu, diag exp(log_var)), Bernoulli decoder logits."""

    def __init__(self, data_dim=784, encoder_hidden=(512, 256), latent=2, decoder_hidden=(256, 512),
                 activation="relu"):
        super().__init__()

        def sequential(sizes, last_activation):
            layers = []
            for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
                layers.append(nn.Linear(a, b))
                if last_activation or i + 2 < len(sizes):
                    layers.append(ACTIVATIONS[activation]())
            return nn.Sequential(*layers)

        self.encoder = sequential([data_dim, *encoder_hidden], last_activation=True)
        self.mu = nn.Linear(encoder_hidden[-1], latent)
        self.log_var = nn.Linear(encoder_hidden[-1], latent)
        self.decoder = sequential([latent, *decoder_hidden, data_dim], last_activation=False)

    def encode(self, x):
        h = self.encoder(x)
        return self.mu(h), self.log_var(h)

    def negative_elbo(self, x):
        """Per example, one reparameterized sample: (reconstruction loss, KL), in nats."""
        mu, log_var = self.encode(x)
        z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
        recon = nn.functional.binary_cross_entropy_with_logits(self.decoder(z), x, reduction="none").sum(1)
        kl = 0.5 * (mu.pow(2) + log_var.exp() - 1.0 - log_var).sum(1)
        return recon, kl


def save_safetensors(module, path, metadata):
    tensors = {name: t.detach().float().contiguous() for name, t in module.state_dict().items()}
    header, offset = {"__metadata__": metadata}, 0
    for name, t in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + 4 * t.numel()]}
        offset += 4 * t.numel()
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for t in tensors.values():
            f.write(array.array("f", t.flatten().tolist()).tobytes())


def load_safetensors(path):
    """(tensors by name, metadata) of a float32 safetensors file."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, entry in header.items():
        assert entry["dtype"] == "F32", f"{path}: {name} is {entry['dtype']}, expected F32"
        a, b = entry["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(entry["shape"])
    return tensors, metadata


def module_from_safetensors(path):
    """The module with the file's sizes and weights, and the file's metadata."""
    tensors, metadata = load_safetensors(path)
    encoder = [tensors[f"encoder.{2 * i}.weight"].shape[0] for i in range(len(tensors))
               if f"encoder.{2 * i}.weight" in tensors]
    decoder = [tensors[f"decoder.{2 * i}.weight"].shape[0] for i in range(len(tensors))
               if f"decoder.{2 * i}.weight" in tensors]
    assert metadata.get("likelihood", "bernoulli") == "bernoulli", "this module has a Bernoulli decoder"
    module = LatentLabVAE(tensors["encoder.0.weight"].shape[1], encoder, tensors["mu.weight"].shape[0], decoder[:-1],
                          metadata.get("activation", "relu"))
    module.load_state_dict(tensors)
    return module, metadata
