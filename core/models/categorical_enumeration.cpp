// Exact sums over the joint codes of a categorical VAE, in double.
#include "core/models/categorical_enumeration.hpp"

#include <algorithm>
#include <cmath>

#include "core/models/gmm.hpp"

namespace latent {

void enumerate_codes(const CategoricalVae& vae, const float* params, const Matrix& x, CategoricalEnumeration& e,
                     CategoricalVae::Workspace& ws) {
  // x: (Din, B)
  const int D = vae.config().groups, K = vae.config().categories;
  if (e.codes.cols() != vae.config().joint_codes() || e.codes.rows() != D * K) e.codes = all_codes(D, K);
  e.log_q_groups = group_log_softmax(vae.encode(params, x, ws), D, K);  // (D*K, B)
  e.log_q.noalias() = e.codes.cast<double>().transpose() * e.log_q_groups;  // (C, B): one-hot picks each group's term
  vae.pair_log_likelihood(params, x, e.codes, e.log_lik, ws);            // (C, B)
  e.log_prior = -double(D) * std::log(double(K));
}

Eigen::VectorXd categorical_kl_to_uniform(const Eigen::MatrixXd& log_q_groups, int groups, int categories) {
  // sum over all D*K rows of q (log q + log K): the groups' KLs add up.
  const Eigen::ArrayXXd lq = log_q_groups.array();
  return (lq.exp() * (lq + std::log(double(categories)))).colwise().sum().transpose().matrix();
}

CategoricalBound exact_bound(const CategoricalEnumeration& e, int groups, int categories) {
  CategoricalBound b;
  const Eigen::MatrixXd log_joint = e.log_lik.array() + e.log_prior;  // (C, B): log p(x, z)
  b.log_marginal = log_marginal(log_joint);
  b.posterior = posterior(log_joint);
  const Eigen::ArrayXXd q = e.log_q.array().exp();
  b.expected_log_lik = (q * e.log_lik.array()).colwise().sum().transpose().matrix();
  b.kl_prior = categorical_kl_to_uniform(e.log_q_groups, groups, categories);
  const Eigen::ArrayXXd log_post = log_joint.array().rowwise() - b.log_marginal.transpose().array();
  b.gap = (q * (e.log_q.array() - log_post)).colwise().sum().transpose().matrix();
  return b;
}

CategoricalBoundMeans mean_exact_bound(const CategoricalVae& vae, const float* params, const Matrix& x) {
  constexpr Eigen::Index kChunk = 250;  // examples per pass: scratch is (K^D, chunk) doubles
  CategoricalBoundMeans sum;
  CategoricalEnumeration e;
  CategoricalVae::Workspace ws;
  Matrix chunk;
  for (Eigen::Index start = 0; start < x.cols(); start += kChunk) {
    chunk = x.middleCols(start, std::min(kChunk, x.cols() - start));
    enumerate_codes(vae, params, chunk, e, ws);
    const CategoricalBound b = exact_bound(e, vae.config().groups, vae.config().categories);
    sum.log_marginal += b.log_marginal.sum();
    sum.expected_log_lik += b.expected_log_lik.sum();
    sum.kl_prior += b.kl_prior.sum();
    sum.gap += b.gap.sum();
  }
  const double n = double(std::max<Eigen::Index>(x.cols(), 1));
  return {sum.log_marginal / n, sum.expected_log_lik / n, sum.kl_prior / n, sum.gap / n};
}

}  // namespace latent
