// Weight gradients of a single example kept as their two factors. For one
// example a layer's dL/dW = delta a_in^T is rank one; writing it out in
// backward and reading it back in Adam moved 8 bytes per weight for nothing,
// about a quarter of a batch-1 step's memory traffic. Adam::update forms each
// element from the factors as it passes instead.
#pragma once
#include <vector>

#include "core/nn/param_layout.hpp"

namespace latent {

class RankOneGradients {
 public:
  struct Factors {
    ParamBlock block;  // W (rows, cols), column-major in the flat buffers
    FloatBuffer left;  // (rows): d loss / d pre-activation
    FloatBuffer right;  // (cols): the layer's input
  };

  // Starts a step: forgets the last step's factors. Backward passes defer
  // only when `enabled`, that is, when whoever reads the gradient reads
  // this list too (ParallelGradient, for one part).
  void start(bool enabled) {
    enabled_ = enabled;
    used_ = 0;
  }
  bool enabled() const { return enabled_; }

  // Copies the factors: gradient of `block` = left right^T, left (block.rows),
  // right (block.cols).
  void add(const ParamBlock& block, const float* left, const float* right);

  size_t size() const { return used_; }
  const Factors& operator[](size_t i) const { return factors_[i]; }

  // The gradient's elements [begin, begin + count) of factors i's block,
  // offsets counted in the flat buffer, into out[0, count); the padding
  // after the block up to the next multiple of 16 floats reads as zero.
  void fill(size_t i, size_t begin, size_t count, float* out) const;
  // Writes every deferred block into a dense gradient buffer.
  void write_into(float* grads) const;

 private:
  std::vector<Factors> factors_;  // reused from step to step; the first used_ are this step's
  size_t used_ = 0;
  bool enabled_ = false;
};

// The end of a block's stretch of the flat buffers, padding included: blocks
// start on 16-float boundaries (ParamLayout), so this is the next one.
inline size_t padded_end(const ParamBlock& block) { return (block.offset + block.size() + 15) / 16 * 16; }

}  // namespace latent
