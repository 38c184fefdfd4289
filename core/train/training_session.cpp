// Minibatch order, the training step and held-out evaluation.
#include "core/train/training_session.hpp"

#include "core/math/flush_denormals.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace latent {

ModelSettings model_settings_from_checkpoint(const Checkpoint& c, uint64_t seed) {
  ModelSettings m;
  m.dataset = c.architecture.value("dataset", std::string("sprites"));
  m.seed = c.architecture.value("seed", seed);
  if (c.model_kind == "mdn") {
    m.model = "mdn";
    m.components = config_from_json<MdnConfig>(c.architecture.at("mdn")).components;
    if (!c.architecture.contains("cvae"))
      throw std::invalid_argument("checkpoint holds an MDN without its conditional VAE (saved by an older Latent Lab); "
                                  "retrain it with `latentlab train --model mdn`");
    const CvaeConfig cvae = config_from_json<CvaeConfig>(c.architecture.at("cvae"));
    m.latent_dim = cvae.latent_dim;
    m.cvae_prior = cvae.prior;
    return m;
  }
  if (c.model_kind != "vae") throw std::invalid_argument("checkpoint holds an unknown '" + c.model_kind + "' model");
  m.set_architecture(config_from_json<VaeConfig>(c.architecture.at("vae")));
  return m;
}

namespace {
void gather_all(const Dataset& d, Matrix& out) {
  std::vector<int> all(d.size());
  std::iota(all.begin(), all.end(), 0);
  d.gather(all.data(), int(all.size()), out);
}
}  // namespace

MetricPoint StepResult::metric_point(int64_t step, double epoch, EncoderGradient estimator) const {
  const ElboTerms& t = conditional_run ? conditional.cvae : terms;
  MetricPoint p{step, float(epoch), float(t.elbo()), float(t.reconstruction), float(t.kl), uint8_t(estimator)};
  if (conditional_run) {
    p.mdn_log_lik = float(-conditional.mdn_nll);
    p.regressor_mse = float(conditional.regressor_mse);
  }
  return p;
}

MetricPoint EvaluationResult::metric_point(int64_t step, double epoch) const {
  StepResult r;
  r.terms = terms;
  r.conditional = conditional;
  r.conditional_run = conditional_run;
  return r.metric_point(step, epoch, EncoderGradient::Reparameterization);
}

std::string TrainingSession::describe() const {
  const std::string arch = mdn_ ? "MDN " + mdn_->mdn().config().describe() +
                                      " beside a least-squares regressor and a conditional VAE " +
                                      mdn_->cvae().config().describe()
                                : vae_->config().describe();
  return arch + ", " + std::to_string(params_.size()) + " parameters";
}

TrainingSession::TrainingSession(const ModelSettings& model, const TrainSettings& training,
                                 std::shared_ptr<const DataSplit> data)
    : model_(model), training_(training), data_(std::move(data)) {
  if (!data_ || data_->train.size() == 0) throw std::invalid_argument("training needs a non-empty data set");
  size_t count = 0;
  if (model_.is_mdn()) {
    // Every conditional-density set (built-in or CSV) has one input and one output.
    if (data_->train.is_image() || data_->train.dim < 2)
      throw std::invalid_argument("an MDN needs (x, y) data: use bishop, bishop-inverse, sinusoid, sinusoid-inverse "
                                  "or csv:<file>, not " + model_.dataset);
    regression_shape_ = {data_->train.dim - 1, 1};
    gather_all(data_->train, batch_);
    split_inputs_targets(batch_, regression_shape_, batch_x_, batch_y_);
    MdnConfig mdn;
    mdn.input_dim = regression_shape_.input_dim;
    mdn.output_dim = regression_shape_.output_dim;
    mdn.components = model_.resolve_components();
    RegressorConfig regressor;
    regressor.input_dim = mdn.input_dim;
    regressor.output_dim = mdn.output_dim;
    CvaeConfig cvae;
    cvae.input_dim = mdn.input_dim;
    cvae.output_dim = mdn.output_dim;
    cvae.latent_dim = model_.latent_dim;
    cvae.prior = model_.cvae_prior;
    mdn_ = std::make_shared<const ConditionalModels>(mdn, regressor, cvae, batch_x_, batch_y_);
    count = mdn_->param_count();
  } else {
    vae_ = std::make_shared<const Vae>(model_.resolve(data_->train));
    count = vae_->param_count();
  }
  params_.resize(count);
  grads_.assign(count, 0.0f);
  adam_.resize(count);
  reset(model_.seed);
}

