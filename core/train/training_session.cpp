// Minibatch order, the training step, held-out evaluation and checkpoints,
// the same for every model kind.
#include "core/train/training_session.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <thread>

#include "core/math/flush_denormals.hpp"
#include "core/train/kinds/trainable_conditional.hpp"
#include "core/train/kinds/trainable_vae.hpp"

namespace latent {

std::string TrainingSession::describe() const {
  return model_->describe() + ", " + std::to_string(params_.size()) + " parameters";
}

TrainingSession::TrainingSession(const ModelSettings& model, const TrainSettings& training,
                                 std::shared_ptr<const DataSplit> data)
    : model_settings_(model), training_(training), data_(std::move(data)) {
  if (!data_ || data_->train.size() == 0) throw std::invalid_argument("training needs a non-empty data set");
  model_ = make_trainable_model(model_settings_, data_->train);
  gradient_ = std::make_unique<ParallelGradient>(*model_);
  const size_t count = model_->param_count();
  params_.resize(count);
  grads_.assign(count, 0.0f);
  adam_.resize(count);
  reset(model_settings_.seed);
}

void TrainingSession::reset(uint64_t seed) {
  model_settings_.seed = seed;
  // Separate streams, so changing the batch size does not change the init.
  init_rng_.reseed(seed);
  order_rng_.reseed(seed ^ 0x6f72646572ull);
  noise_rng_.reseed(seed ^ 0x6e6f697365ull);
  std::fill(params_.begin(), params_.end(), 0.0f);  // padding between blocks stays zero
  model_->init(params_.data(), init_rng_);
  model_->restart();
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

void TrainingSession::set_threads(int threads) {
  gradient_->set_threads(std::clamp(threads, 1, std::max(1, int(std::thread::hardware_concurrency()))));
}

ModelTerms TrainingSession::count_closed_form_step(const ModelTerms& terms) {
  ModelTerms counted = terms;
  // The parameters beside the closed-form fit (the mixture's amortized q) take their Adam step on a batch.
  if (model_->trains_beside_closed_form()) counted.amortized_kl = gradient_step().amortized_kl;
  ++steps_;
  samples_seen_ += int64_t(data_->train.size() / 2);
  return counted;
}

ModelTerms TrainingSession::em_half_step(EmHalf half) {
  if (const std::optional<ModelTerms> terms = model_->closed_form_step(params_.data(), half))
    return count_closed_form_step(*terms);
  throw std::logic_error(std::string("this session trains ") + model_kind_noun(model_->kind()) +
                         " by gradient, which has no EM half-steps");
}

ModelTerms TrainingSession::step() {
  const FlushDenormalsScope no_denormals;
  if (const std::optional<ModelTerms> terms = model_->closed_form_step(params_.data(), std::nullopt))
    return count_closed_form_step(*terms);
  const ModelTerms terms = gradient_step();
  ++steps_;
  samples_seen_ += std::max(1, training_.batch_size);
  return terms;
}

ModelTerms TrainingSession::gradient_step() {
  const int batch = std::max(1, training_.batch_size);
  next_batch_indices(batch);
  data_->train.gather(batch_indices_.data(), batch, batch_);  // (D, B)
  // An estimator chosen for the other latent type reads as this one's
  // default; kept in the settings, so the snapshot shows what trains.
  training_.estimator = model_->usable_estimator(training_.estimator);
  ElboOptions options;
  options.samples = training_.effective_samples();
  options.beta = training_.beta;
  options.estimator = training_.estimator;
  options.baseline = baseline_;
  options.temperature = training_.temperature;
  const ModelTerms terms = gradient_->compute(params_.data(), grads_.data(), batch_, options, noise_rng_);
  if (terms.finite()) {  // a non-finite loss leaves the parameters as they were
    // The reconstruction term is the batch mean of the score function's f = log p(x|z).
    const float f = float(terms.bound.reconstruction);
    baseline_ = baseline_ready_ ? 0.9f * baseline_ + 0.1f * f : f;
    baseline_ready_ = true;
    AdamSettings adam;
    adam.learning_rate = training_.learning_rate;
    adam_.begin_step(adam);
    gradient_->adam_update(adam_, params_.data(), grads_.data());
    model_->after_update(params_.data(), gradient_->last_scratches());
  }
  return terms;
}

ModelTerms TrainingSession::evaluate_test(size_t max_examples, int samples) {
  const Dataset& test = data_->test;
  const size_t n = max_examples ? std::min(max_examples, test.size()) : test.size();
  // A fixed noise stream: the same parameters always give the same figure.
  Rng rng(0x74657374ull);
  ElboOptions options;
  options.samples = samples;
  return model_->evaluate(params_.data(), test, n, options, rng);
}

VarianceProbeResult TrainingSession::probe_variance(const VarianceProbeOptions& options) {
  const int batch = int(std::min<size_t>(16, data_->train.size()));
  std::vector<int> idx(batch);
  std::iota(idx.begin(), idx.end(), 0);
  Matrix examples;
  data_->train.gather(idx.data(), batch, examples);  // (D, 16): the same examples every time
  VarianceProbeOptions o = options;
  o.baseline = baseline_;
  o.temperature = training_.temperature;
  Rng rng(model_settings_.seed ^ uint64_t(steps_) * 0x9E3779B97F4A7C15ull);
  VarianceProbeResult r = model_->probe_variance(params_.data(), examples, o, rng);
  r.step = steps_;
  return r;
}

void TrainingSession::restore_params(const FloatBuffer& params, int64_t step) {
  if (params.size() != params_.size()) throw std::invalid_argument("parameter count does not match the model");
  params_ = params;
  model_->restart();
  steps_ = step;
  adam_.reset();
}

Checkpoint TrainingSession::to_checkpoint() const {
  Checkpoint c;
  c.model_kind = to_string(model_->kind());
  c.architecture = {{"dataset", model_settings_.dataset},
                    {"seed", model_settings_.seed},
                    {"training",
                     {{"learning_rate", training_.learning_rate},
                      {"beta", training_.beta},
                      {"batch_size", training_.batch_size},
                      {"mc_samples", training_.mc_samples}}},
                    {"samples_seen", samples_seen_}};
  if (!model_settings_.label_column.empty()) c.architecture["label_column"] = model_settings_.label_column;
  if (model_settings_.color) c.architecture["color"] = true;
  model_->write_architecture(c.architecture);
  c.step = steps_;
  c.params = params_;
  c.adam_m = adam_.first_moment();
  c.adam_v = adam_.second_moment();
  return c;
}

void TrainingSession::load_checkpoint(const Checkpoint& c) {
  const ModelKind saved = checkpoint_kind(c);
  if (saved != model_->kind())
    throw std::invalid_argument(std::string("checkpoint holds ") + model_kind_noun(saved) + ", not " +
                                model_kind_noun(model_->kind()));
  model_->check_architecture(c.architecture);
  if (c.params.size() != params_.size())
    throw std::invalid_argument("checkpoint holds " + std::to_string(c.params.size()) + " parameters, this model has " +
                                std::to_string(params_.size()) + "; the file does not match its header");
  const int64_t samples_seen = checkpoint_samples_seen(c);  // before anything changes
  params_ = c.params;
  model_->restart();
  if (c.adam_m.size() == params_.size() && c.adam_v.size() == params_.size())
    adam_.restore(c.adam_m, c.adam_v, c.step);
  else
    adam_.reset();
  samples_seen_ = samples_seen;
  steps_ = c.step;
}

const Vae& TrainingSession::vae() const {
  if (const auto* kind = dynamic_cast<const TrainableVae*>(model_.get())) return kind->vae();
  throw std::logic_error(std::string("this session trains ") + model_kind_noun(model_->kind()) + ", not a VAE");
}

const ConditionalModels& TrainingSession::conditional_models() const {
  if (const auto* kind = dynamic_cast<const TrainableConditional*>(model_.get())) return kind->models();
  throw std::logic_error(std::string("this session trains ") + model_kind_noun(model_->kind()) +
                         ", not the conditional models");
}

}  // namespace latent
