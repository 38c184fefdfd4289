// The mixture kind's shapes, EM half-steps, gradient step (the mixture's
// and its amortized q's), held-out terms and checkpoint entries.
#include "core/train/kinds/trainable_mixture.hpp"

#include <algorithm>
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

struct MixtureScratch final : StepScratch {
  GmmAmortizedQ::Workspace amortized;
};

// The amortized q's parameters start at the first 16-float boundary after
// the mixture's 6K values, so each block of its own layout stays 64-byte aligned.
size_t amortized_offset(int components) {
  return (size_t(components) * kGmmValuesPerComponent + 15) / 16 * 16;
}

// A checkpoint's "amortized_q" entry, {"hidden": 32}: whether the run has one.
constexpr const char* kAmortizedKey = "amortized_q";
bool saved_amortized_q(const nlohmann::json& architecture) {
  const auto it = architecture.find(kAmortizedKey);
  if (it == architecture.end()) return false;  // saved before the amortized q existed
  const auto hidden = it->is_object() ? it->find("hidden") : it->end();
  if (hidden == it->end() || !hidden->is_number_integer() || hidden->get<int64_t>() != kAmortizedQHidden)
    throw std::invalid_argument("the checkpoint's \"amortized_q\" entry must be {\"hidden\": " +
                                std::to_string(kAmortizedQHidden) +
                                "}, the amortized q(z|x) this Latent Lab builds; remove the entry to load the "
                                "mixture without it");
  return true;
}

std::string describe_mixture(const GmmConfig& config, bool amortized) {
  if (!amortized) return config.describe();
  return config.describe() + ", with an amortized q(z|x) = softmax(MLP 2-" + std::to_string(kAmortizedQHidden) +
         " tanh-" + std::to_string(config.components) + ")";
}

size_t mixture_param_count(int components, bool amortized) {
  if (!amortized) return size_t(components) * kGmmValuesPerComponent;
  return amortized_offset(components) + GmmAmortizedQ(components).param_count();
}
}  // namespace

TrainableMixture::TrainableMixture(const ModelSettings& model, const Dataset& train) {
  if (train.is_image() || train.dim != 2)
    throw std::invalid_argument("the mixture of Gaussians models 2-D points: use --dataset gaussians, moons, rings, "
                                "pinwheel, spirals or csv:<file> with two numeric columns, not " + model.dataset +
                                (train.is_image() ? "" : " (" + std::to_string(train.dim) + " columns)"));
  config_.components = model.components > 0 ? model.components : 8;
  config_.fit = model.mixture_fit;
  train_ = first_points(train, train.size());
  if (model.amortized_q) amortized_ = std::make_shared<const GmmAmortizedQ>(config_.components);
  restart();
}

void TrainableMixture::read_architecture(const nlohmann::json& architecture, ModelSettings& model) {
  const GmmConfig config = config_from_json<GmmConfig>(architecture, "mixture");
  model.components = config.components;
  model.mixture_fit = config.fit;
  model.amortized_q = saved_amortized_q(architecture);
}

size_t TrainableMixture::saved_param_count(const nlohmann::json& architecture) {
  const int components = config_from_json<GmmConfig>(architecture, "mixture").components;
  return mixture_param_count(components, saved_amortized_q(architecture));
}

size_t TrainableMixture::param_count() const { return mixture_param_count(config_.components, amortized_ != nullptr); }

std::string TrainableMixture::describe() const { return describe_mixture(config_, amortized_ != nullptr); }

int TrainableMixture::default_pace(const ModelSettings& model) { return model.mixture_fit == MixtureFit::Em ? 4 : 200; }

void TrainableMixture::init(float* params, Rng& rng) const {
  gmm_to_flat(gmm_init_from_data(train_, config_.components, rng), params);
  if (amortized_) amortized_->init(params + amortized_offset(config_.components), rng);
}

void TrainableMixture::restart() {
  auto state = std::make_shared<MixtureFitState>();
  state->config = config_;
  state->amortized = amortized_;
  state->amortized_offset = amortized_offset(config_.components);
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

std::unique_ptr<StepScratch> TrainableMixture::make_step_scratch() const { return std::make_unique<MixtureScratch>(); }

ModelTerms TrainableMixture::loss_and_gradient(const float* params, float* grads, const Matrix& batch,
                                               const ElboOptions& options, Rng& rng, StepScratch& scratch) const {
  // batch: (2, B). The mixture's loss -mean log p(x); its q is the exact
  // posterior, so its ELBO equals log p(x).
  const GmmParams p = gmm_from_flat(params, config_.components);
  const Points2 x = as_points(batch);
  if (config_.fit == MixtureFit::Gradient) {
    GmmParams grad;
    gmm_log_lik_and_gradient(p, x, grad);
    grad.logits = -grad.logits;
    grad.means = -grad.means;
    grad.chol = -grad.chol;
    gmm_to_flat(grad, grads);
  } else {
    // EM moves the mixture; a zero gradient keeps Adam's moments zero, so its step leaves it where it is.
    std::fill(grads, grads + size_t(config_.components) * kGmmValuesPerComponent, 0.0f);
  }
  ModelTerms terms = as_model_terms(gmm_bound(p, x, em_e_step(p, x)));
  if (amortized_) {
    // The mixture's latent is categorical: a Gaussian-only choice (the pathwise one) means enumeration.
    ElboOptions q_options = options;
    q_options.estimator = estimator_for(LatentType::Categorical, options.estimator);
    const size_t offset = amortized_offset(config_.components);
    const AmortizedQTerms q_terms = amortized_->loss_and_gradient(
        params + offset, grads + offset, p, x, q_options, rng, static_cast<MixtureScratch&>(scratch).amortized);
    terms.amortized_kl = terms.log_lik - q_terms.elbo();
  }
  return terms;
}

ModelTerms TrainableMixture::evaluate(const float* params, const Dataset& test, size_t n, const ElboOptions&,
                                      Rng&) const {
  // Held-out points have no q of EM's: the exact posterior, so the ELBO equals log p(x).
  const GmmParams p = gmm_from_flat(params, config_.components);
  const Points2 x = first_points(test, n);
  ModelTerms terms = as_model_terms(gmm_bound(p, x, em_e_step(p, x)));
  if (amortized_)
    terms.amortized_kl = gmm_bound(p, x, amortized_->q(params + amortized_offset(config_.components), x)).gap();
  return terms;
}

VarianceProbeResult TrainableMixture::probe_variance(const float*, const Matrix&, const VarianceProbeOptions&,
                                                     Rng&) const {
  return {};  // no encoder, no estimator to probe
}

void TrainableMixture::write_architecture(nlohmann::json& architecture) const {
  architecture["mixture"] = config_to_json(config_);
  if (amortized_) architecture[kAmortizedKey] = {{"hidden", kAmortizedQHidden}};
}

void TrainableMixture::check_architecture(const nlohmann::json& architecture) const {
  const GmmConfig saved = config_from_json<GmmConfig>(architecture, "mixture");
  const bool saved_q = saved_amortized_q(architecture);
  if (saved.components != config_.components || saved_q != (amortized_ != nullptr))
    throw std::invalid_argument("checkpoint holds " + describe_mixture(saved, saved_q) + ", this model is " + describe());
}

}  // namespace latent
