// Moments of encoder-gradient estimates, accumulated in double.
#include "core/estimators/variance_probe.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace latent {

VarianceProbeResult probe_encoder_gradient_variance(const Vae& vae, const float* params, const Matrix& x,
                                                    const VarianceProbeOptions& options, Rng& rng) {
  const auto t0 = std::chrono::steady_clock::now();
  // The encoder's blocks come first in the flat buffer.
  const size_t n = vae.decoder().weight_block(0).offset;
  VarianceProbeResult result;
  result.draws = options.draws;
  result.batch = int(x.cols());
  result.samples = std::max(2, options.samples);
  const Mlp& encoder = vae.encoder();
  result.coordinate = options.coordinate == VarianceProbeOptions::kMeanBias
                          ? encoder.bias_block(encoder.layer_count() - 1).offset
                          : std::min(options.coordinate, n - 1);

  FloatBuffer grads(vae.param_count());
  Vae::Workspace ws;
  ElboOptions elbo;
  elbo.samples = result.samples;
  elbo.baseline = options.baseline;

  // Reference: the mean of many pathwise draws (unbiased, lowest variance).
  Eigen::VectorXd reference = Eigen::VectorXd::Zero(Eigen::Index(n));
  for (int d = 0; d < options.reference_draws; ++d) {
    vae.loss_and_gradient(params, grads.data(), x, elbo, rng, ws);
    reference += ConstVectorMap(grads.data(), Eigen::Index(n)).cast<double>();
  }
  reference /= double(std::max(1, options.reference_draws));

  Eigen::VectorXd sum(n), sum_sq(n);
  for (int e = 0; e < kEncoderGradientCount; ++e) {
    EstimatorVariance v;
    v.estimator = EncoderGradient(e);
    elbo.estimator = v.estimator;
    sum.setZero();
    sum_sq.setZero();
    for (int d = 0; d < options.draws; ++d) {
      vae.loss_and_gradient(params, grads.data(), x, elbo, rng, ws);
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
    double snr = 0.0;
    int counted = 0;
    for (Eigen::Index j = 0; j < mean.size(); ++j)
      if (var(j) > 0.0) {
        snr += std::abs(mean(j)) / std::sqrt(var(j));
        ++counted;
      }
    v.mean_snr = counted ? snr / counted : 0.0;
    const double ref_norm = reference.norm();
    v.cosine_to_reference = ref_norm > 0 && mean.norm() > 0 ? mean.dot(reference) / (mean.norm() * ref_norm) : 0.0;
    v.relative_error = ref_norm > 0 ? (mean - reference).norm() / ref_norm : 0.0;
    result.estimators.push_back(std::move(v));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace latent
