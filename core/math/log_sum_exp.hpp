// Row-wise log-sum-exp, stable for very negative terms; shared by the
// mixture density network and the conditional VAE's importance weights.
#pragma once
#include <Eigen/Core>
#include <cmath>

namespace latent {

// out(b) = log sum_k exp(a(b, k)) for a: (B, K), shifted by each row's max
// so the largest term is exp(0) = 1 however negative the terms are.
// row_max is scratch (B), passed in so a hot loop allocates nothing.
inline void log_sum_exp_rows(const Eigen::ArrayXXf& a, Eigen::ArrayXf& row_max, Eigen::ArrayXf& out) {
  row_max = a.col(0);
  for (Eigen::Index k = 1; k < a.cols(); ++k) row_max = row_max.max(a.col(k));
  out.setZero(a.rows());
  for (Eigen::Index k = 0; k < a.cols(); ++k) out += (a.col(k) - row_max).exp();
  // A row of -inf terms (every component infinitely far) sums to -inf, not NaN.
  out = (row_max == -INFINITY).select(row_max, row_max + out.log());
}

}  // namespace latent
