// Min/max/mean decimation of a long increasing-x series (the training
// curves), kept current as points arrive; free of ImGui so tests can check it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "live/series/chunked_array.hpp"

namespace latent::plot {

// Min/max/mean of a long increasing-x series at power-of-two resolutions,
// appended to as points arrive, so drawing a million-point curve costs the
// plot's width, not the curve's length.
class Decimator {
 public:
  void clear();
  void append(float x, float y);
  size_t size() const { return count_; }
  float y(size_t index) const { return raw_y_[index]; }  // the index-th appended point's y
  // Buckets of the finest level with at most max_buckets in x range [x0, x1].
  struct Bucket {
    float x_first = 0, x_last = 0;
    float lo = 0, hi = 0;
    double sum = 0;
    uint32_t count = 0;
    float mean() const { return count ? float(sum / count) : 0.0f; }
  };
  void visible(double x0, double x1, int max_buckets, std::vector<Bucket>& out) const;
  // Smallest and largest y over [x0, x1], at the resolution visible() would use.
  bool range(double x0, double x1, int max_buckets, float& lo, float& hi) const;

 private:
  // Bucket b of level k: points [b, b + 1) * 2^(k+3), read from levels_ once
  // complete, merged from the level below (or the raw points) while filling.
  Bucket bucket(int k, size_t b) const;

  std::vector<ChunkedArray<Bucket>> levels_;  // levels_[k]: the complete buckets of 2^(k+3) points
  ChunkedArray<float> raw_x_, raw_y_;  // the points themselves, for views finer than level 0
  size_t count_ = 0;
};

}  // namespace latent::plot
