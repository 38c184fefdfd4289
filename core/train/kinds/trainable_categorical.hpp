// The categorical kind: a VAE whose latent is D categorical variables of K
// values (see categorical_vae.hpp), its encoder trained by any estimator of
// estimators_for(LatentType::Categorical). While K^D <= kMaxEnumeratedCodes
// its held-out log p(x), ELBO and gap are exact, by enumeration.
#pragma once
#include "core/models/categorical_vae.hpp"
#include "core/train/kinds/trainable_model.hpp"

namespace latent {

class TrainableCategorical final : public TrainableModel {
 public:
  // The architecture is the settings' resolved against the training set, as
  // a VAE's, with the settings' groups and categories as its latent.
  TrainableCategorical(const ModelSettings& model, const Dataset& train);
  // The "categorical" entry of a checkpoint's architecture -> model's fields.
  static void read_architecture(const nlohmann::json& architecture, ModelSettings& model);
  static size_t saved_param_count(const nlohmann::json& architecture);
  // As a VAE's: 1,000 steps/s for 2-D points, full speed for images.
  static int default_pace(const ModelSettings& model);

  const CategoricalVae& vae() const { return *vae_; }
  bool enumerable() const { return vae_->config().joint_codes() <= kMaxEnumeratedCodes; }

  ModelKind kind() const override { return ModelKind::Categorical; }
  size_t param_count() const override { return vae_->param_count(); }
  std::string describe() const override { return vae_->config().describe(); }
  void init(float* params, Rng& rng) const override { vae_->init(params, rng); }
  EncoderGradient usable_estimator(EncoderGradient wanted) const override;
  std::unique_ptr<StepScratch> make_step_scratch() const override;
  ModelTerms loss_and_gradient(const float* params, float* grads, const Matrix& batch, const ElboOptions& options,
                               Rng& rng, StepScratch& scratch) const override;
  // Exact (bound and log_lik) when enumerable; else the ELBO from S sampled codes per example.
  ModelTerms evaluate(const float* params, const Dataset& test, size_t n, const ElboOptions& options,
                      Rng& rng) const override;
  // Empty (no estimators) when not enumerable: the bias needs the exact gradient.
  VarianceProbeResult probe_variance(const float* params, const Matrix& examples,
                                     const VarianceProbeOptions& options, Rng& rng) const override;
  std::shared_ptr<LatentCodes> latent_codes(const float* params, const Dataset& test,
                                            const std::vector<int>& indices) const override;
  void write_architecture(nlohmann::json& architecture) const override;
  void check_architecture(const nlohmann::json& architecture) const override;
  void share(Snapshot& snapshot) const override { snapshot.categorical = vae_; }

 private:
  std::shared_ptr<const CategoricalVae> vae_;
};

}  // namespace latent
