// The estimators of an encoder's gradient of E_q[log p(x|z)] that training
// and the gradient lab switch between: pathwise, or the score function with
// one of its baselines.
#pragma once
#include "core/io/enum_names.hpp"

namespace latent {

// The KL term always uses its closed form and the decoder's gradient is the
// same for all of them.
enum class EncoderGradient {
  Reparameterization,        // pathwise: through z = mu + sigma * eps
  ScoreFunction,             // REINFORCE: f(z) grad log q(z|x), no baseline
  ScoreFunctionRunningMean,  // f(z) - b, b a running mean of f kept by the caller
  ScoreFunctionLeaveOneOut   // f(z_m) - mean of f over the other M-1 samples (M >= 2)
};
inline constexpr int kEncoderGradientCount = 4;
// "reparameterization", "score-function", "score-function-running-mean", "score-function-leave-one-out"
EnumNames<EncoderGradient> enum_names(EncoderGradient);

}  // namespace latent
