// Gradient estimators for a categorical VAE's encoder, where no
// reparameterization of a discrete z exists: exact enumeration (the truth),
// the score function (REINFORCE) with its baselines, the Gumbel-softmax
// (Concrete) relaxation and its straight-through variant (Jang, Gu & Poole
// 2017; Maddison, Mnih & Teh 2017).
#pragma once
#include "core/estimators/encoder_gradient.hpp"
#include "core/models/categorical_enumeration.hpp"
#include "core/models/vae.hpp"

namespace latent {

// ElboOptions carries the estimator (one of estimators_for(LatentType::Categorical)),
// S = samples codes per example for the sampled ones, tau = temperature, the
// running-mean baseline and beta; its `noise` is not read. The
// KL to the uniform prior always uses its closed form; they differ in the
// gradient of E_q[log p(x|z)] and in the codes the decoder's gradient is
// taken at.

// A categorical run's defaults: enumeration, and S = 2 codes per example
// for the sampled estimators (what the leave-one-out baseline needs).
inline ElboOptions categorical_options() {
  ElboOptions options;
  options.estimator = EncoderGradient::Enumerate;
  options.samples = 2;
  return options;
}

// Per-example means over a batch, in nats. For the sampled estimators the
// reconstruction is the mean of log p(x|z) at the codes the decoder read
// (relaxed ones for Gumbel-softmax); for enumeration it is exact.
struct CategoricalTerms {
  double reconstruction = 0.0;  // E_q[log p(x|z)]
  double kl = 0.0;              // KL(q(z|x) || p(z)), closed form
  double elbo() const { return reconstruction - kl; }
};

struct CategoricalGradientWorkspace {
  CategoricalVae::Workspace model;
  CategoricalEnumeration enumeration;
  Matrix codes, relaxed;     // (D*K, B*S), column s*B + b is sample s of example b
  Matrix d_codes, d_logits;  // (D*K, B*S), (D*K, B)
  Eigen::MatrixXd log_lik, weights;  // (C, B) pairs of codes and examples
};

// x: (Din, B). Writes grads = an estimate of the gradient of
//   -(1/B) sum_b [ E_q[log p(x_b|z)] - KL(q(z|x_b) || p(z)) ]
// with respect to every parameter (encoder, decoder, and log sigma for a
// Gaussian decoder); returns the terms. Throws std::invalid_argument for a
// bad option (S < 1, or < 2 with leave-one-out; tau <= 0; enumeration with K^D too large).
CategoricalTerms categorical_loss_and_gradient(const CategoricalVae& vae, const float* params, float* grads,
                                               const Matrix& x, const ElboOptions& options, Rng& rng,
                                               CategoricalGradientWorkspace& ws);

// The pieces any categorical q(z|x) with logits l (D*K, B) shares, so the
// mixture's amortized q takes its gradients the same way as the VAE's encoder.

// Gumbel(0, 1) noise g = -log(-log U), U ~ U(0, 1), into every entry of g.
void fill_gumbel(Matrix& g, Rng& rng);

// Throws std::invalid_argument for a sampled estimator's bad option: one that
// does not apply to a categorical latent, S < 1 (or < 2 with leave-one-out),
// tau outside (0, 100].
void check_sampled_options(const ElboOptions& options);

// Straight-through and Gumbel-softmax take their logits' gradient through the
// relaxation softmax((l + g) / tau); the score-function ones through log q.
inline bool reads_relaxed_gradient(EncoderGradient e) {
  return e == EncoderGradient::GumbelSoftmax || e == EncoderGradient::StraightThrough;
}

// S Gumbel-perturbed copies of logits (D*K, B): perturbed (D*K, B*S), column
// s*B + b is sample s of example b; hard = one-hot argmax(l + g) per group,
// a draw from q (Gumbel-max); soft = softmax((l + g) / tau) per group.
void draw_gumbel_codes(const Matrix& logits, int D, int K, int S, double tau, Rng& rng, Matrix& perturbed,
                       Matrix& hard, Matrix& soft);

// Writes d_logits (D*K, B) = the sampled estimate of d/dl of
// -(1/(B S)) sum_bs f(z_bs), for the rewards f (B, S) at the codes read
// (soft for Gumbel-softmax, hard otherwise). The score-function estimators
// use the rewards and the hard codes; the relaxed ones d_read (D*K, B*S), the
// gradient of that loss with respect to the codes read.
void sampled_logit_gradient(const ElboOptions& options, const Eigen::MatrixXd& log_q_groups, int D, int K,
                            const Matrix& hard, const Matrix& soft, const Eigen::ArrayXXf& reward,
                            const Matrix& d_read, Matrix& d_logits);

// Adds scale * d KL(q(z_d|x) || U(K)) / d l_dk = scale * q_dk (log(K q_dk) -
// KL_d) to d_logits (D*K, B), from log q per group (D*K, B). Also minus the
// gradient of the entropy, since H(q_d) = log K - KL(q_d || U(K)).
void add_kl_to_uniform_gradient(const Eigen::MatrixXd& log_q_groups, int D, int K, double scale, Matrix& d_logits);

}  // namespace latent
