// Fuzz target: an MNIST-format IDX file, gzip or raw (read_idx).
#include "bench/fuzz/fuzz_input.hpp"
#include "core/data/idx_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = latent::fuzz::write_input("images.idx", data, size);
  try {
    latent::read_idx(path);
  } catch (const latent::DataError& e) {
    latent::fuzz::check_message(e.what(), path);
  }
  return 0;
}
