// Tests of the neural-network core: activations, MLP backward against
// finite differences, Adam against a textbook reference.
#include <doctest/doctest.h>

#include <cmath>

#include "core/math/flush_denormals.hpp"
#include "core/nn/adam.hpp"
#include "core/nn/mlp.hpp"
#include "core/threads/step_threads.hpp"
#include "gradient_check.hpp"

using namespace latent;

namespace {

using testing::random_matrix;

// loss = sum(c .* mlp(x)) in double, so its gradient wrt the output is c.
double weighted_output(const Mlp& mlp, const FloatBuffer& params, const Matrix& x, const Matrix& c) {
  Mlp::Workspace ws;
  const Matrix& y = mlp.forward(params.data(), x, ws);
  return (y.cast<double>().array() * c.cast<double>().array()).sum();
}

}  // namespace

TEST_CASE("nn: activation derivatives match finite differences") {
  for (Activation a : {Activation::Relu, Activation::Tanh, Activation::Softplus, Activation::Identity}) {
    Matrix pre(1, 7);
    pre << -3.0f, -1.2f, -0.3f, 0.2f, 0.7f, 1.9f, 4.0f;
    Matrix y = pre;
    apply_activation(a, y);
    Matrix grad = Matrix::Ones(1, 7);
    multiply_by_derivative(a, y, grad);
    for (int i = 0; i < 7; ++i) {
      const float h = 1e-3f;
      Matrix up = pre, down = pre;
      up(0, i) += h;
      down(0, i) -= h;
      apply_activation(a, up);
      apply_activation(a, down);
      CHECK(grad(0, i) == doctest::Approx((up(0, i) - down(0, i)) / (2 * h)).epsilon(2e-3));
    }
  }
  Matrix big(1, 2);
  big << -200.0f, 200.0f;  // softplus must not overflow
  apply_activation(Activation::Softplus, big);
  CHECK(big(0, 0) == doctest::Approx(0.0).epsilon(1e-6));
  CHECK(big(0, 1) == doctest::Approx(200.0));
}

TEST_CASE("nn: MLP backward matches finite differences for every activation") {
  for (Activation a : {Activation::Tanh, Activation::Softplus, Activation::Relu}) {
    CAPTURE(to_string(a));
    ParamLayout layout;
    Mlp mlp({5, 7, 6, 3}, a, Activation::Identity, layout);
    Rng rng(42);
    FloatBuffer params(layout.size(), 0.0f), grads(layout.size(), 0.0f);
    mlp.init(params.data(), rng);
    const Matrix x = random_matrix(5, 4, rng);
    const Matrix c = random_matrix(3, 4, rng);

    Mlp::Workspace ws;
    mlp.forward(params.data(), x, ws);
    Matrix dy = c, dx;
    mlp.backward(params.data(), grads.data(), ws, dy, &dx);

    const int n = testing::check_gradient(
        params, grads, [&](const FloatBuffer& p) { return weighted_output(mlp, p, x, c); }, 1e-3, 2e-4, 1e-2,
        "MLP " + to_string(a));
    CHECK(n == int(layout.size()));

    // Input gradient.
    for (int i = 0; i < x.size(); ++i) {
      Matrix up = x, down = x;
      up.data()[i] += 1e-3f;
      down.data()[i] -= 1e-3f;
      const double fd = (weighted_output(mlp, params, up, c) - weighted_output(mlp, params, down, c)) / 2e-3;
      CHECK(dx.data()[i] == doctest::Approx(fd).epsilon(1e-2).scale(0.02));
    }
  }
}

TEST_CASE("nn: MLP without input gradient gives the same weight gradients") {
  ParamLayout layout;
  Mlp mlp({4, 8, 2}, Activation::Relu, Activation::Identity, layout);
  Rng rng(3);
  FloatBuffer params(layout.size()), g1(layout.size(), 0.0f), g2(layout.size(), 0.0f);
  mlp.init(params.data(), rng);
  const Matrix x = random_matrix(4, 6, rng), c = random_matrix(2, 6, rng);
  Mlp::Workspace ws;
  Matrix dy = c, dx;
  mlp.forward(params.data(), x, ws);
  mlp.backward(params.data(), g1.data(), ws, dy, &dx);
  dy = c;
  mlp.forward(params.data(), x, ws);
  mlp.backward(params.data(), g2.data(), ws, dy, nullptr);
  CHECK(g1 == g2);
}

