// A conditional VAE (Sohn, Lee, Yan 2015) for p(y|x) with a continuous
// latent z: encoder q(z|x,y) = N(mu_q, diag sigma_q^2), decoder
// p(y|x,z) = N(f(x,z), diag s^2) with one learned s per output dimension,
// prior N(0, I) or a learned p(z|x). The bound on each example is
//   log p(y|x) >= E_q[log p(y|x,z)] - KL(q(z|x,y) || p(z|x)),
// trained with the same encoder-gradient estimators as the VAE.
#pragma once
#include "core/math/rng.hpp"
#include "core/models/cvae_config.hpp"
#include "core/models/vae.hpp"
#include "core/nn/mlp.hpp"

namespace latent {

class ConditionalVae {
 public:
  explicit ConditionalVae(const CvaeConfig& config);

  const CvaeConfig& config() const { return config_; }
  size_t param_count() const { return layout_.size(); }
  int input_dim() const { return config_.input_dim; }
  int output_dim() const { return config_.output_dim; }
  int latent_dim() const { return config_.latent_dim; }
  // Parameter blocks in order: encoder, decoder, prior (conditional only), decoder log s.
  const Mlp& encoder() const { return encoder_; }
  const Mlp& decoder() const { return decoder_; }
  const Mlp& prior_network() const { return prior_; }  // empty for N(0, I)

  // PyTorch's default for every layer; the decoder's scale starts at the
  // data's spread (1 in standardized units), so the first model is a broad
  // Gaussian over y rather than a needle.
  void init(float* params, Rng& rng) const;

  // Scratch for one thread; every method below is const and thread-safe
  // given its own Workspace.
  struct Workspace {
    Mlp::Workspace encoder, decoder, prior;
    Matrix x_std, y_std;         // (Din, B), (Dout, B) standardized
    Matrix encoder_in;           // (Din + Dout, B): [x; y]
    Matrix decoder_in;           // (Din + L, B*M): [x; z], column m*B + b
    Matrix mu_q, log_var_q, sigma_q;  // (L, B)
    Matrix mu_p, log_var_p;      // (L, B): zeros for N(0, I)
    Matrix eps, z;               // (L, B*M)
    Matrix log_lik;              // (Dout, B*M) per-dimension log p(y|x,z), standardized units
    Matrix d_output, d_decoder_in;  // (Dout, B*M), (Din + L, B*M)
    Matrix d_encoder, d_prior;   // (2L, B) each
    Eigen::ArrayXXf reward;      // (B, M): log p(y_b | x_b, z_bm), the score function's f
  };

  // Training: x (Din, B), y (Dout, B). Writes grads = an estimate of
  // d/dparams of -(1/B) sum_b [ (1/M) sum_m log p(y_b|x_b,z_bm) - beta KL_b ],
  // the encoder's part by options.estimator. Returns the terms in nats per
  // example, densities in y's own units.
  ElboTerms loss_and_gradient(const float* params, float* grads, const Matrix& x, const Matrix& y,
                              const ElboOptions& options, Rng& rng, Workspace& ws) const;
  // The same terms without gradients (held-out evaluation).
  ElboTerms evaluate(const float* params, const Matrix& x, const Matrix& y, const ElboOptions& options, Rng& rng,
                     Workspace& ws) const;

  // Importance-sampled estimate of log p(y_b|x_b) with K samples from
  // q(z|x,y) (Burda et al.'s bound L_K; L_1 is the ELBO, L_K rises to
  // log p(y|x)): x (Din, B), y (Dout, B) -> out (B).
  void importance_log_likelihood(const float* params, const Matrix& x, const Matrix& y, int samples, Rng& rng,
                                 Vector& out, Workspace& ws) const;

  // The prior over z at each input: x (Din, B) -> mu, log sigma^2 (L, B).
  void prior(const float* params, const Matrix& x, Matrix& mu, Matrix& log_var, Workspace& ws) const;
  // The decoder's mean of y, in y's units: x (Din, B) and z (L, B) -> (Dout, B).
  void decode(const float* params, const Matrix& x, const Matrix& z, Matrix& mean, Workspace& ws) const;
  // The decoder's standard deviation per output dimension, in y's units (Dout).
  Vector decoder_sigma(const float* params) const;
  // Draws y_b ~ p(y|x_b) = p(y|x_b,z) with z ~ the prior: x (Din, B) -> y (Dout, B).
  // Repeat a column of x for several draws at one input.
  void sample(const float* params, const Matrix& x, Matrix& y, Rng& rng, Workspace& ws) const;
  // Monte Carlo marginal density at one input, for a slice plot:
  //   p(y_g|x) ~ (1/S) sum_s N(y_g; f(x,z_s), s^2),   z_s ~ p(z|x),
  // x (Din, 1), y_grid (Dout, G) -> out (G) = log of that average. The
  // density itself (not its log) is unbiased.
  void slice_log_density(const float* params, const Matrix& x, const Matrix& y_grid, int samples, Rng& rng,
                         Vector& out, Workspace& ws) const;

 private:
  // Standardizes x and y, runs the encoder and prior, draws z and decodes;
  // fills ws and returns the terms.
  ElboTerms forward(const float* params, const Matrix& x, const Matrix& y, const ElboOptions& options, Rng& rng,
                    Workspace& ws, bool want_output_gradient) const;
  // ws.x_std (Din, B), z (L, N) with N = B*M -> ws.decoder_in (Din + L, N).
  void stack_decoder_input(const Matrix& z, int batch, Workspace& ws) const;
  // Sum over dimensions of log of the y map's scale: densities of
  // standardized y minus this are densities of y.
  double log_y_scale() const;

  CvaeConfig config_;
  ParamLayout layout_;
  Mlp encoder_, decoder_, prior_;  // prior_ only for CvaePrior::Conditional
  ParamBlock log_sigma_;           // (Dout, 1) decoder log s, standardized units
};

}  // namespace latent
