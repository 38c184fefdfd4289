// Activations in Eigen array form so they vectorize.
#include "core/nn/activation.hpp"

#include <stdexcept>

namespace latent {

std::string to_string(Activation a) {
  switch (a) {
    case Activation::Identity: return "identity";
    case Activation::Relu: return "relu";
    case Activation::Tanh: return "tanh";
    case Activation::Softplus: return "softplus";
  }
  return "?";
}

Activation activation_from_string(const std::string& name) {
  for (Activation a : {Activation::Identity, Activation::Relu, Activation::Tanh, Activation::Softplus})
    if (to_string(a) == name) return a;
  throw std::invalid_argument("unknown activation '" + name + "' (use relu, tanh, softplus or identity)");
}

void apply_activation(Activation a, Matrix& y) {
  auto arr = y.array();
  switch (a) {
    case Activation::Identity: break;
    case Activation::Relu: arr = arr.max(0.0f); break;
    case Activation::Tanh: arr = arr.tanh(); break;
    // softplus(x) = max(x, 0) + log1p(exp(-|x|)): no overflow for large |x|.
    case Activation::Softplus: arr = arr.max(0.0f) + (-arr.abs()).exp().log1p(); break;
  }
}

void multiply_by_derivative(Activation a, const Matrix& y, Matrix& grad) {
  auto g = grad.array();
  const auto out = y.array();
  switch (a) {
    case Activation::Identity: break;
    case Activation::Relu: g = (out > 0.0f).select(g, 0.0f); break;
    case Activation::Tanh: g *= 1.0f - out.square(); break;
    // softplus' = sigmoid(x) = 1 - exp(-softplus(x)).
    case Activation::Softplus: g *= 1.0f - (-out).exp(); break;
  }
}

}  // namespace latent