void TrainingSession::reset(uint64_t seed) {
  model_.seed = seed;
  // Separate streams, so changing the batch size does not change the init.
  init_rng_.reseed(seed);
  order_rng_.reseed(seed ^ 0x6f72646572ull);
  noise_rng_.reseed(seed ^ 0x6e6f697365ull);
  std::fill(params_.begin(), params_.end(), 0.0f);  // padding between blocks stays zero
  if (mdn_) {
    gather_all(data_->train, batch_);
    split_inputs_targets(batch_, regression_shape_, batch_x_, batch_y_);
    mdn_->init(params_.data(), init_rng_, batch_y_);
  } else {
    vae_->init(params_.data(), init_rng_);
  }
  adam_.reset();
  order_.clear();
  order_pos_ = 0;
  steps_ = 0;
  samples_seen_ = 0;
  baseline_ = 0.0f;
  baseline_ready_ = false;
}

void TrainingSession::next_batch_indices(int count) {
  batch_indices_.clear();
  const int n = int(data_->train.size());
  while (int(batch_indices_.size()) < count) {
    if (order_pos_ >= order_.size()) {
      // A new epoch: Fisher-Yates shuffle with our own RNG (portable).
      order_.resize(n);
      std::iota(order_.begin(), order_.end(), 0);
      for (int i = n - 1; i > 0; --i) std::swap(order_[i], order_[order_rng_.below(uint64_t(i) + 1)]);
      order_pos_ = 0;
    }
    batch_indices_.push_back(order_[order_pos_++]);
  }
}

StepResult TrainingSession::step() {
  const FlushDenormalsScope no_denormals;
  const int batch = std::max(1, training_.batch_size);
  next_batch_indices(batch);
  data_->train.gather(batch_indices_.data(), batch, batch_);  // (D, B)
  StepResult result;
  ElboOptions options;
  options.samples = training_.effective_samples();
  options.beta = training_.beta;
  options.estimator = training_.estimator;
  options.baseline = baseline_;
  const ElboTerms* latent_terms = &result.terms;  // the model whose encoder the estimator drives
  if (mdn_) {
    split_inputs_targets(batch_, regression_shape_, batch_x_, batch_y_);
    result.conditional_run = true;
    result.conditional = mdn_->loss_and_gradient(params_.data(), grads_.data(), batch_x_, batch_y_, options,
                                                 noise_rng_, mdn_workspace_);
    latent_terms = &result.conditional.cvae;
    result.finite = std::isfinite(result.conditional.mdn_nll) && std::isfinite(result.conditional.regressor_mse);
  } else {
    result.terms = vae_->loss_and_gradient(params_.data(), grads_.data(), batch_, options, noise_rng_, workspace_);
  }
  result.finite = result.finite && std::isfinite(latent_terms->reconstruction) && std::isfinite(latent_terms->kl);
  if (result.finite) {  // a non-finite loss leaves the parameters as they were
    // The reconstruction term is the batch mean of the score function's f = log p(x|z).
    const float f = float(latent_terms->reconstruction);
    baseline_ = baseline_ready_ ? 0.9f * baseline_ + 0.1f * f : f;
    baseline_ready_ = true;
    AdamSettings adam;
    adam.learning_rate = training_.learning_rate;
    adam_.step(params_.data(), grads_.data(), adam);
  }
  ++steps_;
  samples_seen_ += batch;
  return result;
}

EvaluationResult TrainingSession::evaluate_test(size_t max_examples, int samples) {
  const Dataset& test = data_->test;
  const size_t n = max_examples ? std::min(max_examples, test.size()) : test.size();
  EvaluationResult result;
  // A fixed noise stream: the same parameters always give the same figure.
  Rng rng(0x74657374ull);
  ElboOptions options;
  options.samples = samples;
  if (mdn_) {
    std::vector<int> all(n);
    std::iota(all.begin(), all.end(), 0);
    Matrix batch, x, y;
    test.gather(all.data(), int(n), batch);
    split_inputs_targets(batch, regression_shape_, x, y);
    ConditionalModels::Workspace ws;
    result.conditional_run = true;
    result.conditional = mdn_->evaluate(params_.data(), x, y, options, rng, ws);
    return result;
  }
  ElboTerms total;
  std::vector<int> idx;
  Matrix x;
  Vae::Workspace ws;
  for (size_t start = 0; start < n; start += 500) {
    const int count = int(std::min<size_t>(500, n - start));
    idx.resize(count);
    std::iota(idx.begin(), idx.end(), int(start));
    test.gather(idx.data(), count, x);
    const ElboTerms t = vae_->evaluate(params_.data(), x, options, rng, ws);
    total.reconstruction += t.reconstruction * count;
    total.kl += t.kl * count;
  }
  total.reconstruction /= double(n);
  total.kl /= double(n);
  result.terms = total;
  return result;
}

