// Minibatch training of a categorical VAE by Adam under any of its gradient
// estimators: the steps the headless command and the tests take.
#pragma once
#include <cstdint>
#include <vector>

#include "core/data/batch_order.hpp"
#include "core/data/dataset.hpp"
#include "core/estimators/categorical_gradients.hpp"
#include "core/nn/adam.hpp"

namespace latent {

struct CategoricalTrainingSettings {
  ElboOptions gradient = categorical_options();  // estimator, S, tau, beta; the run keeps the running-mean baseline
  AdamSettings adam;
  int batch_size = 100;
};

class CategoricalTraining {
 public:
  // Fresh parameters from seed; vae must outlive this object.
  CategoricalTraining(const CategoricalVae& vae, const CategoricalTrainingSettings& settings, uint64_t seed);

  // One Adam step on the minibatch x (Din, B); returns its terms. A
  // non-finite loss leaves the parameters as they were.
  CategoricalTerms step(const Matrix& x);
  // One step on the next minibatch of `train`, in shuffled epochs.
  CategoricalTerms step(const Dataset& train);

  const FloatBuffer& params() const { return params_; }
  int64_t steps() const { return steps_; }
  float baseline() const { return baseline_; }  // the running mean of log p(x|z)

 private:
  const CategoricalVae& vae_;
  CategoricalTrainingSettings settings_;
  FloatBuffer params_, grads_;
  Adam adam_;
  Rng noise_;
  BatchOrder order_;
  CategoricalGradientWorkspace workspace_;
  std::vector<int> batch_indices_;
  Matrix batch_;  // (Din, B)
  float baseline_ = 0.0f;
  bool baseline_ready_ = false;
  int64_t steps_ = 0;
};

}  // namespace latent
