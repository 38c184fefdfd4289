// An amortized q(z|x) = softmax(MLP(x)) over a mixture of Gaussians' K
// components, trained on the mixture's ELBO with the mixture held fixed, by
// any estimator a categorical latent has; compared with the exact p(z|x).
#pragma once
#include "core/models/gmm.hpp"
#include "core/models/vae.hpp"
#include "core/nn/mlp.hpp"

namespace latent {

inline constexpr int kAmortizedQHidden = 32;  // tanh units of the one hidden layer

// Per-point means over a batch, in nats, in the lecture's split of the ELBO
// (the VAE's too): E_q[log p(x|z)] - KL(q(z|x) || p(z)). For the sampled
// estimators the first term is the mean of f = log p(x|z) at the codes read
// (relaxed ones for Gumbel-softmax); for enumeration it is exact.
struct AmortizedQTerms {
  double expected_log_lik = 0.0;  // E_q[log p(x|z)] = E_q[log N(x; mu_z, Sigma_z)]
  double kl_prior = 0.0;          // KL(q(z|x) || p(z)), p(z) = Cat(pi), closed form
  double elbo() const { return expected_log_lik - kl_prior; }
};

class GmmAmortizedQ {
 public:
  // The MLP 2 -> hidden (tanh) -> K logits. Throws std::invalid_argument for K < 1.
  explicit GmmAmortizedQ(int components, int hidden = kAmortizedQHidden);

  int components() const { return mlp_.output_size(); }
  size_t param_count() const { return layout_.size(); }
  void init(float* params, Rng& rng) const;

  struct Workspace {
    Mlp::Workspace mlp;
    Matrix x;                   // (2, B), the points in float
    Matrix hard, soft, d_read;  // (K, B*S), column s*B + b is sample s of point b
    Matrix d_logits;            // (K, B)
  };

  // q(z = k | x_n): (K, N), columns sum to 1.
  Eigen::MatrixXd q(const float* params, const Points2& x) const;

  // x: (2, B). Writes grads (this q's param_count() values) = an estimate of
  // the gradient of -(1/B) sum_b [E_q[log p(x_b|z)] - KL(q(z|x_b) || p(z))],
  // the negated ELBO E_q[log p(x, z)] + H(q), with the mixture held fixed;
  // the KL always by its closed form, the first term by options.estimator
  // (enumeration is the exact gradient). Returns the terms. Throws std::invalid_argument for a bad option (see
  // check_sampled_options).
  AmortizedQTerms loss_and_gradient(const float* params, float* grads, const GmmParams& mixture, const Points2& x,
                                    const ElboOptions& options, Rng& rng, Workspace& ws) const;

 private:
  ParamLayout layout_;
  Mlp mlp_;
};

}  // namespace latent
