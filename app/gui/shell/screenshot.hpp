// Saving what the window shows as a PNG: the back buffer read after
// rendering and before the swap, flipped, written atomically.
#pragma once
#include <string>

namespace latent {

struct ScreenshotInfo {
  std::string path;
  int width = 0, height = 0;
  double mean = 0.0, stddev = 0.0;  // over all RGB values: a blank image has stddev ~0
  int distinct_colors = 0;          // of a sample of pixels, capped
};

// Reads the current back buffer (width x height), writes the PNG via a
// temporary file and a rename. Throws std::runtime_error naming the path.
ScreenshotInfo save_screenshot(const std::string& path, int width, int height);

// Where F12 / Ctrl+S put a screenshot: ~/Pictures if it exists, else ~, else
// the working directory; the name carries the date and time.
std::string default_screenshot_path();

}  // namespace latent
