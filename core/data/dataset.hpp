// A dataset in memory: images kept as uint8 (or 2-D points as float) with a
// label per example, and gather() to copy a minibatch into a Matrix.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/nn/tensor.hpp"

namespace latent {

// Every problem with data (missing, corrupt, wrong shape) is one of these; the
// message is one line that starts with the file or dataset at fault and says
// how to fix it.
struct DataError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class DataKind { Image, Points };

struct Dataset {
  std::string name;                      // "fashion-mnist", "sprites", "moons", ...
  DataKind kind = DataKind::Image;
  int dim = 0;                           // features per example (784 for 28x28 images, 2 for toys)
  int width = 0, height = 0;             // images only
  int channels = 1;                      // images: 1 (grey) or 3 (RGB, interleaved per pixel); dim = width*height*channels
  std::vector<uint8_t> pixels;           // images: size()*dim bytes, example-major (row-major image per example)
  std::vector<float> points;             // points: size()*dim floats, example-major
  std::vector<uint8_t> labels;           // one per example (toys use their component/arm/moon index)
  std::vector<std::string> class_names;  // label -> human-readable name, e.g. "T-shirt/top"
  // Points from a file: each column's name ("" if the file has no header), and
  // the standardization the models see them through: the file's value is
  // offset[c] + scale[c] * stored. Empty: stored in the file's units.
  std::vector<std::string> feature_names;
  std::vector<float> unit_offset, unit_scale;

  size_t size() const;
  bool is_image() const { return kind == DataKind::Image; }
  bool standardized() const { return !unit_scale.empty(); }
  // Column c's value in the file's units for a stored (standardized) value v.
  double original(int c, double v) const { return standardized() ? unit_offset[size_t(c)] + unit_scale[size_t(c)] * v : v; }
  int class_count() const { return int(class_names.size()); }

  // Example i's raw storage: dim bytes (images) or dim floats (points).
  const uint8_t* image(size_t i) const { return pixels.data() + i * size_t(dim); }
  const float* point(size_t i) const { return points.data() + i * size_t(dim); }

  // Copies examples idx[0..count) into out, resized to (dim, count): images as
  // float in [0,1] (byte/255), points as they are. Throws DataError on an
  // index outside [0, size()).
  void gather(const int* idx, int count, Matrix& out) const;
};

struct DataSplit {
  Dataset train, test;
};

// The examples of `all` shuffled with seed, the first round(test_fraction *
// size) of them (at least one, at most size - 1) held out as the test set.
// all must hold at least two examples.
DataSplit hold_out(const Dataset& all, uint64_t seed, double test_fraction);

}  // namespace latent
