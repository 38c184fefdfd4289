// Moments of each categorical estimator's encoder gradient, in double.
#include "core/estimators/categorical_probe.hpp"

#include <cmath>
#include <stdexcept>

namespace latent {

CategoricalProbeResult probe_categorical_gradients(const CategoricalVae& vae, const float* params, const Matrix& x,
                                                   const CategoricalGradientOptions& options, int draws, Rng& rng) {
  if (draws < 2) throw std::invalid_argument("the probe needs at least 2 draws per estimator");
  // The encoder's blocks come first in the layout, so its parameters are [0, the decoder's first offset).
  const Eigen::Index n = Eigen::Index(vae.decoder().weight_block(0).offset);
  FloatBuffer grads(vae.param_count(), 0.0f);
  CategoricalGradientWorkspace ws;
  CategoricalGradientOptions o = options;
  o.estimator = CategoricalGradient::Enumerate;
  categorical_loss_and_gradient(vae, params, grads.data(), x, o, rng, ws);
  const Eigen::ArrayXd exact = Eigen::Map<const Eigen::ArrayXf>(grads.data(), n).cast<double>();

  CategoricalProbeResult result;
  result.exact_norm = exact.matrix().norm();
  result.draws = draws;
  for (int e = 0; e < kCategoricalGradientCount; ++e) {
    o.estimator = CategoricalGradient(e);
    Eigen::ArrayXd sum = Eigen::ArrayXd::Zero(n), sum_sq = Eigen::ArrayXd::Zero(n);
    for (int d = 0; d < draws; ++d) {
      categorical_loss_and_gradient(vae, params, grads.data(), x, o, rng, ws);
      const Eigen::ArrayXd g = Eigen::Map<const Eigen::ArrayXf>(grads.data(), n).cast<double>();
      sum += g;
      sum_sq += g.square();
    }
    const Eigen::ArrayXd mean = sum / draws;
    const Eigen::ArrayXd var = ((sum_sq - draws * mean.square()) / (draws - 1)).max(0.0);  // unbiased
    CategoricalEstimatorProbe p;
    p.estimator = o.estimator;
    p.total_variance = var.sum();
    const double signal = mean.matrix().squaredNorm();
    // Enumeration's spread is float rounding (~1e-15 of the signal): call it exact.
    p.snr = p.total_variance > 1e-12 * signal ? std::sqrt(signal / p.total_variance) : 0.0;
    p.bias = (mean - exact).matrix().norm();
    p.bias_noise = std::sqrt(p.total_variance / draws);
    result.estimators.push_back(p);
  }
  return result;
}

}  // namespace latent
