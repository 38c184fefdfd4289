// Where each layer's weights live inside one flat parameter buffer: a list
// of (rows, cols) blocks, each starting on a 64-byte boundary.
#pragma once
#include <cstddef>

#include "core/nn/tensor.hpp"

namespace latent {

struct ParamBlock {
  size_t offset = 0;  // in floats from the start of the buffer
  int rows = 0;
  int cols = 0;
  size_t size() const { return size_t(rows) * size_t(cols); }
};

// Where a block's stretch of the flat buffers ends, padding included: the
// next 16-float boundary, where ParamLayout starts the next block.
inline size_t padded_end(const ParamBlock& block) { return (block.offset + block.size() + 15) / 16 * 16; }

class ParamLayout {
 public:
  // Reserves a (rows, cols) block; offsets are rounded up to 16 floats so
  // every block is aligned for AVX-512 loads.
  ParamBlock add(int rows, int cols) {
    ParamBlock block{size_, rows, cols};
    size_ = padded_end(block);
    return block;
  }
  size_t size() const { return size_; }

 private:
  size_t size_ = 0;
};

inline MatrixMap view(float* buffer, const ParamBlock& b) {
  return MatrixMap(buffer + b.offset, b.rows, b.cols);
}
inline ConstMatrixMap view(const float* buffer, const ParamBlock& b) {
  return ConstMatrixMap(buffer + b.offset, b.rows, b.cols);
}

}  // namespace latent
