// Opening a saved model whatever its format: a Latent Lab checkpoint, or a
// VAE's weights from PyTorch as .safetensors (see vae_safetensors.hpp).
#pragma once
#include <string>

#include "core/io/checkpoint.hpp"

namespace latent {

// A file ending in ".safetensors" is read as one; anything else as a
// checkpoint. Throws CheckpointError (one line naming the file and the fix)
// for both.
Checkpoint load_model_file(const std::string& path);

// Writes `checkpoint` as `path`: safetensors when the name ends in
// ".safetensors" (VAEs only), a checkpoint otherwise. Throws IoError or
// CheckpointError.
void save_model_file(const std::string& path, const Checkpoint& checkpoint);

}  // namespace latent
