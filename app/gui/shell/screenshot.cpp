// Framebuffer read-back, cropping, PNG encoding with stb_image_write, atomic write.
#include "gui/shell/screenshot.hpp"

#include <GL/glcorearb.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include "core/io/atomic_file.hpp"

namespace latent {

RgbImage read_framebuffer(int width, int height) {
  RgbImage image;
  image.width = width;
  image.height = height;
  image.pixels.resize(size_t(width) * size_t(height) * 3);
  GLint previous_alignment = 4, previous_buffer = GL_BACK, framebuffer = 0;
  glGetIntegerv(GL_PACK_ALIGNMENT, &previous_alignment);
  glGetIntegerv(GL_READ_BUFFER, &previous_buffer);
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &framebuffer);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(framebuffer == 0 ? GL_BACK : GL_COLOR_ATTACHMENT0);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, image.pixels.data());
  glReadBuffer(GLenum(previous_buffer));
  glPixelStorei(GL_PACK_ALIGNMENT, previous_alignment);

  // GL's rows run bottom-up; PNG's top-down.
  const size_t row = size_t(width) * 3;
  std::vector<uint8_t> row_buffer(row);
  for (int y = 0; y < height / 2; ++y) {
    uint8_t* a = image.pixels.data() + size_t(y) * row;
    uint8_t* b = image.pixels.data() + size_t(height - 1 - y) * row;
    std::copy(a, a + row, row_buffer.data());
    std::copy(b, b + row, a);
    std::copy(row_buffer.data(), row_buffer.data() + row, b);
  }
  return image;
}

RgbImage crop(const RgbImage& image, int x, int y, int width, int height) {
  RgbImage part;
  part.width = width;
  part.height = height;
  part.pixels.resize(size_t(width) * size_t(height) * 3);
  for (int r = 0; r < height; ++r) {
    const uint8_t* from = image.pixels.data() + (size_t(y + r) * size_t(image.width) + size_t(x)) * 3;
    std::copy(from, from + size_t(width) * 3, part.pixels.data() + size_t(r) * size_t(width) * 3);
  }
  return part;
}

void write_png(const std::string& path, const RgbImage& image) {
  std::string png;
  auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), size_t(size));
  };
  if (!stbi_write_png_to_func(append, &png, image.width, image.height, 3, image.pixels.data(), image.width * 3))
    throw std::runtime_error(path + ": PNG encoding failed");
  write_file_atomically(path, png);  // a reader never sees half a PNG
}

ScreenshotInfo save_screenshot(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) throw std::runtime_error(path + ": the window has no pixels to save");
  const RgbImage image = read_framebuffer(width, height);
  const std::vector<uint8_t>& pixels = image.pixels;
  ScreenshotInfo info;
  info.path = path;
  info.width = width;
  info.height = height;
  double sum = 0.0, sum_sq = 0.0;
  for (uint8_t v : pixels) {
    sum += v;
    sum_sq += double(v) * v;
  }
  const double n = double(pixels.size());
  info.mean = sum / n;
  info.stddev = std::sqrt(std::max(0.0, sum_sq / n - info.mean * info.mean));
  std::unordered_set<uint32_t> colors;
  for (size_t i = 0; i + 2 < pixels.size() && colors.size() < 4096; i += 3 * 7)
    colors.insert(uint32_t(pixels[i]) << 16 | uint32_t(pixels[i + 1]) << 8 | pixels[i + 2]);
  info.distinct_colors = int(colors.size());
  write_png(path, image);
  return info;
}

std::string default_screenshot_path() {
  namespace fs = std::filesystem;
  fs::path dir = ".";
  std::error_code ec;
  if (const char* home = std::getenv("HOME"); home && *home) {
    dir = home;
    if (fs::is_directory(dir / "Pictures", ec)) dir /= "Pictures";
  }
  char stamp[64];
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  std::strftime(stamp, sizeof stamp, "latentlab-%Y%m%d-%H%M%S.png", &local);
  return (dir / stamp).string();
}

}  // namespace latent
