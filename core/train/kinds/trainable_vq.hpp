// The VQ-VAE kind (see vq_vae.hpp): trained on its own loss (reconstruction,
// codebook and commitment terms) with the straight-through gradient, so the
// gradient lab has no estimator to compare. Its ELBO is the paper's: q(z|x)
// is one-hot and the prior uniform over K entries, so the KL is log K.
#pragma once
#include "core/models/vq_vae.hpp"
#include "core/train/kinds/trainable_model.hpp"

namespace latent {

class TrainableVq final : public TrainableModel {
 public:
  // The architecture is the settings' resolved against the training set, as
  // a VAE's, with K = the settings' codebook entries of latent_dim numbers.
  TrainableVq(const ModelSettings& model, const Dataset& train);
  // The "vq" entry of a checkpoint's architecture -> model's fields.
  static void read_architecture(const nlohmann::json& architecture, ModelSettings& model);
  static size_t saved_param_count(const nlohmann::json& architecture);
  // As a VAE's: 1,000 steps/s for 2-D points, full speed for images.
  static int default_pace(const ModelSettings& model);

  const VqVae& vq() const { return *vq_; }

  ModelKind kind() const override { return ModelKind::Vq; }
  size_t param_count() const override { return vq_->param_count(); }
  std::string describe() const override { return vq_->config().describe(); }
  // The codebook starts at encoder outputs of random training examples.
  void init(float* params, Rng& rng) const override { vq_->init(params, rng, init_examples_); }
  std::unique_ptr<StepScratch> make_step_scratch() const override;
  // The moving-average codebook's update (nothing under the gradient one).
  void after_update(float* params, const std::vector<const StepScratch*>& parts) const override;
  ModelTerms loss_and_gradient(const float* params, float* grads, const Matrix& batch, const ElboOptions& options,
                               Rng& rng, StepScratch& scratch) const override;
  ModelTerms evaluate(const float* params, const Dataset& test, size_t n, const ElboOptions& options,
                      Rng& rng) const override;
  // Empty: the encoder's gradient is the straight-through copy, not an estimate.
  VarianceProbeResult probe_variance(const float*, const Matrix&, const VarianceProbeOptions&, Rng&) const override {
    return {};
  }
  // z_e of the test examples, in `mu`.
  std::shared_ptr<LatentCodes> latent_codes(const float* params, const Dataset& test,
                                            const std::vector<int>& indices) const override;
  void write_architecture(nlohmann::json& architecture) const override;
  void check_architecture(const nlohmann::json& architecture) const override;
  void share(Snapshot& snapshot) const override { snapshot.vq = vq_; }

 private:
  std::shared_ptr<const VqVae> vq_;
  Matrix init_examples_;  // (Din, up to 1,000) training examples: where init puts the codebook
};

}  // namespace latent
