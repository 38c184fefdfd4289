// Log importance weights log p(x|z) + log p(z) - log q(z|x), sampled in
// chunks, then one log-sum-exp per repetition.
#include "core/inference/importance_weighted_bound.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/inference/chunked_log_likelihood.hpp"

namespace latent {

ImportanceWeightedBound importance_weighted_bound(const Vae& vae, const float* params, const Matrix& x,
                                                  const DiagonalGaussian& q, int k, int repetitions, Rng& rng,
                                                  Vae::Workspace& ws) {
  // x: (D, 1)
  if (k < 1 || repetitions < 1) throw std::invalid_argument("the IWAE bound needs k >= 1 and repetitions >= 1");
  if (q.dim() != vae.latent_dim()) throw std::invalid_argument("q's size does not match the model's latent size");
  const int L = q.dim();
  const long total = long(k) * repetitions;
  const Eigen::VectorXd sigma = q.sigma();

  std::vector<double> log_w(static_cast<size_t>(total));  // sample i of repetition r at r * k + i
  Matrix z;                                  // (L, chunk)
  Eigen::MatrixXd eps;                       // (L, chunk)
  Eigen::VectorXd log_lik;                   // (chunk)
  for (long start = 0; start < total; start += kLogLikelihoodChunk) {
    const int n = int(std::min<long>(kLogLikelihoodChunk, total - start));
    eps.resize(L, n);
    for (Eigen::Index i = 0; i < eps.size(); ++i) eps.data()[i] = rng.normal();
    const Eigen::MatrixXd zd = (eps.array().colwise() * sigma.array()).colwise() + q.mu.array();
    z = zd.cast<float>();
    chunked_log_likelihood(vae, params, x, z, log_lik, ws);
    for (int j = 0; j < n; ++j)
      log_w[size_t(start + j)] =
          log_lik(j) + log_standard_normal(zd.col(j)) - q.log_density_from_noise(eps.col(j));
  }

  Eigen::VectorXd estimates(repetitions);
  std::vector<double> group(static_cast<size_t>(k));
  for (int r = 0; r < repetitions; ++r) {
    std::copy_n(log_w.begin() + long(r) * k, k, group.begin());
    estimates(r) = log_sum_exp(group) - std::log(double(k));
  }
  ImportanceWeightedBound b;
  b.k = k;
  b.repetitions = repetitions;
  b.mean = estimates.mean();
  if (repetitions > 1)
    b.standard_error = std::sqrt((estimates.array() - b.mean).square().sum() / (repetitions - 1) / repetitions);
  return b;
}

std::vector<ImportanceWeightedBound> importance_weighted_ladder(const Vae& vae, const float* params, const Matrix& x,
                                                                const DiagonalGaussian& q, const std::vector<int>& ks,
                                                                int repetitions, Rng& rng, Vae::Workspace& ws) {
  std::vector<ImportanceWeightedBound> ladder;
  for (int k : ks) ladder.push_back(importance_weighted_bound(vae, params, x, q, k, repetitions, rng, ws));
  return ladder;
}

}  // namespace latent