VarianceProbeResult TrainingSession::probe_variance(const VarianceProbeOptions& options) {
  const int batch = int(std::min<size_t>(16, data_->train.size()));
  std::vector<int> idx(batch);
  std::iota(idx.begin(), idx.end(), 0);
  Matrix examples;
  data_->train.gather(idx.data(), batch, examples);  // (D, 16): the same examples every time
  VarianceProbeOptions o = options;
  o.baseline = baseline_;
  Rng rng(model_.seed ^ uint64_t(steps_) * 0x9E3779B97F4A7C15ull);
  VarianceProbeResult r;
  if (mdn_) {  // the conditional VAE's encoder q(z|x,y)
    Matrix x, y;
    split_inputs_targets(examples, regression_shape_, x, y);
    r = probe_encoder_gradient_variance(mdn_->cvae(), mdn_->cvae_params(params_.data()), x, y, o, rng);
  } else {
    r = probe_encoder_gradient_variance(*vae_, params_.data(), examples, o, rng);
  }
  r.step = steps_;
  return r;
}

void TrainingSession::restore_params(const FloatBuffer& params) {
  if (params.size() != params_.size()) throw std::invalid_argument("parameter count does not match the model");
  params_ = params;
  adam_.reset();
}

Checkpoint TrainingSession::to_checkpoint() const {
  Checkpoint c;
  c.model_kind = mdn_ ? "mdn" : "vae";
  c.architecture = {{"dataset", model_.dataset},
                    {"seed", model_.seed},
                    {"training",
                     {{"learning_rate", training_.learning_rate},
                      {"beta", training_.beta},
                      {"batch_size", training_.batch_size},
                      {"mc_samples", training_.mc_samples}}},
                    {"samples_seen", samples_seen_}};
  if (mdn_) {
    c.architecture["mdn"] = config_to_json(mdn_->mdn().config());
    c.architecture["regressor"] = config_to_json(mdn_->regressor().config());
    c.architecture["cvae"] = config_to_json(mdn_->cvae().config());
  } else {
    c.architecture["vae"] = config_to_json(vae_->config());
  }
  c.step = steps_;
  c.params = params_;
  c.adam_m = adam_.first_moment();
  c.adam_v = adam_.second_moment();
  return c;
}

void TrainingSession::load_checkpoint(const Checkpoint& c) {
  if (c.model_kind != (mdn_ ? "mdn" : "vae"))
    throw std::invalid_argument("checkpoint holds a '" + c.model_kind + "' model, not " + (mdn_ ? "an MDN" : "a VAE"));
  if (mdn_) {
    const MdnConfig saved = config_from_json<MdnConfig>(c.architecture.at("mdn"));
    const nlohmann::json saved_cvae = c.architecture.value("cvae", nlohmann::json());
    if (config_to_json(saved) != config_to_json(mdn_->mdn().config()) ||
        saved_cvae != config_to_json(mdn_->cvae().config()) ||
        c.params.size() != params_.size())
      throw std::invalid_argument("checkpoint architecture (" + saved.describe() + ") does not match this model (" +
                                  mdn_->mdn().config().describe() + ", conditional VAE " +
                                  mdn_->cvae().config().describe() + ")");
  } else {
    const VaeConfig saved = config_from_json<VaeConfig>(c.architecture.at("vae"));
    if (config_to_json(saved) != config_to_json(vae_->config()) || c.params.size() != params_.size())
      throw std::invalid_argument("checkpoint architecture (" + saved.describe() + ") does not match this model (" +
                                  vae_->config().describe() + ")");
  }
  params_ = c.params;
  if (c.adam_m.size() == params_.size() && c.adam_v.size() == params_.size())
    adam_.restore(c.adam_m, c.adam_v, c.step);
  else
    adam_.reset();
  steps_ = c.step;
  samples_seen_ = c.architecture.value("samples_seen", int64_t(0));
}

}  // namespace latent
