// The fused Adam loop; written so the compiler vectorizes it.
#include "core/nn/adam.hpp"

#include <cmath>
#include <stdexcept>

namespace latent {

void Adam::resize(size_t param_count) {
  m_.assign(param_count, 0.0f);
  v_.assign(param_count, 0.0f);
  t_ = 0;
}

void Adam::restore(FloatBuffer m, FloatBuffer v, int64_t steps) {
  if (m.size() != m_.size() || v.size() != v_.size())
    throw std::invalid_argument("optimizer state does not match the model's parameter count");
  m_ = std::move(m);
  v_ = std::move(v);
  t_ = steps;
}

void Adam::step(float* __restrict params, const float* __restrict grads, const AdamSettings& s) {
  ++t_;
  // Bias corrections folded into the step size and epsilon:
  // lr * m/(1-b1^t) / (sqrt(v/(1-b2^t)) + eps) = a * m / (sqrt(v) + eps_hat).
  const double c1 = 1.0 - std::pow(double(s.beta1), double(t_));
  const double c2 = 1.0 - std::pow(double(s.beta2), double(t_));
  const float step_size = float(s.learning_rate * std::sqrt(c2) / c1);
  const float eps_hat = float(s.epsilon * std::sqrt(c2));
  const float b1 = s.beta1, b2 = s.beta2, one_minus_b1 = 1.0f - b1, one_minus_b2 = 1.0f - b2;
  float* __restrict m = m_.data();
  float* __restrict v = v_.data();
  const size_t n = m_.size();
#pragma omp simd
  for (size_t i = 0; i < n; ++i) {
    const float g = grads[i];
    const float mi = b1 * m[i] + one_minus_b1 * g;
    const float vi = b2 * v[i] + one_minus_b2 * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] -= step_size * mi / (std::sqrt(vi) + eps_hat);
  }
}

}  // namespace latent
