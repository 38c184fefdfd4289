// The fused Adam loop: AVX-512 where the CPU has it, plain C++ otherwise.
#include "core/nn/adam.hpp"

#ifdef __AVX512F__
#include <immintrin.h>
#endif

#include <algorithm>
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
  coefficients_.step_size = float(s.learning_rate * std::sqrt(c2) / c1);
  coefficients_.eps_hat = float(s.epsilon * std::sqrt(c2));
  coefficients_.b1 = s.beta1;
  coefficients_.b2 = s.beta2;
}

namespace {
// A dense gradient read in order, as RankOneGradients::Reader reads factors.
class DenseReader {
 public:
  explicit DenseReader(const float* g) : g_(g) {}
  float next() { return *g_++; }
#ifdef __AVX512F__
  __m512 next16() {
    const __m512 g = _mm512_loadu_ps(g_);
    g_ += 16;
    return g;
  }
#endif

 private:
  const float* g_;
};

// The update of n consecutive parameters, every pointer at the first of
// them, from their gradient read in order from g.
template <class Reader>
void update_span(const AdamCoefficients& c, float* __restrict params, float* __restrict m, float* __restrict v,
                 Reader g, size_t n) {
  const float step_size = c.step_size, eps_hat = c.eps_hat;
  const float b1 = c.b1, b2 = c.b2, one_minus_b1 = 1.0f - b1, one_minus_b2 = 1.0f - b2;
  size_t i = 0;
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
    const __m512 gi = g.next16();
    const __m512 mi = _mm512_fmadd_ps(vb1, _mm512_loadu_ps(m + i), _mm512_mul_ps(v1b1, gi));
    const __m512 vi = _mm512_fmadd_ps(vb2, _mm512_loadu_ps(v + i), _mm512_mul_ps(v1b2, _mm512_mul_ps(gi, gi)));
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
    const float gi = g.next();
    const float mi = b1 * m[i] + one_minus_b1 * gi;
    const float vi = b2 * v[i] + one_minus_b2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    params[i] -= step_size * mi / (std::sqrt(vi) + eps_hat);
  }
}
}  // namespace

void Adam::update(float* params, const float* grads, size_t begin, size_t count) {
  update_span(coefficients_, params + begin, m_.data() + begin, v_.data() + begin, DenseReader(grads + begin), count);
}

void Adam::update(float* params, const float* grads, const RankOneGradients& deferred, size_t begin, size_t count) {
  const size_t end = begin + count;
  size_t i = begin;
  while (i < end) {
    // The deferred block that comes next in [i, end), if any: factors
    // arrive in backward's order, not the buffer's, and there are few.
    size_t next = deferred.size(), next_begin = end;
    for (size_t f = 0; f < deferred.size(); ++f) {
      const ParamBlock& b = deferred[f].block;
      const size_t from = std::max(i, b.offset);
      if (padded_end(b) > i && from < next_begin) next = f, next_begin = from;
    }
    update(params, grads, i, next_begin - i);  // dense up to it
    i = next_begin;
    if (next == deferred.size()) break;
    // Through the block. Both ends are multiples of 16 floats, as in a dense
    // pass, so every element gets the same arithmetic.
    const size_t stop = std::min(end, padded_end(deferred[next].block));
    update_span(coefficients_, params + i, m_.data() + i, v_.data() + i, deferred.reader(next, i), stop - i);
    i = stop;
  }
}

}  // namespace latent
