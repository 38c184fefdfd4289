// Element-wise activations and their derivatives, expressed through the
// activation's output so the backward pass needs no pre-activation copy.
#pragma once
#include <string>

#include "core/io/enum_names.hpp"
#include "core/nn/tensor.hpp"

namespace latent {

enum class Activation { Identity, Relu, Tanh, Softplus };

EnumNames<Activation> enum_names(Activation);  // "relu", "tanh", "softplus", "identity"

// y = act(y), in place.
void apply_activation(Activation a, Matrix& y);
// grad *= act'(pre) where y = act(pre) is the stored output.
void multiply_by_derivative(Activation a, const Matrix& y, Matrix& grad);

}  // namespace latent
