// The estimators' names on the command line and in the app, and which
// apply to which latent type.
#include "core/estimators/encoder_gradient.hpp"

#include <algorithm>

namespace latent {

EnumNames<EncoderGradient> enum_names(EncoderGradient) {
  static constexpr EnumName<EncoderGradient> names[] = {
      {EncoderGradient::Reparameterization, "reparameterization"},
      {EncoderGradient::ScoreFunction, "score-function"},
      {EncoderGradient::ScoreFunctionRunningMean, "score-function-running-mean"},
      {EncoderGradient::ScoreFunctionLeaveOneOut, "score-function-leave-one-out"},
      {EncoderGradient::Enumerate, "enumerate"},
      {EncoderGradient::GumbelSoftmax, "gumbel"},
      {EncoderGradient::StraightThrough, "straight-through"},
      {EncoderGradient::ScoreFunction, "reinforce"},
      {EncoderGradient::ScoreFunctionRunningMean, "reinforce-mean"},
      {EncoderGradient::ScoreFunctionLeaveOneOut, "reinforce-loo"}};
  return {"estimator", names};
}

std::span<const EncoderGradient> estimators_for(LatentType type) {
  using E = EncoderGradient;
  static constexpr E gaussian[] = {E::Reparameterization, E::ScoreFunction, E::ScoreFunctionRunningMean,
                                   E::ScoreFunctionLeaveOneOut};
  static constexpr E categorical[] = {E::Enumerate, E::ScoreFunction, E::ScoreFunctionRunningMean,
                                      E::ScoreFunctionLeaveOneOut, E::GumbelSoftmax, E::StraightThrough};
  if (type == LatentType::Categorical) return categorical;
  return gaussian;
}

bool estimator_applies(EncoderGradient estimator, LatentType type) {
  const std::span<const EncoderGradient> all = estimators_for(type);
  return std::find(all.begin(), all.end(), estimator) != all.end();
}

EncoderGradient default_estimator(LatentType type) { return estimators_for(type).front(); }

EncoderGradient estimator_for(LatentType type, EncoderGradient estimator) {
  return estimator_applies(estimator, type) ? estimator : default_estimator(type);
}

}  // namespace latent
