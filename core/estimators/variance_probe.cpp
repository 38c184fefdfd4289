// Moments of encoder-gradient estimates, accumulated in double.
#include "core/estimators/variance_probe.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>

#include "core/estimators/categorical_gradients.hpp"

namespace latent {

namespace {

// Writes one estimate of the model's whole gradient into `grads` with these options.
using GradientDraw = std::function<void(const ElboOptions& options, float* grads)>;

// The probe for any model whose encoder's blocks come first in its flat
// buffer: `encoder` its network, `param_count` the whole model's size, `type`
// its latent's, which says which estimators apply and what the reference is.
VarianceProbeResult probe(const Mlp& encoder, size_t param_count, int batch, LatentType type, const GradientDraw& draw,
                          const VarianceProbeOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  // Rows [0, L) are mu's (Gaussian), or group 0's logits (categorical).
  const ParamBlock& mean_bias = encoder.bias_block(encoder.layer_count() - 1);
  const size_t n = mean_bias.offset + mean_bias.size();  // the encoder's parameters come first
  VarianceProbeResult result;
  result.draws = options.draws;
  result.batch = batch;
  result.samples = std::max(2, options.samples);
  result.coordinate = options.coordinate == VarianceProbeOptions::kMeanBias ? mean_bias.offset
                                                                            : std::min(options.coordinate, n - 1);

  FloatBuffer grads(param_count);
  ElboOptions elbo;
  elbo.samples = result.samples;
  elbo.baseline = options.baseline;
  elbo.temperature = options.temperature;

  // Reference: the exact gradient by enumeration, or else the mean of many
  // pathwise draws (unbiased, lowest variance).
  result.exact_reference = type == LatentType::Categorical;
  elbo.estimator = default_estimator(type);
  const int reference_draws = result.exact_reference ? 1 : std::max(1, options.reference_draws);
  Eigen::VectorXd reference = Eigen::VectorXd::Zero(Eigen::Index(n));
  for (int d = 0; d < reference_draws; ++d) {
    draw(elbo, grads.data());
    reference += ConstVectorMap(grads.data(), Eigen::Index(n)).cast<double>();
  }
  reference /= double(reference_draws);
  result.reference_norm = reference.norm();

  Eigen::VectorXd sum(n), sum_sq(n);
  for (const EncoderGradient estimator : estimators_for(type)) {
    EstimatorVariance v;
    v.estimator = estimator;
    elbo.estimator = v.estimator;
    sum.setZero();
    sum_sq.setZero();
    for (int d = 0; d < options.draws; ++d) {
      draw(elbo, grads.data());
      const Eigen::VectorXd g = ConstVectorMap(grads.data(), Eigen::Index(n)).cast<double>();
      sum += g;
      sum_sq += g.cwiseAbs2();
      v.coordinate_draws.push_back(grads[result.coordinate]);
    }
    const double k = double(options.draws);
    const Eigen::VectorXd mean = sum / k;
    // Unbiased per-coordinate variance of a single estimate.
    const Eigen::VectorXd var = ((sum_sq - k * mean.cwiseAbs2()) / std::max(1.0, k - 1)).cwiseMax(0.0);
    v.total_variance = var.sum();
    v.exact = v.total_variance <= 1e-12 * mean.squaredNorm();  // enumeration: float rounding only
    // Coordinates with no spread beyond float rounding (those only a
    // closed-form KL reaches, or every one of an exact estimator) have no
    // ratio to count: a float gradient summed over a minibatch is off by
    // ~1e-5 of itself, which would read as an SNR of 10^5 and swamp the mean.
    // So a spread under 0.1% of the mean counts as none.
    double snr = 0.0;
    int counted = 0;
    for (Eigen::Index j = 0; j < mean.size() && !v.exact; ++j)
      if (var(j) > 1e-6 * mean(j) * mean(j) && var(j) > 0.0) {
        snr += std::abs(mean(j)) / std::sqrt(var(j));
        ++counted;
      }
    v.mean_snr = counted ? snr / counted : 0.0;
    const double ref_norm = reference.norm();
    v.cosine_to_reference = ref_norm > 0 && mean.norm() > 0 ? mean.dot(reference) / (mean.norm() * ref_norm) : 0.0;
    v.bias = (mean - reference).norm();
    v.bias_noise = std::sqrt(v.total_variance / k);
    v.relative_error = ref_norm > 0 ? v.bias / ref_norm : 0.0;
    result.estimators.push_back(std::move(v));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace

VarianceProbeResult probe_encoder_gradient_variance(const Vae& vae, const float* params, const Matrix& x,
                                                    const VarianceProbeOptions& options, Rng& rng) {
  Vae::Workspace ws;
  return probe(vae.encoder(), vae.param_count(), int(x.cols()), LatentType::Gaussian,
               [&](const ElboOptions& o, float* grads) { vae.loss_and_gradient(params, grads, x, o, rng, ws); },
               options);
}

VarianceProbeResult probe_encoder_gradient_variance(const ConditionalVae& cvae, const float* params, const Matrix& x,
                                                    const Matrix& y, const VarianceProbeOptions& options, Rng& rng) {
  ConditionalVae::Workspace ws;
  return probe(cvae.encoder(), cvae.param_count(), int(x.cols()), LatentType::Gaussian,
               [&](const ElboOptions& o, float* grads) { cvae.loss_and_gradient(params, grads, x, y, o, rng, ws); },
               options);
}

VarianceProbeResult probe_encoder_gradient_variance(const CategoricalVae& vae, const float* params, const Matrix& x,
                                                    const VarianceProbeOptions& options, Rng& rng) {
  CategoricalGradientWorkspace ws;
  return probe(vae.encoder(), vae.param_count(), int(x.cols()), LatentType::Categorical,
               [&](const ElboOptions& o, float* grads) { categorical_loss_and_gradient(vae, params, grads, x, o, rng, ws); },
               options);
}

const EstimatorVariance* VarianceProbeResult::find(EncoderGradient estimator) const {
  for (const EstimatorVariance& v : estimators)
    if (v.estimator == estimator) return &v;
  return nullptr;
}

}  // namespace latent
