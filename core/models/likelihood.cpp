// Vectorized Bernoulli and Gaussian log-likelihoods.
#include "core/models/likelihood.hpp"

#include "core/math/log_density.hpp"

namespace latent {

void bernoulli_log_prob(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Matrix>& logits,
                        Eigen::Ref<Matrix> log_prob, Eigen::Ref<Matrix>* d_logits, float scale) {
  const auto l = logits.array();
  const Eigen::ArrayXXf e = (-l.abs()).exp();
  log_prob.array() = x.array() * l - (l.max(0.0f) + e.log1p());
  if (d_logits) {
    const auto sigmoid = (l >= 0.0f).select((1.0f + e).inverse(), e / (1.0f + e));
    d_logits->array() = scale * (x.array() - sigmoid);
  }
}

void gaussian_log_prob(const Eigen::Ref<const Matrix>& x, const Eigen::Ref<const Matrix>& mean,
                       const Eigen::Ref<const Vector>& log_sigma, Eigen::Ref<Matrix> log_prob,
                       Eigen::Ref<Matrix>* d_mean, float scale) {
  const Eigen::ArrayXf inv_s = (-log_sigma.array()).exp();
  const Eigen::ArrayXXf r = (x.array() - mean.array()).colwise() * inv_s;  // (D, B)
  log_prob.array() = (-0.5f * (float(kLog2Pi) + r.square())).colwise() - log_sigma.array();
  if (d_mean) d_mean->array() = scale * (r.colwise() * inv_s);
}

}  // namespace latent
