// The VAE kind: a VAE of the data set, trained on its ELBO.
#pragma once
#include "core/train/kinds/trainable_model.hpp"

namespace latent {

class TrainableVae final : public TrainableModel {
 public:
  // The architecture is the settings' resolved against the training set.
  TrainableVae(const ModelSettings& model, const Dataset& train);
  // The "vae" entry of a checkpoint's architecture -> model's architecture fields.
  static void read_architecture(const nlohmann::json& architecture, ModelSettings& model);
  static size_t saved_param_count(const nlohmann::json& architecture);
  // 1,000 steps/s for 2-D points, full speed for images (see default_pace).
  static int default_pace(const ModelSettings& model);

  const Vae& vae() const { return *vae_; }

  ModelKind kind() const override { return ModelKind::Vae; }
  size_t param_count() const override { return vae_->param_count(); }
  std::string describe() const override { return vae_->config().describe(); }
  void init(float* params, Rng& rng) const override { vae_->init(params, rng); }
  std::unique_ptr<StepScratch> make_step_scratch() const override;
  ModelTerms loss_and_gradient(const float* params, float* grads, const Matrix& batch, const ElboOptions& options,
                               Rng& rng, StepScratch& scratch) const override;
  ModelTerms evaluate(const float* params, const Dataset& test, size_t n, const ElboOptions& options,
                      Rng& rng) const override;
  VarianceProbeResult probe_variance(const float* params, const Matrix& examples,
                                     const VarianceProbeOptions& options, Rng& rng) const override;
  std::shared_ptr<LatentCodes> latent_codes(const float* params, const Dataset& test,
                                            const std::vector<int>& indices) const override;
  void write_architecture(nlohmann::json& architecture) const override;
  void check_architecture(const nlohmann::json& architecture) const override;
  void share(Snapshot& snapshot) const override { snapshot.vae = vae_; }

 private:
  std::shared_ptr<const Vae> vae_;
};

}  // namespace latent
