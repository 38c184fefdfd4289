// The conditional kind: three models of p(y|x) trained side by side on
// (x, y) data (see ConditionalModels): a mixture density network, a
// least-squares regressor and a conditional VAE.
#pragma once
#include "core/data/regression_sets.hpp"
#include "core/models/conditional_models.hpp"
#include "core/train/kinds/trainable_model.hpp"

namespace latent {

class TrainableConditional final : public TrainableModel {
 public:
  // Every conditional-density set (built-in or CSV) has one input and one
  // output; the models' scalings are fitted to the training set.
  TrainableConditional(const ModelSettings& model, const Dataset& train);
  // The "mdn" and "cvae" entries of a checkpoint's architecture -> model's fields.
  static void read_architecture(const nlohmann::json& architecture, ModelSettings& model);
  static size_t saved_param_count(const nlohmann::json& architecture);
  // 200 steps/s (see default_pace).
  static int default_pace(const ModelSettings&) { return 200; }

  const ConditionalModels& models() const { return *models_; }

  ModelKind kind() const override { return ModelKind::Conditional; }
  size_t param_count() const override { return models_->param_count(); }
  std::string describe() const override;
  void init(float* params, Rng& rng) const override { models_->init(params, rng, train_y_); }
  std::unique_ptr<StepScratch> make_step_scratch() const override;
  ModelTerms loss_and_gradient(const float* params, float* grads, const Matrix& batch, const ElboOptions& options,
                               Rng& rng, StepScratch& scratch) const override;
  ModelTerms evaluate(const float* params, const Dataset& test, size_t n, const ElboOptions& options,
                      Rng& rng) const override;
  VarianceProbeResult probe_variance(const float* params, const Matrix& examples,
                                     const VarianceProbeOptions& options, Rng& rng) const override;
  void write_architecture(nlohmann::json& architecture) const override;
  void check_architecture(const nlohmann::json& architecture) const override;
  void share(Snapshot& snapshot) const override { snapshot.conditional = models_; }

 private:
  RegressionShape shape_;
  Matrix train_y_;  // (Dout, N): the MDN's means start at its quantiles, the regressor's bias at its mean
  std::shared_ptr<const ConditionalModels> models_;
};

}  // namespace latent
