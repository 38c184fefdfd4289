// Gradient estimators for a categorical VAE's encoder, where no
// reparameterization of a discrete z exists: exact enumeration (the truth),
// the score function (REINFORCE) with its baselines, the Gumbel-softmax
// (Concrete) relaxation and its straight-through variant (Jang, Gu & Poole
// 2017; Maddison, Mnih & Teh 2017).
#pragma once
#include "core/io/enum_names.hpp"
#include "core/models/categorical_enumeration.hpp"

namespace latent {

// The KL to the uniform prior always uses its closed form; the estimators
// differ in the gradient of E_q[log p(x|z)] and in the codes the decoder's
// gradient is taken at.
enum class CategoricalGradient {
  Enumerate,             // sum over all K^D codes: the exact gradient (K^D <= kMaxEnumeratedCodes)
  Reinforce,             // f(z) grad log q(z|x), f = log p(x|z), no baseline
  ReinforceRunningMean,  // (f(z) - b) grad log q, b a running mean of f kept by the caller
  ReinforceLeaveOneOut,  // (f(z_s) - mean of f over the other S-1 samples) grad log q (S >= 2)
  GumbelSoftmax,         // pathwise through y = softmax((l + g) / tau); the decoder reads y
  StraightThrough,       // the decoder reads one-hot argmax(l + g); the gradient flows as if it read y
};
inline constexpr int kCategoricalGradientCount = 6;
// "enumerate", "reinforce", "reinforce-mean", "reinforce-loo", "gumbel", "straight-through"
EnumNames<CategoricalGradient> enum_names(CategoricalGradient);

struct CategoricalGradientOptions {
  CategoricalGradient estimator = CategoricalGradient::Enumerate;
  int samples = 2;           // S codes per example for the sampled estimators
  double temperature = 0.5;  // tau of the relaxations, > 0
  float baseline = 0.0f;     // ReinforceRunningMean: the running mean of log p(x|z)
};

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
                                               const Matrix& x, const CategoricalGradientOptions& options, Rng& rng,
                                               CategoricalGradientWorkspace& ws);

// Gumbel(0, 1) noise g = -log(-log U), U ~ U(0, 1), into every entry of g.
void fill_gumbel(Matrix& g, Rng& rng);

}  // namespace latent
