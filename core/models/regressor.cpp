// Least-squares regressor: forward, MSE and its gradient, config conversions.
#include "core/models/regressor.hpp"

#include <sstream>
#include <stdexcept>

namespace latent {

namespace {
std::vector<int> network_sizes(const RegressorConfig& c) {
  std::vector<int> sizes{c.input_dim};
  sizes.insert(sizes.end(), c.hidden.begin(), c.hidden.end());
  sizes.push_back(c.output_dim);
  return sizes;
}
}  // namespace

nlohmann::json RegressorConfig::to_json() const {
  return {{"input_dim", input_dim}, {"output_dim", output_dim}, {"hidden", hidden},
          {"activation", to_string(activation)}};
}

RegressorConfig RegressorConfig::from_json(const nlohmann::json& j) {
  try {
    RegressorConfig c;
    c.input_dim = j.at("input_dim").get<int>();
    c.output_dim = j.at("output_dim").get<int>();
    c.hidden = j.at("hidden").get<std::vector<int>>();
    c.activation = activation_from_string(j.at("activation").get<std::string>());
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("bad regressor architecture: ") + e.what());
  }
}

std::string RegressorConfig::describe() const {
  std::ostringstream s;
  s << input_dim;
  for (int h : hidden) s << "-" << h;
  s << "-" << output_dim << ", " << to_string(activation);
  return s.str();
}

Regressor::Regressor(const RegressorConfig& config) : config_(config) {
  if (config.input_dim <= 0 || config.output_dim <= 0)
    throw std::invalid_argument("regressor sizes (inputs, outputs) must be positive");
  network_ = Mlp(network_sizes(config), config.activation, Activation::Identity, layout_);
}

void Regressor::init(float* params, Rng& rng) const { network_.init(params, rng); }

const Matrix& Regressor::forward(const float* params, const Matrix& x, const Matrix& y, Workspace& ws) const {
  // x: (Din, B), y: (Dout, B) -> f(x): (Dout, B)
  if (x.rows() != config_.input_dim)
    throw std::invalid_argument("regressor input has " + std::to_string(x.rows()) + " rows, the model expects " +
                                std::to_string(config_.input_dim));
  if (y.rows() != config_.output_dim || y.cols() != x.cols())
    throw std::invalid_argument("regressor targets must be (output_dim, batch) and match the inputs' batch");
  return network_.forward(params, x, ws.network);
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
  out = network_.forward(params, x, ws.network);
}

}  // namespace latent
