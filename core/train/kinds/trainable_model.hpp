// What a training session asks of a model kind: the seam where a new kind
// plugs in. The session owns the parameters, the optimizer, the data order
// and the noise; a TrainableModel owns the model, and turns parameters and
// examples into losses, gradients, probes and checkpoints.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/estimators/variance_probe.hpp"
#include "core/math/rng.hpp"
#include "core/models/config_json.hpp"
#include "core/nn/rank_one_gradients.hpp"
#include "core/train/kinds/model_kind.hpp"
#include "core/train/model_terms.hpp"
#include "core/train/settings.hpp"
#include "core/train/snapshot.hpp"

namespace latent {

// One thread's scratch for TrainableModel::loss_and_gradient, made by the
// model that uses it: each kind keeps its own workspaces inside.
class StepScratch {
 public:
  StepScratch() = default;
  StepScratch(const StepScratch&) = delete;  // kinds link their workspaces to `deferred` by address
  StepScratch& operator=(const StepScratch&) = delete;
  virtual ~StepScratch() = default;
  // The weight gradients this step's backward passes deferred (see
  // Mlp::Workspace::deferred): a kind whose networks can be linked to it
  // links them in its scratch's constructor; others write every gradient.
  RankOneGradients deferred;
};

class TrainableModel {
 public:
  virtual ~TrainableModel() = default;

  virtual ModelKind kind() const = 0;
  virtual size_t param_count() const = 0;
  virtual std::string describe() const = 0;  // the architecture, one line

  // Fresh parameters into a zeroed buffer (padding between blocks stays zero).
  virtual void init(float* params, Rng& rng) const = 0;

  // The estimator a step uses when the settings ask for `wanted`: it, if it
  // applies to this kind's latent, else the latent's default.
  virtual EncoderGradient usable_estimator(EncoderGradient wanted) const {
    return estimator_for(latent_type(kind()), wanted);
  }

  // After the optimizer's update that followed loss_and_gradient on each
  // part of one batch (`parts`: their scratches, in part order): a kind
  // whose parameters also move outside the gradient moves them here (the
  // VQ-VAE's moving-average codebook).
  virtual void after_update(float* params, const std::vector<const StepScratch*>& parts) const {}

  // Scratch for loss_and_gradient on one thread.
  virtual std::unique_ptr<StepScratch> make_step_scratch() const = 0;
  // batch: (D, B) training examples. Writes grads of the training loss
  // (the estimator in options drives the encoder; blocks deferred while
  // scratch.deferred is enabled are left there) and returns its terms.
  // Thread-safe given each thread its own scratch (from make_step_scratch).
  virtual ModelTerms loss_and_gradient(const float* params, float* grads, const Matrix& batch,
                                       const ElboOptions& options, Rng& rng, StepScratch& scratch) const = 0;

  // The mean terms over the first n examples of `test`, without gradients.
  virtual ModelTerms evaluate(const float* params, const Dataset& test, size_t n, const ElboOptions& options,
                              Rng& rng) const = 0;

  // The gradient lab's probe of the encoder the estimators drive, on the
  // fixed examples (D, B).
  virtual VarianceProbeResult probe_variance(const float* params, const Matrix& examples,
                                             const VarianceProbeOptions& options, Rng& rng) const = 0;

  // The latent view's codes of the test examples `indices` (the caller
  // stamps step and params), or null for a kind without a Gaussian q(z|x)
  // per example.
  virtual std::shared_ptr<LatentCodes> latent_codes(const float* params, const Dataset& test,
                                                    const std::vector<int>& indices) const {
    return nullptr;
  }

  // Checkpoints: this kind's entries of the architecture object, and the
  // check that saved entries describe this very model (throws
  // std::invalid_argument saying both).
  virtual void write_architecture(nlohmann::json& architecture) const = 0;
  virtual void check_architecture(const nlohmann::json& architecture) const = 0;

  // Puts the model where the snapshot's views look for it.
  virtual void share(Snapshot& snapshot) const = 0;

  // A kind fitted by closed-form updates (the mixture's EM) takes the
  // session's steps itself: one update of params in place on the whole
  // training set, `half` or else the next in its own order, and its terms.
  // Kinds trained by Adam on loss_and_gradient return nullopt.
  virtual std::optional<ModelTerms> closed_form_step(float* params, std::optional<EmHalf> half) { return std::nullopt; }
  // True: parameters beside the closed-form fit (the mixture's amortized q)
  // also take the session's Adam step on loss_and_gradient in each step;
  // its gradient in the closed-form parameters is zero.
  virtual bool trains_beside_closed_form() const { return false; }
  // Forgets what a closed-form fit holds beside the parameters (EM's q):
  // the parameters were reset, restored or loaded.
  virtual void restart() {}
};

// For check_architecture: throws std::invalid_argument unless the config
// saved under `key` equals `built`, naming the first field that differs.
template <class Config>
void check_saved_config(const nlohmann::json& architecture, const char* key, const Config& built,
                        const std::string& description) {
  const Config saved = config_from_json<Config>(architecture, key);
  if (const std::string difference = config_json::first_difference(config_to_json(saved), config_to_json(built));
      !difference.empty())
    throw std::invalid_argument("checkpoint architecture does not match this model (" + description + "): " + difference);
}

// Defined in model_kind.cpp, where every kind is listed.
// The model `model` describes, shaped to the training set `train`.
std::unique_ptr<TrainableModel> make_trainable_model(const ModelSettings& model, const Dataset& train);
// Sets the architecture fields of `model` for its kind from a checkpoint's
// architecture object. Throws std::invalid_argument.
void read_model_architecture(const nlohmann::json& architecture, ModelSettings& model);
// How many parameters the model a checkpoint's architecture object describes
// has, counted from its layer sizes without building or allocating anything.
// Throws std::invalid_argument.
size_t saved_param_count(ModelKind kind, const nlohmann::json& architecture);

}  // namespace latent
