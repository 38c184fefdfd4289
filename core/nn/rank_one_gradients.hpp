// Weight gradients of a single example kept as their two factors. For one
// example a layer's dL/dW = delta a_in^T is rank one; writing it out in
// backward and reading it back in Adam moved 8 bytes per weight for nothing,
// about a quarter of a batch-1 step's memory traffic. Adam::update forms each
// element from the factors as it passes instead.
#pragma once
#ifdef __AVX512F__
#include <immintrin.h>
#endif
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

  // Reads factors i's gradient in buffer order from the element at `begin`
  // (counted in the flat buffer); past the block's end, in the padding up to
  // the next 16-float boundary, it reads zeros.
  class Reader {
   public:
    Reader(const Factors& f, size_t begin)
        : left_(f.left.data()), right_(f.right.data()), rows_(size_t(f.block.rows)), size_(f.block.size()),
          local_(begin - f.block.offset), col_(local_ / rows_), row_(local_ % rows_) {}
    // The same product, element by element, as the dense outer product
    // (Mlp writes dw.col(j) = a_in(j) * delta), so the same bits.
    float next() {
      if (local_ >= size_) return 0.0f;
      const float g = right_[col_] * left_[row_];
      advance(1);
      return g;
    }
#ifdef __AVX512F__
    __m512 next16() {
      if (local_ < size_ && row_ + 16 <= rows_) {  // within one column: one broadcast times 16 of delta
        const __m512 g = _mm512_mul_ps(_mm512_set1_ps(right_[col_]), _mm512_loadu_ps(left_ + row_));
        advance(16);
        return g;
      }
      alignas(64) float g[16];  // across columns (blocks of few rows) or into the padding
      for (float& x : g) x = next();
      return _mm512_load_ps(g);
    }
#endif

   private:
    void advance(size_t n) {
      local_ += n;
      row_ += n;
      if (row_ == rows_) row_ = 0, ++col_;
    }
    const float* left_;
    const float* right_;
    size_t rows_, size_, local_, col_, row_;
  };
  Reader reader(size_t i, size_t begin) const { return Reader(factors_[i], begin); }

  // Writes every deferred block into a dense gradient buffer.
  void write_into(float* grads) const;

 private:
  std::vector<Factors> factors_;  // reused from step to step; the first used_ are this step's
  size_t used_ = 0;
  bool enabled_ = false;
};

}  // namespace latent
