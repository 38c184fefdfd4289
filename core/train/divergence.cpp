// The likely cause of a divergence, and the lowered learning rate.
#include "core/train/divergence.hpp"

#include <algorithm>
#include <cmath>

#include "core/math/number_text.hpp"

namespace latent {

namespace {
// The largest |value| in the training set: images are in [0, 1] by construction.
double largest_magnitude(const Dataset& train) {
  if (train.is_image()) return 1.0;
  double largest = 0.0;
  for (float v : train.points) largest = std::max(largest, double(std::fabs(v)));
  return largest;
}
}  // namespace

std::string likely_divergence_cause(const TrainSettings& training, const Dataset& train) {
  const double scale = largest_magnitude(train);
  const std::string rate = number_text(training.learning_rate);
  if (scale > 1e3)
    return "Likely cause: the data reach " + number_text(scale) +
           ", far from 1, so steps that suit unit-scale data overshoot: standardize the data or lower the learning "
           "rate (now " + rate + ").";
  if (scale > 0 && scale < 1e-3)
    return "Likely cause: the data are tiny (at most " + number_text(scale) +
           "), so the decoder's sigma must shrink by many orders of magnitude: standardize the data.";
  if (training.learning_rate > 1e-2)
    return "Likely cause: the learning rate " + rate + " is high for Adam (1e-3 is the usual start): lower it.";
  return "Likely cause: a step overshot at learning rate " + rate + ": lower it, or lower beta, or raise the batch size.";
}

float lowered_learning_rate(float learning_rate) {
  return std::max(float(kMinLearningRate), learning_rate / 10.0f);
}

}  // namespace latent
