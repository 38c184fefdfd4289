// One training run, driven synchronously: model, parameters, Adam, data
// order and noise. The Trainer thread, the `train` command and the
// benchmarks all step the same object.
#pragma once
#include <memory>

#include "core/data/dataset.hpp"
#include "core/estimators/variance_probe.hpp"
#include "core/io/checkpoint.hpp"
#include "core/models/conditional_models.hpp"
#include "core/models/vae.hpp"
#include "core/nn/adam.hpp"
#include "core/train/metric_series.hpp"
#include "core/train/settings.hpp"

namespace latent {

struct StepResult {
  ElboTerms terms;               // VAE
  ConditionalTerms conditional;  // MDN, regressor and conditional VAE
  bool conditional_run = false;  // which of the two is set
  bool finite = true;  // false: the loss was not finite and no update was applied
  // The curve point of this step (see MetricPoint for the MDN's fields).
  MetricPoint metric_point(int64_t step, double epoch, EncoderGradient estimator) const;
};

struct EvaluationResult {
  ElboTerms terms;
  ConditionalTerms conditional;
  bool conditional_run = false;
  MetricPoint metric_point(int64_t step, double epoch) const;
};

// The model settings a checkpoint was trained with (data set, architecture).
ModelSettings model_settings_from_checkpoint(const Checkpoint& checkpoint, uint64_t seed);

class TrainingSession {
 public:
  TrainingSession(const ModelSettings& model, const TrainSettings& training,
                  std::shared_ptr<const DataSplit> data);

  // Fresh parameters and optimizer from `seed`; the same seed replays the same run.
  void reset(uint64_t seed);

  // One minibatch: ELBO gradient, then Adam. Non-finite loss: no update.
  StepResult step();

  // Mean ELBO terms (VAE), or NLL, MSE and conditional-VAE terms (MDN run), over (up to max_examples
  // of) the test set, M samples each.
  EvaluationResult evaluate_test(size_t max_examples = 0, int samples = 1);

  // The gradient lab's probe at the current parameters, on a fixed
  // minibatch of the training set: the VAE's encoder, or in a conditional
  // run the conditional VAE's.
  VarianceProbeResult probe_variance(const VarianceProbeOptions& options);
  float running_baseline() const { return baseline_; }

  // Replaces the parameters (e.g. to go back to the last good ones) and
  // clears the optimizer's moments.
  void restore_params(const FloatBuffer& params);

  Checkpoint to_checkpoint() const;
  // Loads parameters, optimizer and step; the architecture must match.
  void load_checkpoint(const Checkpoint& checkpoint);

  bool is_mdn() const { return mdn_ != nullptr; }
  // Exactly one of these is set.
  const Vae& vae() const { return *vae_; }
  std::shared_ptr<const Vae> shared_vae() const { return vae_; }
  std::shared_ptr<const ConditionalModels> shared_mdn() const { return mdn_; }
  size_t param_count() const { return params_.size(); }
  std::string describe() const;  // architecture and parameter count, one line
  const std::shared_ptr<const DataSplit>& data() const { return data_; }
  const FloatBuffer& params() const { return params_; }
  const ModelSettings& model_settings() const { return model_; }
  TrainSettings& settings() { return training_; }
  const TrainSettings& settings() const { return training_; }
  int64_t steps() const { return steps_; }
  double epoch() const { return double(samples_seen_) / double(data_->train.size()); }

 private:
  void next_batch_indices(int count);

  ModelSettings model_;
  TrainSettings training_;
  std::shared_ptr<const DataSplit> data_;
  std::shared_ptr<const Vae> vae_;
  std::shared_ptr<const ConditionalModels> mdn_;
  RegressionShape regression_shape_;
  ConditionalModels::Workspace mdn_workspace_;
  Matrix batch_x_, batch_y_;  // MDN: (Din, B), (Dout, B)
  FloatBuffer params_, grads_;
  Adam adam_;
  Rng init_rng_, order_rng_, noise_rng_;
  std::vector<int> order_;  // this epoch's shuffled training indices
  size_t order_pos_ = 0;
  std::vector<int> batch_indices_;
  Matrix batch_;            // (D, B)
  Vae::Workspace workspace_;
  int64_t steps_ = 0;
  int64_t samples_seen_ = 0;
  float baseline_ = 0.0f;        // running mean of log p(x|z) for the score function's baseline
  bool baseline_ready_ = false;
};

}  // namespace latent
