// The variational autoencoder of the lecture notes: Gaussian encoder
// q(z|x) = N(mu(x), diag sigma(x)^2), prior p(z) = N(0, I), Bernoulli or
// Gaussian decoder p(x|z); ELBO terms and their gradients, written by hand.
#pragma once
#include "core/estimators/encoder_gradient.hpp"
#include "core/math/rng.hpp"
#include "core/models/vae_config.hpp"
#include "core/nn/mlp.hpp"

namespace latent {

// Per-example averages over a batch, in nats.
struct ElboTerms {
  double reconstruction = 0.0;  // E_q[log p(x|z)], Monte Carlo over M samples
  double kl = 0.0;              // KL(q(z|x) || p(z)), closed form
  double elbo() const { return reconstruction - kl; }
};

struct ElboOptions {
  int samples = 1;            // M: z samples per example for the reconstruction term
  float beta = 1.0f;          // weight on the KL in the training objective
  const Matrix* noise = nullptr;  // optional fixed eps (latent, B*M); drawn from the rng if null
  EncoderGradient estimator = EncoderGradient::Reparameterization;
  float baseline = 0.0f;      // ScoreFunctionRunningMean: the running mean of log p(x|z)
  double temperature = 0.5;   // categorical latents: tau of the Gumbel-softmax relaxations, > 0
};

class Vae {
 public:
  explicit Vae(const VaeConfig& config);

  const VaeConfig& config() const { return config_; }
  size_t param_count() const { return layout_.size(); }
  int input_dim() const { return config_.input_dim; }
  int latent_dim() const { return config_.latent_dim; }
  const Mlp& encoder() const { return encoder_; }
  const Mlp& decoder() const { return decoder_; }
  // The decoder's learned log sigma per data dimension (D, 1); empty for Bernoulli.
  const ParamBlock& log_sigma_block() const { return log_sigma_; }

  void init(float* params, Rng& rng) const;

  // Scratch for one thread; every method below is const and thread-safe
  // given its own Workspace.
  struct Workspace {
    Mlp::Workspace encoder, decoder;
    Matrix mu, log_var, sigma;   // (L, B)
    Matrix eps, z;               // (L, B*M), column m*B + b is sample m of example b
    Matrix d_output, d_z;        // (D, B*M), (L, B*M)
    Matrix d_encoder;            // (2L, B)
    Matrix log_lik;              // (D, B*M) per-pixel log-likelihood, then reduced
    Eigen::ArrayXXf reward;      // (B, M): log p(x_b | z_bm), the score function's f
  };

  // Training: x (D, B). Writes grads = an estimate of d/dparams of
  //   -(1/B) sum_b [ (1/M) sum_m log p(x_b|z_bm) - beta KL(q(z|x_b) || p(z)) ]
  // with the encoder's part estimated by options.estimator. Returns the terms.
  ElboTerms loss_and_gradient(const float* params, float* grads, const Matrix& x, const ElboOptions& options,
                              Rng& rng, Workspace& ws) const;

  // The same terms without gradients (held-out evaluation).
  ElboTerms evaluate(const float* params, const Matrix& x, const ElboOptions& options, Rng& rng,
                     Workspace& ws) const;

  // x: (D, B) -> mu, log sigma^2: (L, B).
  void encode(const float* params, const Matrix& x, Matrix& mu, Matrix& log_var, Workspace& ws) const;
  // z: (L, B) -> the decoder's mean in data space (D, B): pixel probabilities
  // for Bernoulli, means for Gaussian.
  void decode(const float* params, const Matrix& z, Matrix& mean, Workspace& ws) const;
  // The decoder's output (or some of its rows) -> the mean, in place:
  // sigmoid for Bernoulli, unchanged for Gaussian.
  void output_to_mean(Matrix& out) const;
  // log p(x|z_k) for each column z_k of z (L, K): out (K). x is either one
  // column (D, 1), shared by every z, or (D, K), one per z. If d_z is given,
  // also writes d log p(x|z_k) / d z_k into it (L, K).
  void log_likelihood(const float* params, const Matrix& x, const Matrix& z, Vector& out, Workspace& ws,
                      Matrix* d_z = nullptr) const;
  // Gaussian likelihood: the decoder's per-dimension log sigma (D).
  Vector decoder_log_sigma(const float* params) const;

 private:
  // Shared forward: encoder, sampling, decoder, log-likelihood; fills ws.
  ElboTerms forward(const float* params, const Matrix& x, const ElboOptions& options, Rng& rng, Workspace& ws,
                    bool want_output_gradient) const;

  VaeConfig config_;
  ParamLayout layout_;
  Mlp encoder_, decoder_;
  ParamBlock log_sigma_;  // (D, 1), Gaussian likelihood only
};

}  // namespace latent
