// The fused Adam loop: AVX-512 where the CPU has it, plain C++ otherwise.
#include "core/nn/adam.hpp"

#ifdef __AVX512F__
#include <immintrin.h>
#endif

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

void Adam::step(float* params, const float* grads, const AdamSettings& s) {
  begin_step(s);
  update(params, grads, 0, m_.size());
}

void Adam::begin_step(const AdamSettings& s) {
  ++t_;
  // Bias corrections folded into the step size and epsilon:
  // lr * m/(1-b1^t) / (sqrt(v/(1-b2^t)) + eps) = a * m / (sqrt(v) + eps_hat).
  const double c1 = 1.0 - std::pow(double(s.beta1), double(t_));
  const double c2 = 1.0 - std::pow(double(s.beta2), double(t_));
  step_size_ = float(s.learning_rate * std::sqrt(c2) / c1);
  eps_hat_ = float(s.epsilon * std::sqrt(c2));
  b1_ = s.beta1;
  b2_ = s.beta2;
}

void Adam::update(float* __restrict params, const float* __restrict grads, size_t begin, size_t count) {
  const float step_size = step_size_, eps_hat = eps_hat_;
  const float b1 = b1_, b2 = b2_, one_minus_b1 = 1.0f - b1, one_minus_b2 = 1.0f - b2;
  float* __restrict m = m_.data();
  float* __restrict v = v_.data();
  const size_t n = begin + count;
  size_t i = begin;
#ifdef __AVX512F__
  // sqrt and divide would make this loop compute-bound (about 20 cycles per
  // 16 parameters); reciprocal estimates refined by one Newton step each are
  // accurate to ~1e-7 relative and leave the loop memory-bound.
  const __m512 vb1 = _mm512_set1_ps(b1), vb2 = _mm512_set1_ps(b2);
  const __m512 v1b1 = _mm512_set1_ps(one_minus_b1), v1b2 = _mm512_set1_ps(one_minus_b2);
  const __m512 vstep = _mm512_set1_ps(step_size), veps = _mm512_set1_ps(eps_hat);
  const __m512 half = _mm512_set1_ps(0.5f), three_halves = _mm512_set1_ps(1.5f), two = _mm512_set1_ps(2.0f);
  const __m512 tiny = _mm512_set1_ps(1e-30f);  // keeps rsqrt finite at v = 0
  for (; i + 16 <= n; i += 16) {
    const __m512 g = _mm512_loadu_ps(grads + i);
    const __m512 mi = _mm512_fmadd_ps(vb1, _mm512_loadu_ps(m + i), _mm512_mul_ps(v1b1, g));
    const __m512 vi = _mm512_fmadd_ps(vb2, _mm512_loadu_ps(v + i), _mm512_mul_ps(v1b2, _mm512_mul_ps(g, g)));
    _mm512_storeu_ps(m + i, mi);
    _mm512_storeu_ps(v + i, vi);
    const __m512 vt = _mm512_add_ps(vi, tiny);
    __m512 r = _mm512_rsqrt14_ps(vt);  // 1/sqrt(v), then one Newton step
    r = _mm512_mul_ps(r, _mm512_fnmadd_ps(_mm512_mul_ps(half, vt), _mm512_mul_ps(r, r), three_halves));
    const __m512 denom = _mm512_fmadd_ps(vt, r, veps);  // sqrt(v) + eps
    __m512 inv = _mm512_rcp14_ps(denom);
    inv = _mm512_mul_ps(inv, _mm512_fnmadd_ps(denom, inv, two));
    _mm512_storeu_ps(params + i, _mm512_fnmadd_ps(_mm512_mul_ps(vstep, mi), inv, _mm512_loadu_ps(params + i)));
  }
#endif
  for (; i < n; ++i) {
    const float g = grads[i];
    const float mi = b1 * m[i] + one_minus_b1 * g;
    const float vi = b2 * v[i] + one_minus_b2 * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] -= step_size * mi / (std::sqrt(vi) + eps_hat);
  }
}

}  // namespace latent
