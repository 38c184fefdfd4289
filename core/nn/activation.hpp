// Element-wise activations and their derivatives, expressed through the
// activation's output so the backward pass needs no pre-activation copy.
#pragma once
#include <string>

#include "core/nn/tensor.hpp"

namespace latent {

enum class Activation { Identity, Relu, Tanh, Softplus };

std::string to_string(Activation a);
Activation activation_from_string(const std::string& name);  // throws std::invalid_argument

// y = act(y), in place.
void apply_activation(Activation a, Matrix& y);
// grad *= act'(pre) where y = act(pre) is the stored output.
void multiply_by_derivative(Activation a, const Matrix& y, Matrix& grad);

}  // namespace latent
