// Fuzz target: the remembered settings (settings.json); any content must
// load as defaults or values in range, never throw.
#include "bench/fuzz/fuzz_input.hpp"
#include "live/settings/user_settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  latent::fuzz::write_input("settings.json", data, size);
  latent::load_user_settings(latent::fuzz::scratch());
  return 0;
}