TEST_CASE("nn: Adam matches the textbook update with bias correction") {
  const int n = 37;
  Rng rng(9);
  FloatBuffer params(n), grads(n);
  std::vector<double> p(n), m(n, 0.0), v(n, 0.0);
  for (int i = 0; i < n; ++i) p[i] = params[i] = float(rng.normal());
  Adam adam(n);
  AdamSettings s;
  s.learning_rate = 0.01f;
  for (int t = 1; t <= 25; ++t) {
    for (int i = 0; i < n; ++i) grads[i] = float(rng.normal() * (i % 3 + 0.1));
    adam.step(params.data(), grads.data(), s);
    for (int i = 0; i < n; ++i) {
      m[i] = 0.9 * m[i] + 0.1 * grads[i];
      v[i] = 0.999 * v[i] + 0.001 * double(grads[i]) * grads[i];
      const double m_hat = m[i] / (1.0 - std::pow(0.9, t)), v_hat = v[i] / (1.0 - std::pow(0.999, t));
      p[i] -= 0.01 * m_hat / (std::sqrt(v_hat) + 1e-8);
    }
  }
  for (int i = 0; i < n; ++i) CHECK(params[i] == doctest::Approx(p[i]).epsilon(1e-4));
  CHECK(adam.steps() == 25);
}

TEST_CASE("nn: Adam on rank-one factors equals Adam on their outer products, over any aligned ranges") {
  // Blocks of every kind the reader meets: rows a multiple of 16, rows over
  // 16 with padding after the block, rows under 16 (vectors span columns),
  // one row; a dense block between deferred ones, and one after.
  ParamLayout layout;
  const std::vector<ParamBlock> blocks = {layout.add(32, 3), layout.add(20, 3), layout.add(5, 7),
                                          layout.add(9, 1),  layout.add(1, 40), layout.add(17, 5)};
  const std::vector<bool> deferred_block = {true, true, true, false, true, true};
  const size_t n = layout.size();
  Rng rng(4);
  FloatBuffer start(n, 0.0f);
  for (const ParamBlock& b : blocks)
    for (size_t k = 0; k < b.size(); ++k) start[b.offset + k] = float(rng.normal());
  for (size_t parts : {1, 2, 3}) {
    CAPTURE(parts);
    FloatBuffer sparse = start, dense = start;
    Adam a(n), b(n);
    RankOneGradients factors;
    FloatBuffer outer(n, 0.0f);  // every block's gradient, written out
    for (int step = 0; step < 3; ++step) {
      FloatBuffer grads(n, 0.0f);  // only the dense block's
      factors.start(true);
      for (size_t i = 0; i < blocks.size(); ++i) {
        const ParamBlock& blk = blocks[i];
        std::vector<float> left(size_t(blk.rows)), right(size_t(blk.cols));
        for (float& x : left) x = float(rng.normal());
        for (float& x : right) x = float(rng.normal());
        for (int c = 0; c < blk.cols; ++c)
          for (int r = 0; r < blk.rows; ++r) outer[blk.offset + size_t(c) * blk.rows + r] = right[c] * left[r];
        if (deferred_block[i]) {
          factors.add(blk, left.data(), right.data());
        } else {
          for (size_t k = 0; k < blk.size(); ++k) grads[blk.offset + k] = outer[blk.offset + k];
        }
      }
      a.begin_step(AdamSettings{});
      for (size_t t = 0; t < parts; ++t) {  // ranges of whole 16-float blocks, as the step threads take them
        const Range r = block_share_of(n, Adam::kUpdateAlignment, int(parts), int(t));
        a.update(sparse.data(), grads.data(), factors, r.begin, r.count);
      }
      b.step(dense.data(), outer.data(), AdamSettings{});
    }
    CHECK(sparse == dense);
    CHECK(a.first_moment() == b.first_moment());
    CHECK(a.second_moment() == b.second_moment());
    FloatBuffer written(n, 0.0f);
    factors.write_into(written.data());
    for (size_t i = 0; i < blocks.size(); ++i)
      for (size_t k = blocks[i].offset; k < blocks[i].offset + blocks[i].size(); ++k)
        REQUIRE(written[k] == (deferred_block[i] ? outer[k] : 0.0f));
  }
}

TEST_CASE("nn: parameter blocks are 64-byte aligned and do not overlap") {
  ParamLayout layout;
  const ParamBlock a = layout.add(3, 5), b = layout.add(7, 1), c = layout.add(2, 2);
  for (const ParamBlock& blk : {a, b, c}) CHECK(blk.offset % 16 == 0);
  CHECK(b.offset >= a.offset + a.size());
  CHECK(c.offset >= b.offset + b.size());
  CHECK(layout.size() >= c.offset + c.size());
}

TEST_CASE("nn: denormal flushing is scoped to the object's lifetime") {
  volatile float tiny = 1e-39f;  // a denormal
  {
    const FlushDenormalsScope scope;
    volatile float product = tiny * 0.5f;
    CHECK(product == 0.0f);
  }
  volatile float product = tiny * 0.5f;
  CHECK(product > 0.0f);
}
