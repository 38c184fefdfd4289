// Adam (Kingma & Ba 2015) over the whole flat parameter buffer in one fused
// pass: with a million parameters the optimizer is memory-bound, so every
// parameter is read and written once per step.
#pragma once
#include <cstdint>

#include "core/nn/rank_one_gradients.hpp"
#include "core/nn/tensor.hpp"

namespace latent {

struct AdamSettings {
  float learning_rate = 1e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float epsilon = 1e-8f;
};

// One step's coefficients (Adam::begin_step): the bias corrections folded
// into the step size and epsilon.
struct AdamCoefficients {
  float step_size = 0.0f, eps_hat = 0.0f, b1 = 0.0f, b2 = 0.0f;
};

class Adam {
 public:
  explicit Adam(size_t param_count = 0) { resize(param_count); }
  void resize(size_t param_count);  // also resets the moments and step count
  void reset() { resize(m_.size()); }

  // params -= lr * m_hat / (sqrt(v_hat) + eps), with bias-corrected moments.
  void step(float* params, const float* grads, const AdamSettings& settings);

  // The same step in pieces, for threads: begin_step once, then update on
  // disjoint ranges covering the buffer, concurrently if need be. A range
  // that starts at a multiple of kUpdateAlignment gives every element the
  // same arithmetic as step(), so the result does not depend on the split.
  static constexpr size_t kUpdateAlignment = 16;
  void begin_step(const AdamSettings& settings);
  void update(float* params, const float* grads, size_t begin, size_t count);
  // The same with the blocks in `deferred` taken from their factors instead
  // of grads: bit for bit the step on the dense gradient they stand for.
  void update(float* params, const float* grads, const RankOneGradients& deferred, size_t begin, size_t count);

  int64_t steps() const { return t_; }
  const FloatBuffer& first_moment() const { return m_; }
  const FloatBuffer& second_moment() const { return v_; }
  void restore(FloatBuffer m, FloatBuffer v, int64_t steps);

 private:
  FloatBuffer m_, v_;
  int64_t t_ = 0;
  AdamCoefficients coefficients_;  // this step's
};

}  // namespace latent
