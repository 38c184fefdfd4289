// The conditional kind's shapes, training step, held-out terms, probe and
// checkpoint entries.
#include "core/train/kinds/trainable_conditional.hpp"

#include <numeric>
#include <stdexcept>

namespace latent {

namespace {
// The first n examples of `set`, split into inputs (Din, n) and targets (Dout, n).
void gather_first(const Dataset& set, size_t n, const RegressionShape& shape, Matrix& x, Matrix& y) {
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  Matrix both;
  set.gather(idx.data(), int(n), both);
  split_inputs_targets(both, shape, x, y);
}

ModelTerms as_model_terms(const ConditionalTerms& t) {
  ModelTerms m;
  m.bound = t.cvae;
  m.mdn_nll = t.mdn_nll;
  m.regressor_mse = t.regressor_mse;
  return m;
}

struct ConditionalStepScratch final : StepScratch {
  ConditionalModels::Workspace workspace;
  Matrix x, y;  // the training batch split: (Din, B), (Dout, B)
};
}  // namespace

TrainableConditional::TrainableConditional(const ModelSettings& model, const Dataset& train) {
  if (train.is_image() || train.dim < 2)
    throw std::invalid_argument("the conditional models need (x, y) data: use bishop, bishop-inverse, sinusoid, "
                                "sinusoid-inverse or csv:<file>, not " + model.dataset);
  shape_ = {train.dim - 1, 1};
  Matrix train_x;
  gather_first(train, train.size(), shape_, train_x, train_y_);
  MdnConfig mdn;
  mdn.input_dim = shape_.input_dim;
  mdn.output_dim = shape_.output_dim;
  mdn.components = model.resolve_components();
  RegressorConfig regressor;
  regressor.input_dim = mdn.input_dim;
  regressor.output_dim = mdn.output_dim;
  CvaeConfig cvae;
  cvae.input_dim = mdn.input_dim;
  cvae.output_dim = mdn.output_dim;
  cvae.latent_dim = model.latent_dim;
  cvae.prior = model.cvae_prior;
  models_ = std::make_shared<const ConditionalModels>(mdn, regressor, cvae, train_x, train_y_);
}

void TrainableConditional::read_architecture(const nlohmann::json& architecture, ModelSettings& model) {
  model.components = config_from_json<MdnConfig>(architecture, "mdn").components;
  if (!architecture.contains("cvae"))
    throw std::invalid_argument("checkpoint holds an MDN without its conditional VAE (saved by an older Latent Lab); "
                                "retrain it with `latentlab train --model conditional`");
  const CvaeConfig cvae = config_from_json<CvaeConfig>(architecture, "cvae");
  model.latent_dim = cvae.latent_dim;
  model.cvae_prior = cvae.prior;
}

size_t TrainableConditional::saved_param_count(const nlohmann::json& architecture) {
  // Layouts only: nothing allocated. The order of ConditionalModels' one buffer.
  return Mdn(config_from_json<MdnConfig>(architecture, "mdn")).param_count() +
         Regressor(config_from_json<RegressorConfig>(architecture, "regressor")).param_count() +
         ConditionalVae(config_from_json<CvaeConfig>(architecture, "cvae")).param_count();
}

std::string TrainableConditional::describe() const {
  return "MDN " + models_->mdn().config().describe() + " beside a least-squares regressor and a conditional VAE " +
         models_->cvae().config().describe();
}

std::unique_ptr<StepScratch> TrainableConditional::make_step_scratch() const {
  return std::make_unique<ConditionalStepScratch>();
}

ModelTerms TrainableConditional::loss_and_gradient(const float* params, float* grads, const Matrix& batch,
                                                   const ElboOptions& options, Rng& rng, StepScratch& scratch) const {
  auto& s = dynamic_cast<ConditionalStepScratch&>(scratch);
  split_inputs_targets(batch, shape_, s.x, s.y);
  return as_model_terms(models_->loss_and_gradient(params, grads, s.x, s.y, options, rng, s.workspace));
}

ModelTerms TrainableConditional::evaluate(const float* params, const Dataset& test, size_t n,
                                          const ElboOptions& options, Rng& rng) const {
  Matrix x, y;
  gather_first(test, n, shape_, x, y);
  ConditionalModels::Workspace ws;
  return as_model_terms(models_->evaluate(params, x, y, options, rng, ws));
}

VarianceProbeResult TrainableConditional::probe_variance(const float* params, const Matrix& examples,
                                                         const VarianceProbeOptions& options, Rng& rng) const {
  // The conditional VAE's encoder q(z|x,y).
  Matrix x, y;
  split_inputs_targets(examples, shape_, x, y);
  return probe_encoder_gradient_variance(models_->cvae(), models_->cvae_params(params), x, y, options, rng);
}

void TrainableConditional::write_architecture(nlohmann::json& architecture) const {
  architecture["mdn"] = config_to_json(models_->mdn().config());
  architecture["regressor"] = config_to_json(models_->regressor().config());
  architecture["cvae"] = config_to_json(models_->cvae().config());
}

void TrainableConditional::check_architecture(const nlohmann::json& architecture) const {
  const MdnConfig mdn = config_from_json<MdnConfig>(architecture, "mdn");
  const CvaeConfig cvae = config_from_json<CvaeConfig>(architecture, "cvae");
  std::string difference = config_json::first_difference(config_to_json(mdn), config_to_json(models_->mdn().config()), "mdn.");
  if (difference.empty())
    difference = config_json::first_difference(config_to_json(cvae), config_to_json(models_->cvae().config()), "cvae.");
  if (!difference.empty())
    throw std::invalid_argument("checkpoint architecture does not match this model (" + describe() + "): " + difference);
}

}  // namespace latent
