// The categorical kind's training step, held-out bound (exact by
// enumeration where affordable), probe, latent probabilities and checkpoint
// entries.
#include "core/train/kinds/trainable_categorical.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "core/estimators/categorical_gradients.hpp"
#include "core/models/categorical_enumeration.hpp"
#include "core/train/kinds/trainable_vae.hpp"

namespace latent {

namespace {
constexpr int kChunk = 250;  // test examples per pass: bounded scratch on any data set

struct CategoricalStepScratch final : StepScratch {
  CategoricalStepScratch() { workspace.model.encoder.deferred = workspace.model.decoder.deferred = &deferred; }
  CategoricalGradientWorkspace workspace;
};

CategoricalVaeConfig config_of(const nlohmann::json& architecture) {
  return config_from_json<CategoricalVaeConfig>(architecture, "categorical");
}

// The test examples [start, start + count) as columns (Din, count).
void gather_range(const Dataset& test, size_t start, int count, std::vector<int>& idx, Matrix& x) {
  idx.resize(size_t(count));
  std::iota(idx.begin(), idx.end(), int(start));
  test.gather(idx.data(), count, x);
}
}  // namespace

TrainableCategorical::TrainableCategorical(const ModelSettings& model, const Dataset& train) {
  CategoricalVaeConfig config = CategoricalVaeConfig::like(model.resolve(train), model.groups, model.categories);
  config.check();
  vae_ = std::make_shared<const CategoricalVae>(config);
}

void TrainableCategorical::read_architecture(const nlohmann::json& architecture, ModelSettings& model) {
  const CategoricalVaeConfig c = config_of(architecture);
  model.groups = c.groups;
  model.categories = c.categories;
  model.set_networks(c);
}

size_t TrainableCategorical::saved_param_count(const nlohmann::json& architecture) {
  return CategoricalVae(config_of(architecture)).param_count();  // a layout: nothing allocated
}

int TrainableCategorical::default_pace(const ModelSettings& model) { return TrainableVae::default_pace(model); }

EncoderGradient TrainableCategorical::usable_estimator(EncoderGradient wanted) const {
  const EncoderGradient e = estimator_for(LatentType::Categorical, wanted);
  // Beyond K^D codes no exact sum: the lowest-variance unbiased estimator instead.
  return e == EncoderGradient::Enumerate && !enumerable() ? EncoderGradient::ScoreFunctionLeaveOneOut : e;
}

std::unique_ptr<StepScratch> TrainableCategorical::make_step_scratch() const {
  return std::make_unique<CategoricalStepScratch>();
}

ModelTerms TrainableCategorical::loss_and_gradient(const float* params, float* grads, const Matrix& batch,
                                                   const ElboOptions& options, Rng& rng, StepScratch& scratch) const {
  CategoricalGradientWorkspace& ws = dynamic_cast<CategoricalStepScratch&>(scratch).workspace;
  ElboOptions o = options;
  o.estimator = usable_estimator(options.estimator);
  if (o.estimator == EncoderGradient::ScoreFunctionLeaveOneOut) o.samples = std::max(2, o.samples);
  const CategoricalTerms t = categorical_loss_and_gradient(*vae_, params, grads, batch, o, rng, ws);
  ModelTerms terms;
  terms.bound.reconstruction = t.reconstruction;
  terms.bound.kl = t.kl;
  return terms;
}

ModelTerms TrainableCategorical::evaluate(const float* params, const Dataset& test, size_t n,
                                          const ElboOptions& options, Rng& rng) const {
  ModelTerms total;
  std::vector<int> idx;
  Matrix x;
  if (enumerable()) {
    for (size_t start = 0; start < n; start += kChunk) {
      const int count = int(std::min<size_t>(kChunk, n - start));
      gather_range(test, start, count, idx, x);
      const CategoricalBoundMeans m = mean_exact_bound(*vae_, params, x);
      ModelTerms part;
      part.bound.reconstruction = m.expected_log_lik;
      part.bound.kl = m.kl_prior;
      part.log_lik = m.log_marginal;
      total.add(part, double(count) / double(n));
    }
    return total;
  }
  // Too many codes to sum: the reconstruction term from sampled codes (the
  // score function's pass computes it; its gradient is not used).
  FloatBuffer unused(vae_->param_count());
  CategoricalGradientWorkspace ws;
  ElboOptions o = options;
  o.estimator = EncoderGradient::ScoreFunction;
  o.samples = std::max(1, options.samples);
  for (size_t start = 0; start < n; start += kChunk) {
    const int count = int(std::min<size_t>(kChunk, n - start));
    gather_range(test, start, count, idx, x);
    const CategoricalTerms t = categorical_loss_and_gradient(*vae_, params, unused.data(), x, o, rng, ws);
    ModelTerms part;
    part.bound.reconstruction = t.reconstruction;
    part.bound.kl = t.kl;
    total.add(part, double(count) / double(n));
  }
  return total;
}

VarianceProbeResult TrainableCategorical::probe_variance(const float* params, const Matrix& examples,
                                                         const VarianceProbeOptions& options, Rng& rng) const {
  if (!enumerable()) return {};
  // A relaxation's bias is small beside one draw's spread: 64 draws at least
  // bring the sampling noise of the mean (sqrt(variance / draws)) below it.
  VarianceProbeOptions o = options;
  o.draws = std::max(o.draws, 64);
  return probe_encoder_gradient_variance(*vae_, params, examples, o, rng);
}

std::shared_ptr<LatentCodes> TrainableCategorical::latent_codes(const float* params, const Dataset& test,
                                                                const std::vector<int>& indices) const {
  auto codes = std::make_shared<LatentCodes>();
  codes->test_indices = indices;
  const int n = int(indices.size()), D = vae_->config().groups, K = vae_->config().categories;
  codes->q.resize(D * K, n);
  Matrix x;
  CategoricalVae::Workspace ws;
  for (int start = 0; start < n; start += kChunk) {
    const int count = std::min(kChunk, n - start);
    test.gather(indices.data() + start, count, x);
    codes->q.middleCols(start, count) = group_log_softmax(vae_->encode(params, x, ws), D, K).array().exp().cast<float>().matrix();
  }
  return codes;
}

void TrainableCategorical::write_architecture(nlohmann::json& architecture) const {
  architecture["categorical"] = config_to_json(vae_->config());
}

void TrainableCategorical::check_architecture(const nlohmann::json& architecture) const {
  check_saved_config(architecture, "categorical", vae_->config(), describe());
}

}  // namespace latent
