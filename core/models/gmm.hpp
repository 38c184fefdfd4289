// A mixture of Gaussians in 2-D as a latent variable model: z ~ Cat(pi),
// x | z = k ~ N(mu_k, Sigma_k), so p(x) = sum_k pi_k N(x; mu_k, Sigma_k).
// Exact log p(x), the posterior p(z|x) (responsibilities), the ELBO of any
// q(z|x), the gradient of log p(x), and ancestral sampling. In double: EM's
// monotone log p(x) is checked to 1e-9, beyond float's resolution.
#pragma once
#include <Eigen/Core>
#include <vector>

#include "core/math/rng.hpp"

namespace latent {

// Columns of x are 2-D points: (2, N).
using Points2 = Eigen::Matrix<double, 2, Eigen::Dynamic>;

// Sigma_k = L_k L_k^T with L_k lower triangular, stored as (log L11, L21,
// log L22). Why Cholesky and not log-scales + a correlation: every real
// triple is a valid covariance (no tanh squashing a correlation near +-1,
// where gradient ascent would stall), log det Sigma = 2 (log L11 + log L22),
// and solving with L is two divisions. The M-step's Sigma maps back exactly.
struct GmmParams {
  Eigen::VectorXd logits;                          // (K): pi = softmax(logits)
  Eigen::Matrix<double, 2, Eigen::Dynamic> means;  // (2, K)
  Eigen::Matrix<double, 3, Eigen::Dynamic> chol;   // (3, K): log L11, L21, log L22

  explicit GmmParams(int components = 0);
  int components() const { return int(logits.size()); }
  Eigen::VectorXd weights() const;  // (K), softmax of the logits
  Eigen::Matrix2d covariance(int k) const;
  void set_covariance(int k, const Eigen::Matrix2d& sigma);  // sigma symmetric positive definite
  void set_weights(const Eigen::VectorXd& pi);               // logits = log pi
};

// The flat parameter layout the training session keeps (floats): logits (K),
// then means (2, K), then the Cholesky triples (3, K): 6K values.
inline constexpr int kGmmValuesPerComponent = 6;
GmmParams gmm_from_flat(const float* flat, int components);
void gmm_to_flat(const GmmParams& params, float* flat);

// log p(x_n, z = k) = log pi_k + log N(x_n; mu_k, Sigma_k): (K, N).
Eigen::MatrixXd gmm_log_joint(const GmmParams& params, const Points2& x);
// log p(x_n) = logsumexp_k log p(x_n, z = k) per column of a log-joint: (N).
Eigen::VectorXd log_marginal(const Eigen::MatrixXd& log_joint);
// p(z = k | x_n) = p(x_n, z = k) / p(x_n): (K, N), columns sum to 1.
Eigen::MatrixXd posterior(const Eigen::MatrixXd& log_joint);

// Means per point of the lecture's terms for a given q (K, N) (columns are
// distributions over z). elbo = E_q[log p(x, z)] + H(q) is computed from
// those two terms directly, never as log p(x) - KL.
struct GmmBound {
  double log_lik = 0.0;          // log p(x), exact
  double elbo = 0.0;             // E_q[log p(x|z) + log p(z)] + H(q)
  double expected_log_lik = 0.0; // E_q[log p(x|z)]: the ELBO = this - KL(q || p(z))
  double kl_prior = 0.0;         // KL(q(z|x) || p(z))
  double gap() const { return log_lik - elbo; }  // KL(q(z|x) || p(z|x)) >= 0
};
GmmBound gmm_bound(const GmmParams& params, const Points2& x, const Eigen::MatrixXd& q);

// The mean of log p(x_n) over the columns of x, and its gradient with
// respect to every parameter (logits, means, Cholesky triples) into `grad`.
double gmm_log_lik_and_gradient(const GmmParams& params, const Points2& x, GmmParams& grad);

// n draws by ancestral sampling: z ~ Cat(pi), then x ~ N(mu_z, Sigma_z).
// The components drawn go to `z` when given.
Points2 gmm_sample(const GmmParams& params, int n, Rng& rng, std::vector<int>* z = nullptr);

}  // namespace latent
