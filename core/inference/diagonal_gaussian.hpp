// A diagonal Gaussian over the latent space, q(z) = N(mu, diag exp(log_var)):
// the encoder's q(z|x) for one x, or a per-point variational posterior.
#pragma once
#include <Eigen/Core>
#include <cmath>

#include "core/math/log_density.hpp"
#include "core/models/vae.hpp"

namespace latent {

struct DiagonalGaussian {
  Eigen::VectorXd mu;       // (L)
  Eigen::VectorXd log_var;  // (L), log sigma^2

  int dim() const { return int(mu.size()); }
  Eigen::VectorXd sigma() const { return (0.5 * log_var.array()).exp().matrix(); }

  // KL(q || N(0, I)), closed form, summed over dimensions.
  double kl_to_prior() const {
    double kl = 0.0;
    for (int l = 0; l < dim(); ++l) kl += kl_to_standard_normal(mu(l), log_var(l));
    return kl;
  }

  // log q(z) for z = mu + sigma * eps, written through eps so it costs nothing
  // extra when the sample was drawn by reparameterization.
  double log_density_from_noise(const Eigen::Ref<const Eigen::VectorXd>& eps) const {
    return -0.5 * (double(dim()) * kLog2Pi + log_var.sum() + eps.squaredNorm());
  }
};

// log N(z; 0, I) for the prior p(z).
inline double log_standard_normal(const Eigen::Ref<const Eigen::VectorXd>& z) {
  return -0.5 * (double(z.size()) * kLog2Pi + z.squaredNorm());
}

// The encoder's q(z|x) for one observation x: (D, 1).
inline DiagonalGaussian encode_one(const Vae& vae, const float* params, const Matrix& x, Vae::Workspace& ws) {
  Matrix mu, log_var;  // (L, 1)
  vae.encode(params, x, mu, log_var, ws);
  return {mu.col(0).cast<double>(), log_var.col(0).cast<double>()};
}

}  // namespace latent
