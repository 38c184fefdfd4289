// The least-squares baseline next to the MDN: an MLP f with y ~ f(x),
// trained on the mean squared error. On a multi-valued problem it learns
// the conditional mean, the average of the modes, which may lie on none.
#pragma once
#include "core/math/rng.hpp"
#include "core/models/mdn_config.hpp"
#include "core/nn/mlp.hpp"

namespace latent {

class Regressor {
 public:
  explicit Regressor(const RegressorConfig& config);

  const RegressorConfig& config() const { return config_; }
  size_t param_count() const { return layout_.size(); }
  int input_dim() const { return config_.input_dim; }
  int output_dim() const { return config_.output_dim; }
  const Mlp& network() const { return network_; }

  // PyTorch's default for every layer; with the training targets y (Dout, N)
  // the output bias starts at their mean, so the first steps fit the
  // shape rather than the offset.
  void init(float* params, Rng& rng, const Matrix* targets = nullptr) const;

  // Scratch for one thread; the methods are const and thread-safe given their own Workspace.
  struct Workspace {
    Mlp::Workspace network;
    Matrix scaled_input;  // (Din, B) the input after config().input_scaling (unused for the identity)
    Matrix d_out;  // (Dout, B)
  };

  // Training: x (Din, B), y (Dout, B). Returns the mean squared error
  //   (1/B) sum_b ||y_b - f(x_b)||^2
  // (summed over output dimensions, averaged over examples) and writes its
  // gradient with respect to every parameter into grads.
  double loss_and_gradient(const float* params, float* grads, const Matrix& x, const Matrix& y,
                           Workspace& ws) const;
  // The same error without gradients (held-out evaluation).
  double evaluate(const float* params, const Matrix& x, const Matrix& y, Workspace& ws) const;

  // x (Din, B) -> f(x) (Dout, B).
  void predict(const float* params, const Matrix& x, Matrix& out, Workspace& ws) const;

 private:
  const Matrix& forward(const float* params, const Matrix& x, const Matrix& y, Workspace& ws) const;

  RegressorConfig config_;
  ParamLayout layout_;
  Mlp network_;
};

}  // namespace latent
