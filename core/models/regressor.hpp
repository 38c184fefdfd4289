// The least-squares baseline next to the MDN: an MLP f with y ~ f(x),
// trained on the mean squared error. On a multi-valued problem it learns
// the conditional mean, the average of the modes, which may lie on none.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/math/rng.hpp"
#include "core/nn/mlp.hpp"

namespace latent {

struct RegressorConfig {
  int input_dim = 1;   // Din
  int output_dim = 1;  // Dout
  std::vector<int> hidden{32};
  Activation activation = Activation::Tanh;

  nlohmann::json to_json() const;
  static RegressorConfig from_json(const nlohmann::json& j);  // throws std::invalid_argument
  std::string describe() const;  // "1-32-1, tanh"
};

class Regressor {
 public:
  explicit Regressor(const RegressorConfig& config);

  const RegressorConfig& config() const { return config_; }
  size_t param_count() const { return layout_.size(); }
  int input_dim() const { return config_.input_dim; }
  int output_dim() const { return config_.output_dim; }
  const Mlp& network() const { return network_; }

  void init(float* params, Rng& rng) const;

  // Scratch for one thread; the methods are const and thread-safe given their own Workspace.
  struct Workspace {
    Mlp::Workspace network;
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
