// The VAE kind's training step, held-out ELBO, probe, latent codes and
// checkpoint entries.
#include "core/train/kinds/trainable_vae.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "core/data/catalog.hpp"

namespace latent {

namespace {
constexpr int kChunk = 500;  // test examples per forward pass: bounded scratch on any data set

struct VaeStepScratch final : StepScratch {
  VaeStepScratch() { workspace.encoder.deferred = workspace.decoder.deferred = &deferred; }
  Vae::Workspace workspace;
};
}  // namespace

TrainableVae::TrainableVae(const ModelSettings& model, const Dataset& train)
    : vae_(std::make_shared<const Vae>(model.resolve(train))) {}

void TrainableVae::read_architecture(const nlohmann::json& architecture, ModelSettings& model) {
  model.set_architecture(config_from_json<VaeConfig>(architecture, "vae"));
}

size_t TrainableVae::saved_param_count(const nlohmann::json& architecture) {
  return Vae(config_from_json<VaeConfig>(architecture, "vae")).param_count();  // a layout: nothing allocated
}

int TrainableVae::default_pace(const ModelSettings& model) {
  for (const DatasetInfo& info : dataset_catalog())
    if (info.name == model.dataset) return info.kind == DataKind::Points ? 1000 : 0;
  return 0;  // idx:<dir>, images
}

std::unique_ptr<StepScratch> TrainableVae::make_step_scratch() const { return std::make_unique<VaeStepScratch>(); }

ModelTerms TrainableVae::loss_and_gradient(const float* params, float* grads, const Matrix& batch,
                                           const ElboOptions& options, Rng& rng, StepScratch& scratch) const {
  Vae::Workspace& ws = dynamic_cast<VaeStepScratch&>(scratch).workspace;
  ModelTerms t;
  t.bound = vae_->loss_and_gradient(params, grads, batch, options, rng, ws);
  return t;
}

ModelTerms TrainableVae::evaluate(const float* params, const Dataset& test, size_t n, const ElboOptions& options,
                                  Rng& rng) const {
  ModelTerms total;
  std::vector<int> idx;
  Matrix x;
  Vae::Workspace ws;
  for (size_t start = 0; start < n; start += kChunk) {
    const int count = int(std::min<size_t>(kChunk, n - start));
    idx.resize(count);
    std::iota(idx.begin(), idx.end(), int(start));
    test.gather(idx.data(), count, x);
    const ElboTerms t = vae_->evaluate(params, x, options, rng, ws);
    total.bound.reconstruction += t.reconstruction * count;
    total.bound.kl += t.kl * count;
  }
  total.bound.reconstruction /= double(n);
  total.bound.kl /= double(n);
  return total;
}

VarianceProbeResult TrainableVae::probe_variance(const float* params, const Matrix& examples,
                                                 const VarianceProbeOptions& options, Rng& rng) const {
  return probe_encoder_gradient_variance(*vae_, params, examples, options, rng);
}

std::shared_ptr<LatentCodes> TrainableVae::latent_codes(const float* params, const Dataset& test,
                                                        const std::vector<int>& indices) const {
  auto codes = std::make_shared<LatentCodes>();
  codes->test_indices = indices;
  const int n = int(indices.size()), L = vae_->latent_dim();
  codes->mu.resize(L, n);
  codes->log_var.resize(L, n);
  Matrix x, mu, log_var;
  Vae::Workspace ws;
  for (int start = 0; start < n; start += kChunk) {
    const int count = std::min(kChunk, n - start);
    test.gather(indices.data() + start, count, x);
    vae_->encode(params, x, mu, log_var, ws);
    codes->mu.middleCols(start, count) = mu;
    codes->log_var.middleCols(start, count) = log_var;
  }
  return codes;
}

void TrainableVae::write_architecture(nlohmann::json& architecture) const {
  architecture["vae"] = config_to_json(vae_->config());
}

void TrainableVae::check_architecture(const nlohmann::json& architecture) const {
  check_saved_config(architecture, "vae", vae_->config(), describe());
}

}  // namespace latent
