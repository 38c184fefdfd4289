// Fuzz target: one picture of an images:<dir> folder (decoded by stb, then
// squared and resized by us), beside one valid picture.
#include <stb_image_write.h>

#include "bench/fuzz/fuzz_input.hpp"
#include "core/data/image_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string dir = [] {
    const std::string d = latent::fuzz::scratch() + "/pictures";
    std::filesystem::create_directories(d);
    const unsigned char gray[4] = {0, 64, 128, 255};
    stbi_write_png((d + "/valid.png").c_str(), 2, 2, 1, gray, 2);
    return d;
  }();
  const std::string path = latent::fuzz::write_input("pictures/input.png", data, size);
  try {
    latent::load_image_folder(dir, 1);
  } catch (const latent::DataError& e) {
    latent::fuzz::check_message(e.what(), path);
  }
  return 0;
}
