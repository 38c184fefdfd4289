// One training run, driven synchronously: parameters, Adam, data order and
// noise, around a model of any kind (TrainableModel). The Trainer thread,
// the `train` command and the benchmarks all step the same object.
#pragma once
#include <memory>

#include "core/data/dataset.hpp"
#include "core/io/checkpoint.hpp"
#include "core/nn/adam.hpp"
#include "core/train/kinds/trainable_model.hpp"
#include "core/train/model_terms.hpp"
#include "core/train/open_checkpoint.hpp"
#include "core/train/parallel_gradient.hpp"
#include "core/train/settings.hpp"

namespace latent {

class TrainingSession {
 public:
  TrainingSession(const ModelSettings& model, const TrainSettings& training,
                  std::shared_ptr<const DataSplit> data);

  // Fresh parameters and optimizer from `seed`; the same seed replays the same run.
  void reset(uint64_t seed);

  // One minibatch: the loss's gradient, then Adam. A non-finite loss
  // (!finite()) applies no update. A kind fitted in closed form (the
  // mixture's EM) steps by its own update instead, a pass over the training
  // set (an EM half-step counts half an epoch).
  ModelTerms step();
  // One EM half-step of a mixture fitted by EM; std::logic_error for other kinds and fits.
  ModelTerms em_half_step(EmHalf half);

  // Threads each step's minibatch is split across (see ParallelGradient),
  // clamped to [1, the machine's hardware threads]; 1 when constructed. A
  // seed gives the same run for a given count.
  void set_threads(int threads);
  int threads() const { return gradient_->threads(); }

  // Mean terms over (up to max_examples of) the test set, M samples each.
  ModelTerms evaluate_test(size_t max_examples = 0, int samples = 1);

  // The gradient lab's probe at the current parameters, on a fixed
  // minibatch of the training set.
  VarianceProbeResult probe_variance(const VarianceProbeOptions& options);
  float running_baseline() const { return baseline_; }

  // Goes back to earlier parameters (the last good ones, after a divergence)
  // and the step they are of; clears the optimizer's moments.
  void restore_params(const FloatBuffer& params, int64_t step);

  Checkpoint to_checkpoint() const;
  // Loads parameters, optimizer and step; the kind and architecture must match.
  void load_checkpoint(const Checkpoint& checkpoint);

  const TrainableModel& model() const { return *model_; }
  // The model itself, for callers that know the kind; std::logic_error for another kind.
  const Vae& vae() const;
  const ConditionalModels& conditional_models() const;
  size_t param_count() const { return params_.size(); }
  std::string describe() const;  // architecture and parameter count, one line
  const std::shared_ptr<const DataSplit>& data() const { return data_; }
  const FloatBuffer& params() const { return params_; }
  const ModelSettings& model_settings() const { return model_settings_; }
  TrainSettings& settings() { return training_; }
  const TrainSettings& settings() const { return training_; }
  int64_t steps() const { return steps_; }
  double epoch() const { return double(samples_seen_) / double(data_->train.size()); }

 private:
  void next_batch_indices(int count);
  // Counts a closed-form update as a step of half an epoch.
  ModelTerms count_closed_form_step(const ModelTerms& terms);
  // One Adam step on a batch: the whole step of a kind trained by gradient.
  ModelTerms gradient_step();

  ModelSettings model_settings_;
  TrainSettings training_;
  std::shared_ptr<const DataSplit> data_;
  std::unique_ptr<TrainableModel> model_;
  std::unique_ptr<ParallelGradient> gradient_;  // of model_
  FloatBuffer params_, grads_;
  Adam adam_;
  Rng init_rng_, order_rng_, noise_rng_;
  std::vector<int> order_;  // this epoch's shuffled training indices
  size_t order_pos_ = 0;
  std::vector<int> batch_indices_;
  Matrix batch_;  // (D, B)
  int64_t steps_ = 0;
  int64_t samples_seen_ = 0;
  float baseline_ = 0.0f;        // running mean of log p(x|z) for the score function's baseline
  bool baseline_ready_ = false;
};

}  // namespace latent
