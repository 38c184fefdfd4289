// A mixture density network (Bishop 1994): an MLP maps x to the weights,
// means and scales of a Gaussian mixture over y,
//   p(y|x) = sum_k pi_k(x) N(y; mu_k(x), diag sigma_k(x)^2),
// trained by the negative log-likelihood; head and gradient written by hand.
#pragma once
#include "core/math/rng.hpp"
#include "core/models/mdn_config.hpp"
#include "core/nn/mlp.hpp"

namespace latent {

// The mixture at each of B inputs. Row k*Dout + d of mu and sigma is
// dimension d of component k.
struct Mixture {
  Matrix pi;     // (K, B), columns sum to 1
  Matrix mu;     // (K*Dout, B)
  Matrix sigma;  // (K*Dout, B), > 0
};

class Mdn {
 public:
  explicit Mdn(const MdnConfig& config);

  const MdnConfig& config() const { return config_; }
  size_t param_count() const { return layout_.size(); }
  int input_dim() const { return config_.input_dim; }
  int output_dim() const { return config_.output_dim; }
  int components() const { return config_.components; }
  // The trunk's output rows per example: [0, K) mixture logits, then K*Dout
  // means, then K*Dout log sigmas (sigma = exp of the last block).
  const Mlp& network() const { return network_; }

  // PyTorch's default for every layer. Given the training targets y
  // (Dout, N), the head's biases then start the K means at the quantiles
  // (k + 1/2)/K of each output dimension and every sigma at sd(y)/K: the
  // components begin spread over the data, one per slice, instead of all at
  // 0 competing for the same points. On sinusoid-inverse, runs stuck with
  // two branches under one broad component (train NLL 1.4-1.9 instead of
  // 1.18-1.29) go from four seeds in eight to none.
  void init(float* params, Rng& rng, const Matrix* targets = nullptr) const;

  // Scratch for one thread; every method below is const and thread-safe
  // given its own Workspace.
  struct Workspace {
    Mlp::Workspace trunk;
    Matrix scaled_input;             // (Din, B) x after config().input_scaling (unused for the identity)
    // The head works on the trunk's output transposed, example-major: every
    // (B, .) column below is contiguous over the batch, so each operation
    // over components or dimensions vectorizes across examples.
    Eigen::ArrayXXf head;            // (B, K(1 + 2 Dout)): logits | means | log sigmas
    Eigen::ArrayXXf targets;         // (B, Dout)
    Eigen::ArrayXXf log_pi;          // (B, K) log mixture weights
    Eigen::ArrayXXf responsibility;  // (B, K) log pi_k + log N(y; mu_k, sigma_k), then p(k | x, y)
    Eigen::ArrayXXf residual;        // (B, K*Dout) r = (y - mu) / sigma
    Eigen::ArrayXXf inv_sigma;       // (B, K*Dout)
    Eigen::ArrayXXf d_head;          // (B, K(1 + 2 Dout)) gradient at the head
    Eigen::ArrayXXf grid_terms;      // (G, K) log_density: log pi_k + log N(y_g; mu_k, sigma_k)
    Eigen::ArrayXf row_max, log_prob;  // (B) scratch; log p(y_b | x_b)
    Matrix d_out;                    // (K(1 + 2 Dout), B) d_head transposed, into the trunk
  };

  // Training: x (Din, B), y (Dout, B). Returns the mean NLL
  //   -(1/B) sum_b log p(y_b | x_b)   (nats per example)
  // and writes its gradient with respect to every parameter into grads.
  double loss_and_gradient(const float* params, float* grads, const Matrix& x, const Matrix& y,
                           Workspace& ws) const;
  // The same mean NLL without gradients (held-out evaluation).
  double evaluate(const float* params, const Matrix& x, const Matrix& y, Workspace& ws) const;

  // log p(y_b | x_b) for paired columns: x (Din, B), y (Dout, B) -> out (B).
  void log_prob(const float* params, const Matrix& x, const Matrix& y, Vector& out, Workspace& ws) const;

  // x (Din, B) -> the mixture at every column.
  void mixture(const float* params, const Matrix& x, Mixture& out, Workspace& ws) const;

  // For a heatmap of p(y|x): x (Din, B), y_grid (Dout, G) -> out (G, B) with
  // out(g, b) = log p(y_grid_g | x_b).
  void log_density(const float* params, const Matrix& x, const Matrix& y_grid, Matrix& out, Workspace& ws) const;

  // One draw y_b ~ p(y | x_b) per column: x (Din, B) -> y (Dout, B). Repeat
  // columns of x for several draws at one input.
  void sample(const float* params, const Matrix& x, Matrix& y, Rng& rng, Workspace& ws) const;

  // E[y | x_b] = sum_k pi_k mu_k: x (Din, B) -> (Dout, B). On a multi-valued
  // problem this is what a least-squares regressor learns: the average of the modes.
  void conditional_mean(const float* params, const Matrix& x, Matrix& out, Workspace& ws) const;

 private:
  // Trunk forward, then log pi (and, if y is given, log p(y|x) and the
  // standardized residuals) into ws.
  void forward(const float* params, const Matrix& x, const Matrix* y, Workspace& ws) const;

  MdnConfig config_;
  ParamLayout layout_;
  Mlp network_;
};

}  // namespace latent
