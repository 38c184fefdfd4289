// Saving what the window shows as a PNG: a framebuffer read after rendering
// (the back buffer before the swap, or an offscreen one), flipped, cropped
// if asked, written atomically.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace latent {

// 8-bit RGB pixels, rows top to bottom.
struct RgbImage {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // width * height * 3
};

// Reads width x height pixels from the framebuffer bound for reading: the
// back buffer of the window, or the first colour attachment of an offscreen one.
RgbImage read_framebuffer(int width, int height);

// The part of `image` at (x, y), width x height, which must lie inside it.
RgbImage crop(const RgbImage& image, int x, int y, int width, int height);

// Writes the PNG via a temporary file and a rename. Throws std::runtime_error naming the path.
void write_png(const std::string& path, const RgbImage& image);

struct ScreenshotInfo {
  std::string path;
  int width = 0, height = 0;
  double mean = 0.0, stddev = 0.0;  // over all RGB values: a blank image has stddev ~0
  int distinct_colors = 0;          // of a sample of pixels, capped
};

// Reads the current back buffer (width x height) and writes it as a PNG
// (write_png). Throws std::runtime_error naming the path.
ScreenshotInfo save_screenshot(const std::string& path, int width, int height);

// Where F12 / Ctrl+S put a screenshot: ~/Pictures if it exists, else ~, else
// the working directory; the name carries the date and time.
std::string default_screenshot_path();

}  // namespace latent
