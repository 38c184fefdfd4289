// The mixture kind's shapes, EM half-steps, gradient step, held-out terms and
// checkpoint entries.
#include "core/train/kinds/trainable_mixture.hpp"

#include <stdexcept>

namespace latent {

namespace {
Points2 as_points(const Matrix& x) { return x.cast<double>(); }  // (2, B)

Points2 first_points(const Dataset& set, size_t n) {
  Points2 x(2, Eigen::Index(n));
  for (size_t i = 0; i < n; ++i) x.col(Eigen::Index(i)) << set.point(i)[0], set.point(i)[1];
  return x;
}

// The lecture's terms: bound = the ELBO of q, log_lik = log p(x).
ModelTerms as_model_terms(const GmmBound& b) {
  ModelTerms t;
  t.bound.reconstruction = b.expected_log_lik;
  t.bound.kl = b.kl_prior;
  t.log_lik = b.log_lik;
  return t;
}

struct NoScratch final : StepScratch {};
}  // namespace

TrainableMixture::TrainableMixture(const ModelSettings& model, const Dataset& train) {
  if (train.is_image() || train.dim != 2)
    throw std::invalid_argument("the mixture of Gaussians models 2-D points: use --dataset gaussians, moons, rings, "
                                "pinwheel, spirals or csv:<file> with two numeric columns, not " + model.dataset +
                                (train.is_image() ? "" : " (" + std::to_string(train.dim) + " columns)"));
  config_.components = model.components > 0 ? model.components : 8;
  config_.fit = model.mixture_fit;
  train_ = first_points(train, train.size());
  restart();
}

void TrainableMixture::read_architecture(const nlohmann::json& architecture, ModelSettings& model) {
  const GmmConfig config = config_from_json<GmmConfig>(architecture, "mixture");
  model.components = config.components;
  model.mixture_fit = config.fit;
}

size_t TrainableMixture::saved_param_count(const nlohmann::json& architecture) {
  return size_t(config_from_json<GmmConfig>(architecture, "mixture").components) * kGmmValuesPerComponent;
}

int TrainableMixture::default_pace(const ModelSettings& model) { return model.mixture_fit == MixtureFit::Em ? 4 : 200; }

void TrainableMixture::init(float* params, Rng& rng) const {
  gmm_to_flat(gmm_init_from_data(train_, config_.components, rng), params);
}

void TrainableMixture::restart() {
  auto state = std::make_shared<MixtureFitState>();
  state->config = config_;
  state_ = std::move(state);
}

std::optional<ModelTerms> TrainableMixture::closed_form_step(float* params, std::optional<EmHalf> half) {
  if (config_.fit != MixtureFit::Em) return std::nullopt;
  // E, M, E, ...; an M-step before any E-step has no q to maximize: it is an E-step.
  EmHalf next = half.value_or(state_->last == EmHalf::E ? EmHalf::M : EmHalf::E);
  if (!state_->q) next = EmHalf::E;
  auto state = std::make_shared<MixtureFitState>(*state_);
  GmmParams p = gmm_from_flat(params, config_.components);
  if (next == EmHalf::E) {
    state->q = std::make_shared<const Eigen::MatrixXd>(em_e_step(p, train_));
  } else {
    gmm_to_flat(em_m_step(train_, *state->q, p), params);
    p = gmm_from_flat(params, config_.components);  // the bound of the parameters as stored (float)
  }
  state->last = next;
  state_ = std::move(state);
  return as_model_terms(gmm_bound(p, train_, *state_->q));
}

std::unique_ptr<StepScratch> TrainableMixture::make_step_scratch() const { return std::make_unique<NoScratch>(); }

ModelTerms TrainableMixture::loss_and_gradient(const float* params, float* grads, const Matrix& batch,
                                               const ElboOptions&, Rng&, StepScratch&) const {
  // batch: (2, B). Loss -mean log p(x); q is the exact posterior, so the ELBO equals log p(x).
  const GmmParams p = gmm_from_flat(params, config_.components);
  const Points2 x = as_points(batch);
  GmmParams grad;
  gmm_log_lik_and_gradient(p, x, grad);
  grad.logits = -grad.logits;
  grad.means = -grad.means;
  grad.chol = -grad.chol;
  gmm_to_flat(grad, grads);
  return as_model_terms(gmm_bound(p, x, em_e_step(p, x)));
}

ModelTerms TrainableMixture::evaluate(const float* params, const Dataset& test, size_t n, const ElboOptions&,
                                      Rng&) const {
  // Held-out points have no q of EM's: the exact posterior, so the ELBO equals log p(x).
  const GmmParams p = gmm_from_flat(params, config_.components);
  const Points2 x = first_points(test, n);
  return as_model_terms(gmm_bound(p, x, em_e_step(p, x)));
}

VarianceProbeResult TrainableMixture::probe_variance(const float*, const Matrix&, const VarianceProbeOptions&,
                                                     Rng&) const {
  return {};  // no encoder, no estimator to probe
}

void TrainableMixture::write_architecture(nlohmann::json& architecture) const {
  architecture["mixture"] = config_to_json(config_);
}

void TrainableMixture::check_architecture(const nlohmann::json& architecture) const {
  const GmmConfig saved = config_from_json<GmmConfig>(architecture, "mixture");
  if (saved.components != config_.components)
    throw std::invalid_argument("checkpoint holds " + saved.describe() + ", this model is " + describe());
}

}  // namespace latent
