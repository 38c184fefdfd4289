// The decoder's likelihoods, vectorized over a (D, B) block: per-element
// log p(x|z) and its gradient with respect to the decoder's output.
#pragma once
#include "core/nn/tensor.hpp"

namespace latent {

// Bernoulli from logits l, for gray values x in [0,1]:
//   log p = x l - softplus(l),   d log p / d l = x - sigmoid(l).
// Both come from e = exp(-|l|), so no logit overflows.
// x, logits: (D, B). Writes log_prob (D, B); if d_logits is non-null
// writes scale * (d log p / d l) into it.
void bernoulli_log_prob(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Matrix>& logits,
                        Eigen::Ref<Matrix> log_prob, Eigen::Ref<Matrix>* d_logits, float scale);

// Gaussian with per-dimension log sigma (D):
//   log p = -0.5 [log 2 pi + 2 log s + ((x - m) / s)^2],
//   d log p / d m = (x - m) / s^2,   d log p / d log s = r^2 - 1.
void gaussian_log_prob(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Matrix>& mean,
                       const Eigen::Ref<const Vector>& log_sigma, Eigen::Ref<Matrix> log_prob,
                       Eigen::Ref<Matrix>* d_mean, float scale);

}  // namespace latent
