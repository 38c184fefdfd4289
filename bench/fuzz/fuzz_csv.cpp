// Fuzz target: a two-column (x, y) CSV file for the conditional models.
#include "bench/fuzz/fuzz_input.hpp"
#include "core/data/regression_sets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = latent::fuzz::write_input("points.csv", data, size);
  try {
    latent::load_regression_csv(path, 1);
  } catch (const latent::DataError& e) {
    latent::fuzz::check_message(e.what(), path);
  }
  return 0;
}
