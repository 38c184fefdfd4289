// ModelTerms' weighted sum, finiteness and curve point.
#include "core/train/model_terms.hpp"

#include <cmath>

namespace latent {

void ModelTerms::add(const ModelTerms& part, double weight) {
  bound.reconstruction += weight * part.bound.reconstruction;
  bound.kl += weight * part.bound.kl;
  mdn_nll += weight * part.mdn_nll;
  regressor_mse += weight * part.regressor_mse;
  log_lik += weight * part.log_lik;
  perplexity += weight * part.perplexity;  // threads' parts of a batch: their weighted mean, near the whole batch's
  dead_codes += weight * part.dead_codes;
  amortized_kl += weight * part.amortized_kl;
}

bool ModelTerms::finite() const {
  return std::isfinite(bound.reconstruction) && std::isfinite(bound.kl) && std::isfinite(mdn_nll) &&
         std::isfinite(regressor_mse) && std::isfinite(log_lik) && std::isfinite(amortized_kl);
}

MetricPoint ModelTerms::metric_point(int64_t step, double epoch, EncoderGradient estimator) const {
  MetricPoint p{step, float(epoch), float(bound.elbo()), float(bound.reconstruction), float(bound.kl),
                uint8_t(estimator)};
  p.mdn_log_lik = float(-mdn_nll);
  p.regressor_mse = float(regressor_mse);
  p.log_lik = float(log_lik);
  p.perplexity = float(perplexity);
  p.dead_codes = float(dead_codes);
  return p;
}

}  // namespace latent
