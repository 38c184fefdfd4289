// Fuzz target: a saved model as every command opens one (load_model_file):
// a checkpoint, or with LATENT_FUZZ_SAFETENSORS a .safetensors file.
#include "bench/fuzz/fuzz_input.hpp"
#include "core/train/model_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
#ifdef LATENT_FUZZ_SAFETENSORS
  const std::string path = latent::fuzz::write_input("model.safetensors", data, size);
#else
  const std::string path = latent::fuzz::write_input("model.ckpt", data, size);
#endif
  try {
    latent::load_model_file(path);
  } catch (const latent::CheckpointError& e) {
    latent::fuzz::check_message(e.what(), path);
  }
  return 0;
}
