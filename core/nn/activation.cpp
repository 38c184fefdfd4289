// Activations in Eigen array form so they vectorize.
#include "core/nn/activation.hpp"

namespace latent {

EnumNames<Activation> enum_names(Activation) {
  static constexpr EnumName<Activation> names[] = {{Activation::Relu, "relu"},
                                                   {Activation::Tanh, "tanh"},
                                                   {Activation::Softplus, "softplus"},
                                                   {Activation::Identity, "identity"}};
  return {"activation", names};
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
