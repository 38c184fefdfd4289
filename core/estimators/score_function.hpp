// The score-function (REINFORCE) estimate of an encoder's gradient of
// E_q[f(z)] for a diagonal Gaussian q = N(mu, diag sigma^2), shared by the
// VAE and the conditional VAE: f(z) grad log q(z), minus a baseline.
#pragma once
#include "core/estimators/encoder_gradient.hpp"
#include "core/nn/tensor.hpp"

namespace latent {

// reward (B, M) minus the estimator's baseline: none, `running_mean`, or the
// mean of the other M-1 samples' rewards (leave-one-out, needs M >= 2). Any
// baseline that does not depend on the sample it multiplies keeps the
// estimate unbiased. Shared by every score-function estimator (Gaussian and
// categorical q). Throws std::invalid_argument for the pathwise estimator or
// M < 2 with leave-one-out.
Eigen::ArrayXXf baselined_reward(const Eigen::ArrayXXf& reward, EncoderGradient estimator, float running_mean);

// reward (B, M): f at each sample z_bm = mu_b + sigma_b * eps_bm;
// eps (L, B*M), column m*B + b; sigma (L, B). Adds
//   scale * sum_m (f_bm - baseline_bm) * d log q(z_bm) / d(mu, log sigma^2)
// to d_mu and d_log_var (L, B), using
//   d log q / d mu = eps / sigma,   d log q / d log sigma^2 = (eps^2 - 1) / 2.
// The baseline is baselined_reward's.
void add_score_function_gradient(const Eigen::ArrayXXf& reward, const Matrix& eps, const Matrix& sigma,
                                 EncoderGradient estimator, float running_mean, float scale,
                                 Eigen::Ref<Matrix> d_mu, Eigen::Ref<Matrix> d_log_var);

}  // namespace latent
