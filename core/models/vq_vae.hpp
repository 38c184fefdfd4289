// VQ-VAE (van den Oord, Vinyals & Kavukcuoglu 2017): the encoder's output z_e
// snaps to the nearest of K codebook vectors, the decoder reads that entry
// z_q; the straight-through gradient, codebook and commitment losses by hand.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/math/rng.hpp"
#include "core/models/codebook_usage.hpp"
#include "core/models/vae_config.hpp"
#include "core/nn/mlp.hpp"

namespace latent {

// Decoding every entry (the latent view) costs one decoder pass per entry.
inline constexpr int kMaxCodebookSize = 4096;

// How the entries learn: by the codebook loss's gradient (through the
// optimizer, like every other weight), or by exponential moving averages of
// the encoder outputs assigned to them (the paper's appendix A.1), which
// replace that loss's gradient. The averages are not capped by the
// optimizer's step size: with Adam an entry moves about one learning rate a
// step while z_e, a sum over a whole layer's weights, moves much further.
enum class CodebookUpdate { Gradient, MovingAverage };
EnumNames<CodebookUpdate> enum_names(CodebookUpdate);  // "gradient", "moving-average"

struct VqVaeConfig {
  static constexpr const char* kName = "VQ-VAE";
  int input_dim = 784;
  int code_dim = 2;   // z_e, z_q and every entry live in R^code_dim; 2 so they can be drawn
  int codebook = 16;  // K entries
  std::vector<int> encoder_hidden{512, 256};
  std::vector<int> decoder_hidden{256, 512};
  Activation activation = Activation::Relu;
  Likelihood likelihood = Likelihood::Bernoulli;
  bool learn_sigma = true;  // Gaussian likelihood: learn log sigma per dimension, or keep fixed_sigma
  float fixed_sigma = 0.1f;
  float commitment = 0.25f;  // beta, the paper's value: its results hold from 0.1 to 2.0
  CodebookUpdate codebook_update = CodebookUpdate::Gradient;
  float decay = 0.99f;  // gamma of the moving averages, the paper's value

  template <class Self, class Visit>
  static void fields(Self& c, Visit& visit) {
    visit("input_dim", c.input_dim);
    visit("code_dim", c.code_dim);
    visit("codebook", c.codebook);
    visit("encoder_hidden", c.encoder_hidden);
    visit("decoder_hidden", c.decoder_hidden);
    visit("activation", c.activation);
    visit("likelihood", c.likelihood);
    visit("learn_sigma", c.learn_sigma, Presence::Optional);
    visit("fixed_sigma", c.fixed_sigma, Presence::Optional);
    visit("commitment", c.commitment);
    visit("codebook_update", c.codebook_update, Presence::Optional);
    visit("decay", c.decay, Presence::Optional);
  }
  // Sizes in range, commitment from 0 to 100, decay in [0, 1); throws
  // std::invalid_argument naming the field.
  void check() const;
  std::string describe() const;  // "784-512-256 > 16 codes in 2-D (beta 0.25) > 256-512-784, relu, bernoulli"
};

// Per-example averages over a batch, in nats (reconstruction) and squared
// code units (the two distances).
struct VqTerms {
  double reconstruction = 0.0;   // log p(x | z_q)
  double codebook_loss = 0.0;    // ||sg[z_e] - e||^2: moves the entries toward the encoder's outputs
  double commitment_loss = 0.0;  // ||z_e - sg[e]||^2, unweighted: keeps z_e near its entry
  double loss = 0.0;             // what training minimizes: -reconstruction + codebook + beta * commitment
};

// Held-out numbers: the mean terms and how the examples spread over the codebook.
struct VqEvaluation {
  VqTerms terms;
  CodebookUsage usage;
};

class VqVae {
 public:
  explicit VqVae(const VqVaeConfig& config);

  const VqVaeConfig& config() const { return config_; }
  size_t param_count() const { return layout_.size(); }
  const Mlp& encoder() const { return encoder_; }
  const Mlp& decoder() const { return decoder_; }
  const ParamBlock& codebook_block() const { return codebook_; }
  // The entries as columns: (code_dim, K).
  ConstMatrixMap codebook(const float* params) const { return view(params, codebook_); }
  // The decoder's learned log sigma per data dimension (Din, 1); empty for Bernoulli.
  const ParamBlock& log_sigma_block() const { return log_sigma_; }

