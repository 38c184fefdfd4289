// The per-point ELBO gradient: pathwise through z = mu + sigma * eps via
// Vae::log_likelihood's z-gradient, plus the closed-form KL gradient.
#include "core/inference/per_point_vi.hpp"

#include <cmath>
#include <stdexcept>

namespace latent {

PerPointVi::PerPointVi(const Vae& vae, const float* params, const Matrix& x, const DiagonalGaussian& start,
                       const PerPointViSettings& settings)
    : vae_(vae), params_(params), x_(x), settings_(settings), start_(start), q_(start), averaged_(start),
      rng_(settings.seed) {
  if (x.rows() != vae.input_dim() || x.cols() != 1) throw std::invalid_argument("per-point VI needs one x: (D, 1)");
  if (start.dim() != vae.latent_dim()) throw std::invalid_argument("per-point VI: q's size does not match the model");
  if (settings.samples < 1) throw std::invalid_argument("per-point VI needs at least one sample per step");
  const int L = start.dim();
  mu_unit_ = start.sigma();
  theta_.assign(size_t(2 * L), 0.0f);
  for (int l = 0; l < L; ++l) theta_[size_t(L + l)] = float(start.log_var(l));
  grad_.assign(theta_.size(), 0.0f);
  adam_.resize(theta_.size());
}

void PerPointVi::step(int n) {
  const int L = q_.dim(), S = settings_.samples;
  for (int it = 0; it < n; ++it) {
    const Eigen::VectorXd sigma = q_.sigma();
    eps_.resize(L, S);  // (L, S)
    for (int s = 0; s < S; ++s)
      for (int l = 0; l < L; ++l) eps_(l, s) = s % 2 == 1 ? -eps_(l, s - 1) : float(rng_.normal());
    z_ = ((eps_.cast<double>().array().colwise() * sigma.array()).colwise() + q_.mu.array()).cast<float>();
    vae_.log_likelihood(params_, x_, z_, log_lik_, ws_, &d_z_);  // d_z_: (L, S)

    const double kl = q_.kl_to_prior();
    last_elbo_ = double(log_lik_.cast<double>().mean()) - kl;
    smoothed_elbo_ = steps_ == 0 ? last_elbo_ : 0.95 * smoothed_elbo_ + 0.05 * last_elbo_;

    // d ELBO / d mu = mean_s dz_s - mu;
    // d ELBO / d log_var = mean_s dz_s * eps_s * sigma / 2 - (sigma^2 - 1) / 2.
    for (int l = 0; l < L; ++l) {
      double d_mu = 0.0, d_log_var = 0.0;
      for (int s = 0; s < S; ++s) {
        d_mu += d_z_(l, s);
        d_log_var += double(d_z_(l, s)) * eps_(l, s);
      }
      d_mu = d_mu / S - q_.mu(l);
      d_log_var = d_log_var / S * 0.5 * sigma(l) - 0.5 * (sigma(l) * sigma(l) - 1.0);
      grad_[size_t(l)] = float(-d_mu * mu_unit_(l));  // Adam minimizes -ELBO; chain rule through mu = mu0 + unit * m
      grad_[size_t(L + l)] = float(-d_log_var);
    }
    AdamSettings adam;
    adam.learning_rate = float(settings_.learning_rate / (1.0 + steps_ / settings_.decay_steps));
    adam_.step(theta_.data(), grad_.data(), adam);
    for (int l = 0; l < L; ++l) {
      q_.mu(l) = start_.mu(l) + mu_unit_(l) * theta_[size_t(l)];
      q_.log_var(l) = theta_[size_t(L + l)];
    }
    ++steps_;
    const double weight = 5.0 / (steps_ + 4.0);  // 1 at the first step: the average starts at the first iterate
    averaged_.mu += weight * (q_.mu - averaged_.mu);
    averaged_.log_var += weight * (q_.log_var - averaged_.log_var);
  }
}

}  // namespace latent
