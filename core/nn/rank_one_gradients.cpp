// Recording and expanding rank-one weight gradients.
#include "core/nn/rank_one_gradients.hpp"

namespace latent {

void RankOneGradients::add(const ParamBlock& block, const float* left, const float* right) {
  if (used_ == factors_.size()) factors_.emplace_back();
  Factors& f = factors_[used_++];
  f.block = block;
  f.left.assign(left, left + block.rows);
  f.right.assign(right, right + block.cols);
}

void RankOneGradients::write_into(float* grads) const {
  for (size_t i = 0; i < used_; ++i) {
    const ParamBlock& b = factors_[i].block;
    Reader g = reader(i, b.offset);
    for (size_t k = 0; k < b.size(); ++k) grads[b.offset + k] = g.next();
  }
}

}  // namespace latent
