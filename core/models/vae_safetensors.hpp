// A VAE as the state_dict of the PyTorch module the README defines, in a
// safetensors file, and back:
//   encoder = Sequential(Linear(D, H1), act, ..., Linear(.., Hk), act)
//   mu, log_var = Linear(Hk, L), Linear(Hk, L)       (log_var is log sigma^2)
//   decoder = Sequential(Linear(L, G1), act, ..., Linear(.., D))
//   log_sigma (D,)  a Gaussian decoder's log sigma per dimension
// Keys encoder.0.weight, encoder.0.bias, encoder.2.*, ..., mu.*, log_var.*,
// decoder.0.*, ...; weights (out, in), float32. __metadata__: "activation"
// (relu), "likelihood" (bernoulli), "dataset" (fashion-mnist), and for a
// Gaussian decoder with a fixed sigma "fixed_sigma".
#pragma once
#include <string>

#include "core/io/checkpoint.hpp"
#include "core/io/safetensors.hpp"

namespace latent {

// The VAE checkpoint's weights under the module's names. Throws
// SafetensorsError (naming `path`, the file it is for) for a checkpoint
// that is not a VAE.
SafetensorsFile vae_to_safetensors(const Checkpoint& checkpoint, const std::string& path);

// A VAE checkpoint (step 0, no optimizer state) from a file read from
// `path`: sizes read from the shapes, every tensor checked. Throws
// SafetensorsError naming the file, the tensor and the fix.
Checkpoint vae_from_safetensors(const SafetensorsFile& file, const std::string& path);

}  // namespace latent
