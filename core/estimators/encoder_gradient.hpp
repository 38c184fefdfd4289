// The estimators of an encoder's gradient of E_q[log p(x|z)] that training
// and the gradient lab switch between. A Gaussian latent has the pathwise
// one and the score function with its baselines; a categorical latent has
// no pathwise gradient, so it trades it for exact enumeration and the
// Gumbel-softmax relaxation (Jang, Gu & Poole 2017; Maddison, Mnih & Teh 2017).
#pragma once
#include <span>

#include "core/io/enum_names.hpp"

namespace latent {

// The KL term always uses its closed form.
enum class EncoderGradient {
  Reparameterization,        // Gaussian: pathwise through z = mu + sigma * eps
  ScoreFunction,             // REINFORCE: f(z) grad log q(z|x), no baseline
  ScoreFunctionRunningMean,  // f(z) - b, b a running mean of f kept by the caller
  ScoreFunctionLeaveOneOut,  // f(z_m) - mean of f over the other M-1 samples (M >= 2)
  Enumerate,                 // categorical: the sum over all K^D codes, the exact gradient
  GumbelSoftmax,             // categorical: pathwise through y = softmax((l + g) / tau); the decoder reads y
  StraightThrough,           // categorical: the decoder reads one-hot argmax(l + g); the gradient flows as through y
};
inline constexpr int kEncoderGradientCount = 7;
// "reparameterization", "score-function", ..., "enumerate", "gumbel", "straight-through";
// "reinforce", "reinforce-mean" and "reinforce-loo" are read for the score function's three.
EnumNames<EncoderGradient> enum_names(EncoderGradient);

// What kind of latent variable an encoder's q(z|x) is over.
enum class LatentType { Gaussian, Categorical };
// The estimators that apply to it, in the order the app lists them.
std::span<const EncoderGradient> estimators_for(LatentType type);
bool estimator_applies(EncoderGradient estimator, LatentType type);
// The one a run of that type starts with: pathwise, or enumeration.
EncoderGradient default_estimator(LatentType type);
// `estimator` if it applies to `type`, else the type's default: what a
// setting chosen for one kind of latent means for the other.
EncoderGradient estimator_for(LatentType type, EncoderGradient estimator);

}  // namespace latent
