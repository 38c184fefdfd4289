// The mixture kind: a mixture of Gaussians of 2-D points (see gmm.hpp),
// fitted by EM one half-step at a time, or by the session's Adam on
// -log p(x); beside it (unless a checkpoint from before it says otherwise)
// an amortized q(z|x) = softmax(MLP(x)) (gmm_amortized_q.hpp), whose
// parameters follow the mixture's in the flat buffer and take the session's
// Adam step in every step, EM half-steps included, by the session's
// estimator. It has no Gaussian encoder: the gradient lab's probe returns nothing.
#pragma once
#include "core/models/gmm_amortized_q.hpp"
#include "core/models/gmm_fit_state.hpp"
#include "core/train/kinds/trainable_model.hpp"

namespace latent {

class TrainableMixture final : public TrainableModel {
 public:
  // The training set must be 2-D points (a toy set).
  TrainableMixture(const ModelSettings& model, const Dataset& train);
  // The "mixture" entry of a checkpoint's architecture -> model's fields.
  static void read_architecture(const nlohmann::json& architecture, ModelSettings& model);
  static size_t saved_param_count(const nlohmann::json& architecture);
  // EM: 4 half-steps a second, slow enough to follow each; gradient: 200 steps/s.
  static int default_pace(const ModelSettings& model);

  ModelKind kind() const override { return ModelKind::Mixture; }
  size_t param_count() const override;
  std::string describe() const override;
  void init(float* params, Rng& rng) const override;
  std::unique_ptr<StepScratch> make_step_scratch() const override;
  ModelTerms loss_and_gradient(const float* params, float* grads, const Matrix& batch, const ElboOptions& options,
                               Rng& rng, StepScratch& scratch) const override;
  ModelTerms evaluate(const float* params, const Dataset& test, size_t n, const ElboOptions& options,
                      Rng& rng) const override;
  VarianceProbeResult probe_variance(const float* params, const Matrix& examples,
                                     const VarianceProbeOptions& options, Rng& rng) const override;
  void write_architecture(nlohmann::json& architecture) const override;
  void check_architecture(const nlohmann::json& architecture) const override;
  void share(Snapshot& snapshot) const override { snapshot.mixture = state_; }
  std::optional<ModelTerms> closed_form_step(float* params, std::optional<EmHalf> half) override;
  bool trains_beside_closed_form() const override { return amortized_ != nullptr; }
  void restart() override;

 private:
  GmmConfig config_;
  Points2 train_;  // (2, N): EM's half-steps see the whole training set
  std::shared_ptr<const MixtureFitState> state_;
  std::shared_ptr<const GmmAmortizedQ> amortized_;  // null: a checkpoint from before it
};

}  // namespace latent
