// Recording and expanding rank-one weight gradients.
#include "core/nn/rank_one_gradients.hpp"

#include <algorithm>

namespace latent {

void RankOneGradients::add(const ParamBlock& block, const float* left, const float* right) {
  if (used_ == factors_.size()) factors_.emplace_back();
  Factors& f = factors_[used_++];
  f.block = block;
  f.left.assign(left, left + block.rows);
  f.right.assign(right, right + block.cols);
}

void RankOneGradients::fill(size_t i, size_t begin, size_t count, float* out) const {
  const Factors& f = factors_[i];
  const size_t rows = size_t(f.block.rows), size = f.block.size();
  size_t local = begin - f.block.offset;  // element index inside the block
  size_t done = 0;
  while (done < count && local < size) {
    // The rest of column j from row r: the same product, element by element,
    // as the dense outer product (Mlp writes dw.col(j) = a_in(j) * delta).
    const size_t j = local / rows, r = local % rows;
    const size_t n = std::min(rows - r, count - done);
    const float a = f.right[j];
    const float* d = f.left.data() + r;
    for (size_t k = 0; k < n; ++k) out[done + k] = a * d[k];
    done += n;
    local += n;
  }
  std::fill(out + done, out + count, 0.0f);  // padding after the block
}

void RankOneGradients::write_into(float* grads) const {
  for (size_t i = 0; i < used_; ++i) {
    const ParamBlock& b = factors_[i].block;
    fill(i, b.offset, b.size(), grads + b.offset);
  }
}

}  // namespace latent
