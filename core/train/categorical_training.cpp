// The categorical VAE's Adam steps.
#include "core/train/categorical_training.hpp"

#include <cmath>

namespace latent {

CategoricalTraining::CategoricalTraining(const CategoricalVae& vae, const CategoricalTrainingSettings& settings,
                                         uint64_t seed)
    : vae_(vae),
      settings_(settings),
      params_(vae.param_count(), 0.0f),
      grads_(vae.param_count(), 0.0f),
      adam_(vae.param_count()),
      noise_(seed + 1),
      order_(seed + 2) {
  Rng init(seed);
  vae.init(params_.data(), init);
}

CategoricalTerms CategoricalTraining::step(const Matrix& x) {
  ElboOptions options = settings_.gradient;
  options.baseline = baseline_;
  const CategoricalTerms terms =
      categorical_loss_and_gradient(vae_, params_.data(), grads_.data(), x, options, noise_, workspace_);
  if (std::isfinite(terms.reconstruction) && std::isfinite(terms.kl)) {
    // The running mean of the score function's f = log p(x|z), as the Gaussian VAE's session keeps it.
    const float f = float(terms.reconstruction);
    baseline_ = baseline_ready_ ? 0.9f * baseline_ + 0.1f * f : f;
    baseline_ready_ = true;
    adam_.step(params_.data(), grads_.data(), settings_.adam);
  }
  ++steps_;
  return terms;
}

CategoricalTerms CategoricalTraining::step(const Dataset& train) {
  const int batch = std::max(1, std::min(settings_.batch_size, int(train.size())));
  order_.next(int(train.size()), batch, batch_indices_);
  train.gather(batch_indices_.data(), batch, batch_);
  return step(batch_);
}

}  // namespace latent
