// After a run diverges: its likely cause in one sentence a lecturer can act
// on, and the one way the learning rate is lowered to try again.
#pragma once
#include <string>

#include "core/data/dataset.hpp"
#include "core/train/settings.hpp"

namespace latent {

// Data far from unit scale first (no learning rate suits values of 1e6 or
// 1e-40 for long), then a learning rate above what Adam usually takes,
// then an overshooting step in general.
std::string likely_divergence_cause(const TrainSettings& training, const Dataset& train);

// A tenth of `learning_rate`, not below kMinLearningRate. A tenth, not a
// half: Adam moves each parameter by about the learning rate whatever the
// gradient's scale, so a rate that diverged is usually off by an order of
// magnitude, and halving tends to diverge again a few hundred steps later,
// in front of the class.
float lowered_learning_rate(float learning_rate);

}  // namespace latent
