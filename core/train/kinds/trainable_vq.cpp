// The VQ-VAE kind's step, held-out terms and codebook use, z_e for the
// latent view, and checkpoint entries.
#include "core/train/kinds/trainable_vq.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/train/kinds/trainable_vae.hpp"

namespace latent {

namespace {
constexpr int kChunk = 500;          // test examples per pass: bounded scratch on any data set
constexpr int kInitExamples = 1000;  // training examples the codebook's start is drawn from

struct VqStepScratch final : StepScratch {
  VqStepScratch() { workspace.encoder.deferred = workspace.decoder.deferred = &deferred; }
  VqVae::Workspace workspace;
};

VqVaeConfig config_of(const nlohmann::json& architecture) { return config_from_json<VqVaeConfig>(architecture, "vq"); }

// The paper's bound: one-hot q, uniform prior over K entries, so KL = log K.
ModelTerms as_model_terms(const VqTerms& t, int entries) {
  ModelTerms m;
  m.bound.reconstruction = t.reconstruction;
  m.bound.kl = std::log(double(entries));
  return m;
}
}  // namespace

TrainableVq::TrainableVq(const ModelSettings& model, const Dataset& train) {
  const VaeConfig vae = model.resolve(train);
  VqVaeConfig c;
  copy_networks(vae, c);
  c.code_dim = model.latent_dim;
  c.codebook = model.codebook;
  c.codebook_update = model.codebook_update;
  c.check();
  vq_ = std::make_shared<const VqVae>(c);
  // Spread over the set (its order may be by class): every stride-th example.
  const int n = int(std::min<size_t>(kInitExamples, train.size()));
  std::vector<int> idx(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) idx[size_t(i)] = int(size_t(i) * train.size() / size_t(n));
  train.gather(idx.data(), n, init_examples_);
}

void TrainableVq::read_architecture(const nlohmann::json& architecture, ModelSettings& model) {
  const VqVaeConfig c = config_of(architecture);
  model.latent_dim = c.code_dim;
  model.codebook = c.codebook;
  model.codebook_update = c.codebook_update;
  model.set_networks(c);
}

size_t TrainableVq::saved_param_count(const nlohmann::json& architecture) {
  return VqVae(config_of(architecture)).param_count();  // a layout: nothing allocated
}

int TrainableVq::default_pace(const ModelSettings& model) { return TrainableVae::default_pace(model); }

std::unique_ptr<StepScratch> TrainableVq::make_step_scratch() const { return std::make_unique<VqStepScratch>(); }

void TrainableVq::after_update(float* params, const std::vector<const StepScratch*>& parts) const {
  std::vector<const VqVae::Workspace*> workspaces;
  for (const StepScratch* part : parts) workspaces.push_back(&dynamic_cast<const VqStepScratch&>(*part).workspace);
  vq_->update_codebook(params, workspaces);
}

ModelTerms TrainableVq::loss_and_gradient(const float* params, float* grads, const Matrix& batch, const ElboOptions&,
                                          Rng&, StepScratch& scratch) const {
  VqVae::Workspace& ws = dynamic_cast<VqStepScratch&>(scratch).workspace;
  ModelTerms t = as_model_terms(vq_->loss_and_gradient(params, grads, batch, ws), vq_->config().codebook);
  CodebookUsage usage(vq_->config().codebook);
  usage.add(ws.codes);
  t.perplexity = usage.perplexity();
  t.dead_codes = usage.dead();
  return t;
}

ModelTerms TrainableVq::evaluate(const float* params, const Dataset& test, size_t n, const ElboOptions&,
                                 Rng&) const {
  CodebookUsage usage(vq_->config().codebook);
  double reconstruction = 0.0;
  std::vector<int> idx;
  Matrix x;
  VqVae::Workspace ws;
  for (size_t start = 0; start < n; start += kChunk) {
    const int count = int(std::min<size_t>(kChunk, n - start));
    idx.resize(size_t(count));
    std::iota(idx.begin(), idx.end(), int(start));
    test.gather(idx.data(), count, x);
    reconstruction += vq_->evaluate(params, x, ws).reconstruction * count;
    usage.add(ws.codes);
  }
  VqTerms terms;
  terms.reconstruction = reconstruction / double(std::max<size_t>(n, 1));
  ModelTerms t = as_model_terms(terms, vq_->config().codebook);
  t.perplexity = usage.perplexity();
  t.dead_codes = usage.dead();
  return t;
}

std::shared_ptr<LatentCodes> TrainableVq::latent_codes(const float* params, const Dataset& test,
                                                       const std::vector<int>& indices) const {
  auto codes = std::make_shared<LatentCodes>();
  codes->test_indices = indices;
  const int n = int(indices.size());
  codes->mu.resize(vq_->config().code_dim, n);
  Matrix x;
  VqVae::Workspace ws;
  for (int start = 0; start < n; start += kChunk) {
    const int count = std::min(kChunk, n - start);
    test.gather(indices.data() + start, count, x);
    codes->mu.middleCols(start, count) = vq_->encode(params, x, ws);
  }
  return codes;
}

void TrainableVq::write_architecture(nlohmann::json& architecture) const {
  architecture["vq"] = config_to_json(vq_->config());
}

void TrainableVq::check_architecture(const nlohmann::json& architecture) const {
  check_saved_config(architecture, "vq", vq_->config(), describe());
}

}  // namespace latent
