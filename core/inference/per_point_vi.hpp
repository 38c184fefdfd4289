// Non-amortized variational inference for one observation: start from the
// encoder's q(z|x) and climb that point's own ELBO over (mu, log sigma^2)
// with Adam and reparameterized gradients. Steppable, so a panel can
// animate the ellipse moving toward the best Gaussian.
#pragma once
#include "core/inference/diagonal_gaussian.hpp"
#include "core/math/rng.hpp"
#include "core/nn/adam.hpp"

namespace latent {

struct PerPointViSettings {
  // S: reparameterized z per step, drawn as antithetic pairs (eps, -eps):
  // for a posterior that is locally Gaussian the mu-gradient noise cancels
  // within a pair, at no extra cost.
  int samples = 16;
  // Adam's step size. mu is optimized in units of the starting sigma (so the
  // step is relative to how precise the encoder thinks it is), log sigma^2 in
  // its own units.
  double learning_rate = 0.05;
  // lr_t = learning_rate / (1 + t / decay_steps): the steps shrink, so the
  // Monte Carlo noise in the gradient averages out instead of leaving q
  // jittering around the optimum.
  double decay_steps = 200.0;
  uint64_t seed = 1;
};

class PerPointVi {
 public:
  // vae and params must outlive this object (e.g. hold the snapshot). x: (D, 1).
  PerPointVi(const Vae& vae, const float* params, const Matrix& x, const DiagonalGaussian& start,
             const PerPointViSettings& settings = {});

  // n Adam steps on -ELBO. Cost per step: S decodes plus a decoder backward
  // for d log p(x|z)/dz (no weight gradients).
  void step(int n = 1);

  // The live iterate (what Adam is at now; jitters with the gradient noise).
  const DiagonalGaussian& current() const { return q_; }
  // The iterates averaged over roughly the last fifth of the steps so far
  // (weight 5 / (t + 5) on step t; Polyak-Ruppert tail averaging): the noise
  // averages out. This is the q to report and to draw.
  const DiagonalGaussian& averaged() const { return averaged_; }
  const DiagonalGaussian& start() const { return start_; }
  int steps() const { return steps_; }
  // The last step's Monte Carlo ELBO (S samples; noisy) and an exponential
  // moving average of it over roughly the last 20 steps (for display). For an
  // accurate figure call point_elbo() on current().
  double last_step_elbo() const { return last_elbo_; }
  double elbo_estimate() const { return smoothed_elbo_; }

 private:
  const Vae& vae_;
  const float* params_;
  Matrix x_;  // (D, 1)
  PerPointViSettings settings_;
  DiagonalGaussian start_, q_, averaged_;
  Eigen::VectorXd mu_unit_;  // sigma of the start, per dimension: mu = start.mu + mu_unit * m
  FloatBuffer theta_, grad_;  // [m (L), log_var (L)]
  Adam adam_;
  Rng rng_;
  Vae::Workspace ws_;
  Matrix eps_, z_, d_z_;  // (L, S)
  Vector log_lik_;        // (S)
  int steps_ = 0;
  double last_elbo_ = 0.0, smoothed_elbo_ = 0.0;
};

}  // namespace latent
