// The estimators' names on the command line and in the app.
#include "core/estimators/encoder_gradient.hpp"

namespace latent {

EnumNames<EncoderGradient> enum_names(EncoderGradient) {
  static constexpr EnumName<EncoderGradient> names[] = {
      {EncoderGradient::Reparameterization, "reparameterization"},
      {EncoderGradient::ScoreFunction, "score-function"},
      {EncoderGradient::ScoreFunctionRunningMean, "score-function-running-mean"},
      {EncoderGradient::ScoreFunctionLeaveOneOut, "score-function-leave-one-out"}};
  static_assert(std::size(names) == kEncoderGradientCount);
  return {"estimator", names};
}

}  // namespace latent
