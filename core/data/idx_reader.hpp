// Reads MNIST-format IDX files (raw or gzip) with validation that turns every
// corrupt, truncated or mismatched file into a one-line DataError.
#pragma once
#include <string>
#include <vector>

#include "core/data/dataset.hpp"

namespace latent {

struct IdxArray {
  std::vector<int> dims;      // outermost first, e.g. {60000, 28, 28}
  std::vector<uint8_t> data;  // product(dims) bytes, row-major
};

// gzip or raw, detected automatically (zlib reads raw files transparently);
// a gzip file with bytes after its stream is refused. Only unsigned-byte
// (type 0x08) arrays are supported.
IdxArray read_idx(const std::string& path);

// Labels are classes 0 to kMaxIdxClasses - 1: EMNIST's 62 fit, and a legend
// of more is not readable; a byte beyond is a corrupt file, not 256 classes.
inline constexpr int kMaxIdxClasses = 64;

// An image file (count x rows x cols) and its label file (count) as one
// Dataset; class_names are "0".."max label". Throws DataError for a label of
// kMaxIdxClasses or more.
Dataset load_idx_pair(const std::string& images_path, const std::string& labels_path,
                      const std::string& name);

// A directory in the MNIST layout: train-images-idx3-ubyte, train-labels-idx1-ubyte,
// t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally ending in .gz.
DataSplit load_idx_directory(const std::string& dir, const std::string& name);

}  // namespace latent
