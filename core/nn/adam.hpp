// Adam (Kingma & Ba 2015) over the whole flat parameter buffer in one fused
// pass: with a million parameters the optimizer is memory-bound, so every
// parameter is read and written once per step.
#pragma once
#include <cstdint>

#include "core/nn/tensor.hpp"

namespace latent {

struct AdamSettings {
  float learning_rate = 1e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float epsilon = 1e-8f;
};

class Adam {
 public:
  explicit Adam(size_t param_count = 0) { resize(param_count); }
  void resize(size_t param_count);  // also resets the moments and step count
  void reset() { resize(m_.size()); }

  // params -= lr * m_hat / (sqrt(v_hat) + eps), with bias-corrected moments.
  void step(float* params, const float* grads, const AdamSettings& settings);

  int64_t steps() const { return t_; }
  const FloatBuffer& first_moment() const { return m_; }
  const FloatBuffer& second_moment() const { return v_; }
  void restore(FloatBuffer m, FloatBuffer v, int64_t steps);

 private:
  FloatBuffer m_, v_;
  int64_t t_ = 0;
};

}  // namespace latent
