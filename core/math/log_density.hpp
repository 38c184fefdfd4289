// Log-densities and KL terms the lecture notes use, computed stably.
// Scalar versions are the reference; the VAE uses the same formulas
// vectorized over whole matrices.
#pragma once
#include <algorithm>
#include <cmath>

namespace latent {

inline constexpr double kLog2Pi = 1.8378770664093454836;

// softplus(l) = log(1 + e^l) without overflow for large |l|.
inline double softplus(double l) { return std::max(l, 0.0) + std::log1p(std::exp(-std::abs(l))); }

// log Bernoulli(x | p = sigmoid(l)) = x log p + (1-x) log(1-p) = x l - softplus(l),
// valid for gray values x in [0, 1] as well as binary ones.
inline double bernoulli_log_prob_from_logit(double x, double logit) { return x * logit - softplus(logit); }

// log N(x | m, s^2) with s given through log s.
inline double gaussian_log_prob(double x, double mean, double log_sigma) {
  const double r = (x - mean) * std::exp(-log_sigma);
  return -0.5 * (kLog2Pi + 2.0 * log_sigma + r * r);
}

// KL(N(mu, sigma^2) || N(0, 1)) for one dimension, from log sigma^2.
inline double kl_to_standard_normal(double mu, double log_var) {
  return 0.5 * (mu * mu + std::exp(log_var) - 1.0 - log_var);
}

// log sum_i exp(a_i) for a range, shifted by the max so nothing overflows.
template <class Range>
double log_sum_exp(const Range& values) {
  double hi = -INFINITY;
  for (double v : values) hi = std::max(hi, v);
  if (!std::isfinite(hi)) return hi;
  double sum = 0.0;
  for (double v : values) sum += std::exp(v - hi);
  return hi + std::log(sum);
}

}  // namespace latent
