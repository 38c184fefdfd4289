// A VAE with discrete latents: D groups of K categories. The encoder gives
// D*K logits, q(z|x) = prod_d softmax(logits_d); the prior is uniform,
// p(z_d) = 1/K; the decoder reads the D one-hot codes concatenated (D*K
// inputs), or their relaxations. The model's pieces, written by hand.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "core/math/rng.hpp"
#include "core/models/config_json.hpp"
#include "core/models/vae_config.hpp"
#include "core/nn/mlp.hpp"

namespace latent {

struct CategoricalVaeConfig {
  static constexpr const char* kName = "categorical VAE";
  int input_dim = 784;
  int groups = 2;       // D categorical latents
  int categories = 10;  // K values each
  std::vector<int> encoder_hidden{512, 256};
  std::vector<int> decoder_hidden{256, 512};
  Activation activation = Activation::Relu;
  Likelihood likelihood = Likelihood::Bernoulli;
  bool learn_sigma = true;  // Gaussian likelihood: learn log sigma per dimension, or keep fixed_sigma
  float fixed_sigma = 0.1f;

  template <class Self, class Visit>
  static void fields(Self& c, Visit& visit) {
    visit("input_dim", c.input_dim);
    visit("groups", c.groups);
    visit("categories", c.categories);
    visit("encoder_hidden", c.encoder_hidden);
    visit("decoder_hidden", c.decoder_hidden);
    visit("activation", c.activation);
    visit("likelihood", c.likelihood);
    visit("learn_sigma", c.learn_sigma);
    visit("fixed_sigma", c.fixed_sigma);
  }
  // The architecture of `vae` (all but its latent size) with D groups of K categories.
  static CategoricalVaeConfig like(const VaeConfig& vae, int groups, int categories);

  int code_size() const { return groups * categories; }  // D*K: the encoder's output, the decoder's input
  int64_t joint_codes() const;                            // K^D, saturating at INT64_MAX
  // Sizes in range (K >= 2); throws std::invalid_argument naming the field.
  void check() const;
  std::string describe() const;  // "784-512-256 > 2x10 categorical > 256-512-784, relu, bernoulli"
};

// Joint codes beyond this are not enumerated: exact numbers cost one decoder
// pass per joint code.
inline constexpr int64_t kMaxEnumeratedCodes = 1000;

class CategoricalVae {
 public:
  explicit CategoricalVae(const CategoricalVaeConfig& config);

  const CategoricalVaeConfig& config() const { return config_; }
  size_t param_count() const { return layout_.size(); }
  const Mlp& encoder() const { return encoder_; }
  const Mlp& decoder() const { return decoder_; }

  void init(float* params, Rng& rng) const;

  // Scratch for one thread; every method is const and thread-safe given its own Workspace.
  struct Workspace {
    Mlp::Workspace encoder, decoder;
    Matrix d_output;  // (Din, C): the loss's gradient at the decoder's output
  };

  // x: (Din, B) -> logits (D*K, B); row d*K + k is category k of group d.
  const Matrix& encode(const float* params, const Matrix& x, Workspace& ws) const;
  // Encoder backward from d loss / d logits (D*K, B) (overwritten); writes the encoder's gradients.
  void encoder_backward(const float* params, float* grads, Matrix& d_logits, Workspace& ws) const;

  // codes: (D*K, C), one-hot or relaxed -> the decoder's mean (Din, C):
  // pixel probabilities for Bernoulli, means for Gaussian.
  void decode(const float* params, const Matrix& codes, Matrix& mean, Workspace& ws) const;

  // log p(x_b | code_c) for every pair: x (Din, B), codes (D*K, C) -> ll
  // (C, B), in double. One decoder pass over the C codes serves all B
  // examples (what makes enumeration affordable), kept in ws for
  // pair_backward. The sums over data dimensions are products of matrices:
  //   Bernoulli: sum_i x_i l_i - softplus(l_i);
  //   Gaussian:  -1/2 sum_i [log 2 pi + 2 log s_i + (x_i - m_i)^2 / s_i^2].
  void pair_log_likelihood(const float* params, const Matrix& x, const Matrix& codes, Eigen::MatrixXd& ll,
                           Workspace& ws) const;
  // After pair_log_likelihood with the same x, codes and ws: writes into
  // grads the decoder's gradient of  -sum_{c,b} w(c, b) log p(x_b | code_c)
  // (w: (C, B), zero for pairs that do not count), and if d_codes is given
  // the same loss's gradient with respect to the codes (D*K, C).
  void pair_backward(const float* params, float* grads, const Matrix& x, const Eigen::MatrixXd& w, Workspace& ws,
                     Matrix* d_codes) const;

  // The decoder's per-dimension log sigma (Din); empty for Bernoulli.
  Eigen::VectorXd decoder_log_sigma(const float* params) const;

 private:
  CategoricalVaeConfig config_;
  ParamLayout layout_;
  Mlp encoder_, decoder_;
  ParamBlock log_sigma_;  // (Din, 1), Gaussian likelihood only
};

// Every joint code as concatenated one-hots: (D*K, K^D); column c holds
// z_d = (c / K^d) mod K, group 0 the fastest. Throws std::invalid_argument
// beyond kMaxEnumeratedCodes.
Matrix all_codes(int groups, int categories);
// The categories of joint code c, group by group (D).
std::vector<int> code_categories(int64_t c, int groups, int categories);

// The held-out mass of the first two groups' codes, for the latent view's
// table: (K, K), entry (r, c) the mean over the N columns of q (D*K, N) of
// q(z_1 = r | x) q(z_2 = c | x), which is q(z_1 = r, z_2 = c | x) since q
// factorizes over groups; one group: (1, K), its mean q.
Eigen::MatrixXd code_table_mass(const Matrix& q, int groups, int categories);

// Per-group log-softmax of logits (D*K, B): log q(z_d = k | x), in double.
Eigen::MatrixXd group_log_softmax(const Matrix& logits, int groups, int categories);

}  // namespace latent
