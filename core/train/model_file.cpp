// The one place that picks a saved model's format from its name.
#include "core/train/model_file.hpp"

#include "core/models/vae_safetensors.hpp"

namespace latent {
namespace {

bool is_safetensors(const std::string& path) {
  const std::string suffix = ".safetensors";
  return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Checkpoint load_model_file(const std::string& path) {
  if (!is_safetensors(path)) return load_checkpoint(path);
  try {
    return vae_from_safetensors(read_safetensors(path), path);
  } catch (const SafetensorsError& e) {
    throw CheckpointError(e.what());
  }
}

void save_model_file(const std::string& path, const Checkpoint& checkpoint) {
  if (!is_safetensors(path)) return save_checkpoint(path, checkpoint);
  try {
    write_safetensors(path, vae_to_safetensors(checkpoint, path));
  } catch (const SafetensorsError& e) {
    throw CheckpointError(e.what());
  }
}

}  // namespace latent
