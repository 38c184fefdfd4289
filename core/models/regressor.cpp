// Least-squares regressor: forward, mean squared error and its gradient.
#include "core/models/regressor.hpp"

#include <stdexcept>

namespace latent {

Regressor::Regressor(const RegressorConfig& config) : config_(config) {
  if (config.input_dim <= 0 || config.output_dim <= 0)
    throw std::invalid_argument("regressor sizes (inputs, outputs) must be positive");
  if (!config.input_scaling.is_identity() && int(config.input_scaling.shift.size()) != config.input_dim)
    throw std::invalid_argument("regressor input scaling does not match input_dim");
  network_ = Mlp(layer_sizes(config.input_dim, config.hidden, config.output_dim), config.activation, Activation::Identity, layout_);
}

void Regressor::init(float* params, Rng& rng, const Matrix* targets) const {
  network_.init(params, rng);
  if (!targets) return;
  if (targets->rows() != config_.output_dim || targets->cols() == 0)
    throw std::invalid_argument("Regressor::init: targets must be (output_dim, N) with N > 0");
  view(params, network_.bias_block(network_.layer_count() - 1)).col(0) = targets->rowwise().mean();
}

const Matrix& Regressor::forward(const float* params, const Matrix& x, const Matrix& y, Workspace& ws) const {
  // x: (Din, B), y: (Dout, B) -> f(x): (Dout, B)
  if (x.rows() != config_.input_dim)
    throw std::invalid_argument("regressor input has " + std::to_string(x.rows()) + " rows, the model expects " +
                                std::to_string(config_.input_dim));
  if (x.cols() == 0) throw std::invalid_argument("regressor batch is empty");
  if (y.rows() != config_.output_dim || y.cols() != x.cols())
    throw std::invalid_argument("regressor targets must be (output_dim, batch) and match the inputs' batch");
  return network_.forward(params, config_.input_scaling.apply(x, ws.scaled_input), ws.network);
}

double Regressor::evaluate(const float* params, const Matrix& x, const Matrix& y, Workspace& ws) const {
  const Matrix& f = forward(params, x, y, ws);
  // Summed in double: a float sum over many examples drifts in the last digits.
  return (f - y).cast<double>().squaredNorm() / double(x.cols());
}

double Regressor::loss_and_gradient(const float* params, float* grads, const Matrix& x, const Matrix& y,
                                    Workspace& ws) const {
  const Matrix& f = forward(params, x, y, ws);
  const double loss = (f - y).cast<double>().squaredNorm() / double(x.cols());
  ws.d_out = (2.0f / float(x.cols())) * (f - y);  // d loss / d f
  network_.backward(params, grads, ws.network, ws.d_out, nullptr);
  return loss;
}

void Regressor::predict(const float* params, const Matrix& x, Matrix& out, Workspace& ws) const {
  // x: (Din, B) -> out: (Dout, B)
  if (x.rows() != config_.input_dim)
    throw std::invalid_argument("regressor input has " + std::to_string(x.rows()) + " rows, the model expects " +
                                std::to_string(config_.input_dim));
  out = network_.forward(params, config_.input_scaling.apply(x, ws.scaled_input), ws.network);
}

}  // namespace latent
