// Training without amortization: every training point keeps its own
// (mu_i, log sigma_i^2), learned jointly with the decoder, instead of an
// encoder predicting them. |theta| + 2|z|N parameters against the VAE's
// |theta| + |phi|; a new point then needs its own optimization (PerPointVi).
#pragma once
#include "core/data/dataset.hpp"
#include "core/models/vae.hpp"
#include "core/nn/adam.hpp"

namespace latent {

struct NonAmortizedSettings {
  int batch_size = 64;
  float decoder_learning_rate = 1e-3f;
  // Per-point parameters are visited once per epoch, so they get a much
  // larger step than the decoder, and `local_steps` extra updates (decoder
  // held fixed) each time their minibatch comes round. (On 1000 Fashion-MNIST
  // points, 20 epochs: 0.2 reaches a train ELBO of -273 nats, 0.05 only -298.)
  double local_learning_rate = 0.2;
  int local_steps = 4;
  uint64_t seed = 1;
};

// Whether a decoder can be trained with per-point Gaussians here: Bernoulli or
// fixed-sigma Gaussian likelihoods (a learned sigma's gradient is not written).
bool supports_non_amortized_training(const VaeConfig& config);

class NonAmortizedTrainer {
 public:
  // config: the decoder's architecture (its encoder is built but never used
  // or trained). Needs a Bernoulli or fixed-sigma Gaussian likelihood.
  // `train` must outlive this object.
  NonAmortizedTrainer(const VaeConfig& config, const Dataset& train, const NonAmortizedSettings& settings);

  // One minibatch: local_steps updates of its points' (mu, log_var), then one
  // joint step of the decoder and those points. Returns the minibatch's mean
  // Monte Carlo ELBO (1 sample per point) before the joint step.
  double step();

  // Mean ELBO over all training points, each with its own q: closed-form KL
  // plus `samples` Monte Carlo draws of log p(x|z) per point.
  double mean_elbo(int samples, Rng& rng);

  double epoch() const { return double(samples_seen_) / double(train_.size()); }
  const Vae& vae() const { return vae_; }
  const FloatBuffer& params() const { return params_; }
  const Matrix& local_mu() const { return mu_; }            // (L, N)
  const Matrix& local_log_var() const { return log_var_; }  // (L, N)
  size_t decoder_param_count() const;                       // |theta|
  size_t local_param_count() const { return size_t(mu_.size() + log_var_.size()); }  // 2 |z| N

 private:
  // x: (D, B) with B = idx.size(). Fills d_mu, d_log_var: d(-ELBO_b)/d(local params of b), (L, B);
  // writes decoder gradients into grads_ if want_decoder. Returns the mean ELBO estimate.
  double local_gradient(const std::vector<int>& idx, bool want_decoder);
  void local_adam_step(const std::vector<int>& idx);

  Vae vae_;
  const Dataset& train_;
  NonAmortizedSettings settings_;
  FloatBuffer params_, grads_;
  Adam decoder_adam_;
  Matrix mu_, log_var_;                // (L, N)
  Matrix m1_, m2_;                     // Adam moments of [mu; log_var]: (2L, N)
  std::vector<int> local_t_;           // Adam step count per point
  Rng rng_;
  std::vector<int> order_;
  size_t order_pos_ = 0;
  int64_t samples_seen_ = 0;
  Vae::Workspace ws_;
  Matrix x_, eps_, z_, d_output_, d_z_, log_lik_, d_mu_, d_log_var_;
};

}  // namespace latent