  // Draws the networks, then sets entry k to z_e of a distinct example of
  // x (Din, N), chosen at random (see the .cpp for why). N >= K, or entries
  // repeat examples (and the repeats' cells are empty until they move).
  void init(float* params, Rng& rng, const Matrix& x) const;

  // Scratch for one thread; every method is const and thread-safe given its own Workspace.
  struct Workspace {
    Mlp::Workspace encoder, decoder;
    std::vector<int> codes;  // (B): each example's entry, from the last loss or evaluation
    Matrix z_q;              // (code_dim, B): the entries the decoder read
    Matrix log_lik;          // (Din, B): per-element log p(x | z_q)
    Matrix d_output;         // (Din, B): d loss / d decoder output
    Matrix d_z_q;            // (code_dim, B): d loss / d z_q, through the decoder
    Matrix d_z_e;            // (code_dim, B): what the encoder receives (straight-through + commitment)
  };

  // CodebookUpdate::MovingAverage, after the optimizer's step that followed
  // loss_and_gradient(..., ws) on each part of one batch (one part, or one
  // per thread): with n_k the batch's examples assigned to entry k and s_k
  // the sum of their z_e,
  //   N_k <- gamma N_k + (1 - gamma) n_k,  m_k <- gamma m_k + (1 - gamma) s_k,  e_k = m_k / N_k.
  // N and m live in the parameter buffer (their gradient is always zero), so
  // a snapshot or checkpoint carries them. Does nothing under Gradient.
  void update_codebook(float* params, const std::vector<const Workspace*>& parts) const;

  // x: (Din, B) -> z_e (code_dim, B), kept in ws.encoder.
  const Matrix& encode(const float* params, const Matrix& x, Workspace& ws) const;
  // z_e: (code_dim, B) -> the index of each column's nearest entry (B), by
  // squared Euclidean distance; ties go to the lowest index.
  void nearest(const float* params, const Matrix& z_e, std::vector<int>& codes) const;
  // z: (code_dim, C), entries or any points -> the decoder's mean (Din, C):
  // pixel probabilities for Bernoulli, means for Gaussian.
  void decode(const float* params, const Matrix& z, Matrix& mean, Workspace& ws) const;

  // Training: x (Din, B). Writes grads (every parameter) for the loss of
  // VqTerms, with the paper's stop-gradients: the decoder by backpropagation;
  // the encoder gets d loss / d z_q copied to z_e (straight-through) plus
  // the commitment's 2 beta (z_e - e) / B; entry k gets the codebook loss's
  // 2 (e_k - z_e) / B summed over the examples assigned to it (zero under
  // MovingAverage: update_codebook moves the entries instead).
  VqTerms loss_and_gradient(const float* params, float* grads, const Matrix& x, Workspace& ws) const;

  // The same terms without gradients, for one batch.
  VqTerms evaluate(const float* params, const Matrix& x, Workspace& ws) const;
  // Mean terms over every column of x (Din, N), in chunks, and the usage of
  // the codebook by those N examples.
  VqEvaluation evaluate_all(const float* params, const Matrix& x) const;

  // The decoder's per-dimension log sigma (Din); empty for Bernoulli.
  Vector decoder_log_sigma(const float* params) const;

 private:
  // Encoder, assignment, decoder, log-likelihood; with want_gradient also
  // d loss / d decoder output into ws.d_output.
  VqTerms forward(const float* params, const Matrix& x, Workspace& ws, bool want_gradient) const;

  VqVaeConfig config_;
  ParamLayout layout_;
  Mlp encoder_;
  ParamBlock codebook_;  // (code_dim, K), column k is entry e_k
  ParamBlock average_counts_, average_sums_;  // (1, K) N and (code_dim, K) m, MovingAverage only
  Mlp decoder_;
  ParamBlock log_sigma_;  // (Din, 1), Gaussian likelihood only
};

}  // namespace latent
