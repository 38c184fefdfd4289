// The mixture of Gaussians' densities, bound, gradient and sampling, in the
// lecture's notation: log p(x) = log sum_z p(x|z) p(z), and for any q(z|x)
//   log p(x) >= E_q[log p(x|z) + log p(z)] + H(q)   (the ELBO),
// with equality when q(z|x) = p(z|x).
#include "core/models/gmm.hpp"

#include <cmath>

#include "core/math/log_density.hpp"

namespace latent {

GmmParams::GmmParams(int components)
    : logits(Eigen::VectorXd::Zero(components)),
      means(Eigen::Matrix<double, 2, Eigen::Dynamic>::Zero(2, components)),
      chol(Eigen::Matrix<double, 3, Eigen::Dynamic>::Zero(3, components)) {}

Eigen::VectorXd GmmParams::weights() const {
  const Eigen::ArrayXd e = (logits.array() - logits.maxCoeff()).exp();
  return (e / e.sum()).matrix();
}

Eigen::Matrix2d GmmParams::covariance(int k) const {
  Eigen::Matrix2d l;
  l << std::exp(chol(0, k)), 0.0, chol(1, k), std::exp(chol(2, k));
  return l * l.transpose();
}

void GmmParams::set_covariance(int k, const Eigen::Matrix2d& sigma) {
  const double l11 = std::sqrt(sigma(0, 0));
  const double l21 = sigma(1, 0) / l11;
  const double l22 = std::sqrt(sigma(1, 1) - l21 * l21);
  chol.col(k) << std::log(l11), l21, std::log(l22);
}

void GmmParams::set_weights(const Eigen::VectorXd& pi) { logits = pi.array().log().matrix(); }

GmmParams gmm_from_flat(const float* flat, int components) {
  const int k = components;
  GmmParams p(k);
  for (int j = 0; j < k; ++j) {
    p.logits(j) = flat[j];
    for (int r = 0; r < 2; ++r) p.means(r, j) = flat[k + 2 * j + r];
    for (int r = 0; r < 3; ++r) p.chol(r, j) = flat[3 * k + 3 * j + r];
  }
  return p;
}

void gmm_to_flat(const GmmParams& p, float* flat) {
  const int k = p.components();
  for (int j = 0; j < k; ++j) {
    flat[j] = float(p.logits(j));
    for (int r = 0; r < 2; ++r) flat[k + 2 * j + r] = float(p.means(r, j));
    for (int r = 0; r < 3; ++r) flat[3 * k + 3 * j + r] = float(p.chol(r, j));
  }
}

namespace {
// u = L^{-1} (x - mu) for component k: the whitened point, whose squared
// length is the Mahalanobis distance. log N = -log 2pi - log L11 - log L22 - |u|^2 / 2.
struct Whitened {
  double u1, u2;
};
Whitened whiten(const GmmParams& p, int k, double x1, double x2) {
  const double u1 = (x1 - p.means(0, k)) * std::exp(-p.chol(0, k));
  const double u2 = (x2 - p.means(1, k) - p.chol(1, k) * u1) * std::exp(-p.chol(2, k));
  return {u1, u2};
}
}  // namespace

Eigen::MatrixXd gmm_log_joint(const GmmParams& p, const Points2& x) {
  // out: (K, N)
  const int k_count = p.components();
  const double log_norm = p.logits.maxCoeff() + std::log((p.logits.array() - p.logits.maxCoeff()).exp().sum());
  Eigen::MatrixXd out(k_count, x.cols());
  for (int k = 0; k < k_count; ++k) {
    const double log_pi = p.logits(k) - log_norm;
    const double log_det_half = p.chol(0, k) + p.chol(2, k);
    for (Eigen::Index n = 0; n < x.cols(); ++n) {
      const Whitened w = whiten(p, k, x(0, n), x(1, n));
      out(k, n) = log_pi - kLog2Pi - log_det_half - 0.5 * (w.u1 * w.u1 + w.u2 * w.u2);
    }
  }
  return out;
}

Eigen::VectorXd log_marginal(const Eigen::MatrixXd& a) {
  // a: (K, N) -> (N)
  const Eigen::RowVectorXd top = a.colwise().maxCoeff();
  const Eigen::RowVectorXd sum = (a.rowwise() - top).array().exp().colwise().sum();
  return (top.array() + sum.array().log()).transpose().matrix();
}

Eigen::MatrixXd posterior(const Eigen::MatrixXd& a) {
  // a: (K, N) -> r: (K, N), r_kn = exp(a_kn - log p(x_n))
  const Eigen::RowVectorXd lse = log_marginal(a).transpose();
  return (a.rowwise() - lse).array().exp().matrix();
}

GmmBound gmm_bound(const GmmParams& p, const Points2& x, const Eigen::MatrixXd& q) {
  // q: (K, N); the terms with q = 0 contribute nothing (0 log 0 = 0).
  const Eigen::MatrixXd joint = gmm_log_joint(p, x);
  const Eigen::VectorXd log_pi = (p.logits.array() - log_marginal(p.logits)(0)).matrix();
  GmmBound b;
  double expected_joint = 0.0, entropy = 0.0, expected_log_prior = 0.0;
  for (Eigen::Index n = 0; n < x.cols(); ++n)
    for (Eigen::Index k = 0; k < joint.rows(); ++k) {
      const double w = q(k, n);
      if (w <= 0.0) continue;
      expected_joint += w * joint(k, n);
      expected_log_prior += w * log_pi(k);
      entropy -= w * std::log(w);
    }
  const double n = double(x.cols());
  b.log_lik = log_marginal(joint).sum() / n;
  b.elbo = (expected_joint + entropy) / n;
  b.expected_log_lik = (expected_joint - expected_log_prior) / n;
  b.kl_prior = b.expected_log_lik - b.elbo;  // = E_q[log q - log p(z)]
  return b;
}

double gmm_log_lik_and_gradient(const GmmParams& p, const Points2& x, GmmParams& grad) {
  // d log p(x_n) / d log p(x_n, z = k) = r_kn, the responsibility; then the
  // chain rule through log pi_k = logit_k - logsumexp(logits) and through
  // log N = -log 2pi - s1 - s2 - (u1^2 + u2^2)/2 with s = log L11, log L22,
  // c = L21, u1 = (x1 - m1) e^-s1, u2 = (x2 - m2 - c u1) e^-s2.
  const Eigen::MatrixXd joint = gmm_log_joint(p, x);  // (K, N)
  const Eigen::MatrixXd r = posterior(joint);         // (K, N)
  const double n = double(x.cols());
  const int k_count = p.components();
  grad = GmmParams(k_count);
  const Eigen::VectorXd pi = p.weights();
  grad.logits = (r.rowwise().sum() - n * pi) / n;
  for (int k = 0; k < k_count; ++k) {
    const double inv1 = std::exp(-p.chol(0, k)), inv2 = std::exp(-p.chol(2, k)), c = p.chol(1, k);
    double dm1 = 0, dm2 = 0, ds1 = 0, dc = 0, ds2 = 0;
    for (Eigen::Index i = 0; i < x.cols(); ++i) {
      const double w = r(k, i);
      const Whitened u = whiten(p, k, x(0, i), x(1, i));
      const double g_u2 = -u.u2;
      const double g_u1 = -u.u1 - g_u2 * c * inv2;
      dm1 += w * -g_u1 * inv1;
      dm2 += w * -g_u2 * inv2;
      ds1 += w * (-1.0 - g_u1 * u.u1);
      ds2 += w * (-1.0 - g_u2 * u.u2);
      dc += w * -g_u2 * u.u1 * inv2;
    }
    grad.means.col(k) << dm1 / n, dm2 / n;
    grad.chol.col(k) << ds1 / n, dc / n, ds2 / n;
  }
  return log_marginal(joint).sum() / n;
}

Points2 gmm_sample(const GmmParams& p, int count, Rng& rng, std::vector<int>* z) {
  const Eigen::VectorXd pi = p.weights();
  Points2 x(2, count);
  if (z) z->resize(size_t(count));
  for (int i = 0; i < count; ++i) {
    // Inverse CDF of the categorical; the last component takes any rounding left over.
    double u = rng.uniform();
    int k = 0;
    while (k + 1 < p.components() && u >= pi(k)) u -= pi(k++);
    const double e1 = rng.normal(), e2 = rng.normal();
    const double l11 = std::exp(p.chol(0, k)), l21 = p.chol(1, k), l22 = std::exp(p.chol(2, k));
    x.col(i) << p.means(0, k) + l11 * e1, p.means(1, k) + l21 * e1 + l22 * e2;
    if (z) (*z)[size_t(i)] = k;
  }
  return x;
}

}  // namespace latent
