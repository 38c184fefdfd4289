// Tests of the VQ-VAE against numbers computed here by hand: the terms by
// direct formulas, the assignment by brute force, the straight-through and
// codebook gradients by finite differences, the perplexity of known counts,
// the moving averages' update by hand, and a short training run on the sprites.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "core/data/batch_order.hpp"
#include "core/data/sprites.hpp"
#include "core/math/log_density.hpp"
#include "core/models/vq_vae.hpp"
#include "core/nn/adam.hpp"
#include "gradient_check.hpp"

using namespace latent;

namespace {

constexpr int kDin = 6, kCodeDim = 2, kEntries = 5, kBatch = 8;

// A tiny VQ-VAE with entries spread over its encoder's outputs, and a batch.
struct TinyVq {
  VqVae vq;
  FloatBuffer params;
  Matrix x;  // (6, 8)

  static VqVaeConfig config(Likelihood likelihood) {
    VqVaeConfig c;
    c.input_dim = kDin;
    c.code_dim = kCodeDim;
    c.codebook = kEntries;
    c.encoder_hidden = {7};
    c.decoder_hidden = {5};
    c.activation = Activation::Tanh;  // smooth, for finite differences
    c.likelihood = likelihood;
    c.commitment = 0.4f;  // not the default, so a beta taken from elsewhere shows
    return c;
  }

  TinyVq(Likelihood likelihood, uint64_t seed) : vq(config(likelihood)), params(vq.param_count(), 0.0f) {
    Rng rng(seed);
    x = testing::random_matrix(kDin, kBatch, rng);
    if (likelihood == Likelihood::Bernoulli) x = (1.0f + (-x.array()).exp()).inverse().matrix();  // gray values
    vq.init(params.data(), rng, x);
    // Outputs about a unit apart, and entries off them, so distances are not zero.
    const size_t last = vq.encoder().layer_count() - 1;
    view(params.data(), vq.encoder().weight_block(last)) *= 4.0f;
    MatrixMap e = view(params.data(), vq.codebook_block());
    e = testing::random_matrix(kCodeDim, kEntries, rng, 0.8);
    if (likelihood == Likelihood::Gaussian) {
      view(params.data(), vq.log_sigma_block()) = testing::random_matrix(kDin, 1, rng, 0.3);
    }
  }

  // How much each example's nearest squared distance beats its second nearest, at the least.
  double assignment_margin() const {
    VqVae::Workspace ws;
    const Matrix z_e = vq.encode(params.data(), x, ws);
    const ConstMatrixMap e = vq.codebook(params.data());
    double margin = std::numeric_limits<double>::infinity();
    for (int b = 0; b < kBatch; ++b) {
      std::vector<double> d;
      for (int k = 0; k < kEntries; ++k) d.push_back((e.col(k) - z_e.col(b)).cast<double>().squaredNorm());
      std::sort(d.begin(), d.end());
      margin = std::min(margin, d[1] - d[0]);
    }
    return margin;
  }
};

// log p(x_b | mean) summed over dimensions, in double from the decoder's mean.
double direct_log_lik(const VqVae& vq, const float* params, const Matrix& x, int b, const Matrix& mean) {
  const Vector log_s = vq.decoder_log_sigma(params);
  double ll = 0.0;
  for (int i = 0; i < x.rows(); ++i) {
    const double xi = x(i, b), m = mean(i, 0);
    ll += vq.config().likelihood == Likelihood::Bernoulli
              ? xi * std::log(m) + (1.0 - xi) * std::log(1.0 - m)
              : -0.5 * kLog2Pi - log_s(i) - 0.5 * (xi - m) * (xi - m) * std::exp(-2.0 * double(log_s(i)));
  }
  return ll;
}

// The decoder alone at one point z (d, 1): log p(x_b | z).
double decoder_log_lik(const VqVae& vq, const float* params, const Matrix& x, int b, const Matrix& z) {
  VqVae::Workspace ws;
  Matrix mean;
  vq.decode(params, z, mean, ws);
  return direct_log_lik(vq, params, x, b, mean);
}

int brute_nearest(const Eigen::Ref<const Matrix>& e, const Eigen::VectorXd& z) {
  int best = 0;
  for (int k = 1; k < e.cols(); ++k)
    if ((e.col(k).cast<double>() - z).squaredNorm() < (e.col(best).cast<double>() - z).squaredNorm()) best = k;
  return best;
}

// Central differences of step h over params[begin, end) of loss, against analytic.
void check_range(FloatBuffer& params, const FloatBuffer& analytic, size_t begin, size_t end, double h,
                 const std::function<double(const FloatBuffer&)>& loss, const std::string& what) {
  FloatBuffer part(params.begin() + long(begin), params.begin() + long(end));
  const FloatBuffer part_grads(analytic.begin() + long(begin), analytic.begin() + long(end));
  testing::check_gradient(part, part_grads, [&](const FloatBuffer& p) {
    std::copy(p.begin(), p.end(), params.begin() + long(begin));
    const double l = loss(params);
    std::copy(part.begin(), part.end(), params.begin() + long(begin));
    return l;
  }, h, 2e-4, 2e-3, what);
}

}  // namespace

TEST_CASE("vq: the reconstruction and both losses equal their direct formulas, in one batch and in chunks") {
  for (Likelihood lik : {Likelihood::Bernoulli, Likelihood::Gaussian}) {
    CAPTURE(to_string(lik));
    const TinyVq t(lik, 4);
    VqVae::Workspace ws;
    const VqTerms terms = t.vq.evaluate(t.params.data(), t.x, ws);
    const Matrix z_e = t.vq.encode(t.params.data(), t.x, ws);
    const ConstMatrixMap e = t.vq.codebook(t.params.data());
    double reconstruction = 0.0, distance = 0.0;
    for (int b = 0; b < kBatch; ++b) {
      const int k = brute_nearest(e, z_e.col(b).cast<double>());
      reconstruction += decoder_log_lik(t.vq, t.params.data(), t.x, b, e.col(k)) / kBatch;
      distance += (z_e.col(b) - e.col(k)).cast<double>().squaredNorm() / kBatch;
    }
    CHECK(terms.reconstruction == doctest::Approx(reconstruction).epsilon(1e-5));
    CHECK(terms.codebook_loss == doctest::Approx(distance).epsilon(1e-5));
    CHECK(terms.commitment_loss == doctest::Approx(distance).epsilon(1e-5));
    CHECK(distance > 0.05);
    CHECK(terms.loss == doctest::Approx(-reconstruction + 1.4 * distance).epsilon(1e-5));

    // 1,200 examples: three chunks, the last one short.
    Matrix many(kDin, 1200);
    for (int c = 0; c < many.cols(); ++c) many.col(c) = t.x.col(c % kBatch);
    const VqEvaluation all = t.vq.evaluate_all(t.params.data(), many);
    CHECK(all.terms.reconstruction == doctest::Approx(reconstruction).epsilon(1e-5));
    CHECK(all.terms.codebook_loss == doctest::Approx(distance).epsilon(1e-5));
    CHECK(all.usage.total() == 1200);
    for (int k = 0; k < kEntries; ++k) {
      int64_t count = 0;
      for (int b = 0; b < kBatch; ++b) count += ws.codes[size_t(b)] == k ? 150 : 0;
      CHECK(all.usage.counts[size_t(k)] == count);
    }
  }
}

TEST_CASE("vq: each z_e goes to its nearest entry by brute force, ties to the lowest index") {
  VqVaeConfig c = TinyVq::config(Likelihood::Bernoulli);
  c.code_dim = 3;
  c.codebook = 9;
  const VqVae vq(c);
  FloatBuffer params(vq.param_count(), 0.0f);
  Rng rng(5);
  MatrixMap e = view(params.data(), vq.codebook_block());
  e = testing::random_matrix(3, 9, rng);
  const Matrix z_e = testing::random_matrix(3, 400, rng, 1.5);
  std::vector<int> codes;
  vq.nearest(params.data(), z_e, codes);
  std::vector<int> used(9, 0);
  for (int b = 0; b < z_e.cols(); ++b) {
    CHECK(codes[size_t(b)] == brute_nearest(e, z_e.col(b).cast<double>()));
    used[size_t(codes[size_t(b)])] = 1;
  }
  CHECK(std::count(used.begin(), used.end(), 1) == 9);  // every entry won somewhere

  // Ties: entries 2 and 6 coincide; a point halfway between entries 0 and 4.
  e.col(6) = e.col(2);
  e.col(0) << 1, 0, 0;
  e.col(4) << -1, 0, 0;
  Matrix ties(3, 2);
  ties.col(0) = e.col(2);
  ties.col(1) << 0, 0, 0;
  for (int k : {1, 3, 5, 7, 8}) e.col(k).setConstant(50.0f);  // far from the tie point
  vq.nearest(params.data(), ties, codes);
  CHECK(codes == std::vector<int>{2, 0});
}

TEST_CASE("vq: the encoder receives the decoder's gradient at z_q (finite differences) plus 2 beta (z_e - e) / B") {
  for (Likelihood lik : {Likelihood::Bernoulli, Likelihood::Gaussian}) {
    CAPTURE(to_string(lik));
    TinyVq t(lik, 4);
    FloatBuffer grads(t.vq.param_count(), 0.0f);
    VqVae::Workspace ws;
    t.vq.loss_and_gradient(t.params.data(), grads.data(), t.x, ws);
    const Matrix z_e = ws.encoder.outputs.back();
    const ConstMatrixMap e = t.vq.codebook(t.params.data());
    const double h = 1e-2, beta = t.vq.config().commitment;
    Matrix through(kCodeDim, kBatch);  // d(-mean log p) / d z_q, by the decoder alone
    for (int b = 0; b < kBatch; ++b) {
      const Matrix z_q = e.col(ws.codes[size_t(b)]);
      for (int j = 0; j < kCodeDim; ++j) {
        Matrix up = z_q, down = z_q;
        up(j, 0) += float(h);
        down(j, 0) -= float(h);
        const double diff = decoder_log_lik(t.vq, t.params.data(), t.x, b, up) -
                            decoder_log_lik(t.vq, t.params.data(), t.x, b, down);
        through(j, b) = float(-diff / (double(up(j, 0)) - double(down(j, 0))) / kBatch);
        const double expected = through(j, b) + 2.0 * beta * (z_e(j, b) - z_q(j, 0)) / kBatch;
        CHECK(ws.d_z_e(j, b) == doctest::Approx(expected).epsilon(2e-3).scale(1e-2));
      }
    }
    CHECK(through.norm() > 0.01);  // the copied gradient is not vanishing

    // The encoder's weights: finite differences of sum_b <through_b, z_e_b> +
    // beta * mean ||z_e - sg[e]||^2, the loss the straight-through estimator sees.
    Matrix z_q(kCodeDim, kBatch);
    for (int b = 0; b < kBatch; ++b) z_q.col(b) = e.col(ws.codes[size_t(b)]);
    const size_t end = t.vq.codebook_block().offset;
    check_range(t.params, grads, 0, end, 1e-2, [&](const FloatBuffer& p) {
      VqVae::Workspace w;
      const Matrix& ze = t.vq.encode(p.data(), t.x, w);
      return double((through.array() * ze.array()).sum()) + beta * (ze - z_q).cast<double>().squaredNorm() / kBatch;
    }, "encoder");
  }
}

TEST_CASE("vq: decoder gradients match finite differences of the loss; entries those of the codebook loss") {
  for (Likelihood lik : {Likelihood::Bernoulli, Likelihood::Gaussian}) {
    CAPTURE(to_string(lik));
    TinyVq t(lik, 4);
    REQUIRE(t.assignment_margin() > 0.05);  // no step of 1e-3 on an entry moves an example to another cell
    FloatBuffer grads(t.vq.param_count(), 0.0f);
    VqVae::Workspace ws;
    t.vq.loss_and_gradient(t.params.data(), grads.data(), t.x, ws);
    const auto terms = [&](const FloatBuffer& p) {
      VqVae::Workspace w;
      return t.vq.evaluate(p.data(), t.x, w);
    };
    // Decoder weights and log sigma: everything after the codebook.
    const ParamBlock book = t.vq.codebook_block();
    const size_t decoder_begin = t.vq.decoder().weight_block(0).offset;
    check_range(t.params, grads, decoder_begin, t.vq.param_count(), 1e-2,
                [&](const FloatBuffer& p) { return terms(p).loss; }, "decoder");
    // The entries get only ||sg[z_e] - e||^2's gradient: through the decoder
    // and the commitment they are stopped (the loss's own difference would add both).
    check_range(t.params, grads, book.offset, book.offset + book.size(), 1e-3,
                [&](const FloatBuffer& p) { return terms(p).codebook_loss; }, "codebook");
    std::vector<int> used(kEntries, 0);
    for (int k : ws.codes) used[size_t(k)] = 1;
    CHECK(std::count(used.begin(), used.end(), 1) >= 2);
  }
}

TEST_CASE("vq: perplexity is exp of the entropy of the code frequencies; dead entries are those never used") {
  CodebookUsage uniform(7);
  uniform.add({0, 2, 5, 0, 2, 5, 5, 2, 0});  // three entries, three times each
  CHECK(uniform.perplexity() == doctest::Approx(3.0).epsilon(1e-12));
  CHECK(uniform.dead() == 4);
  CodebookUsage one(4);
  one.add({3, 3, 3});
  CHECK(one.perplexity() == doctest::Approx(1.0));
  CHECK(one.dead() == 3);
  CodebookUsage skewed(2);
  skewed.counts = {1, 3};  // H = -(1/4 log 1/4 + 3/4 log 3/4) = 0.562335...
  CHECK(skewed.perplexity() == doctest::Approx(1.754765).epsilon(1e-6));
  CHECK(CodebookUsage(3).perplexity() == 0.0);
  CHECK_THROWS_AS(skewed.add({2}), std::out_of_range);
}

TEST_CASE("vq: bad sizes and a bad commitment are refused with one line naming the field") {
  VqVaeConfig c = TinyVq::config(Likelihood::Bernoulli);
  c.codebook = 0;
  CHECK_THROWS_WITH_AS(VqVae{c}, doctest::Contains("\"codebook\""), std::invalid_argument);
  c = TinyVq::config(Likelihood::Bernoulli);
  c.code_dim = 0;
  CHECK_THROWS_WITH_AS(VqVae{c}, doctest::Contains("\"code_dim\""), std::invalid_argument);
  c = TinyVq::config(Likelihood::Bernoulli);
  c.commitment = -1.0f;
  CHECK_THROWS_WITH_AS(VqVae{c}, doctest::Contains("\"commitment\""), std::invalid_argument);
  c.commitment = 0.25f;
  CHECK(c.describe() == "6-7 > 5 codes in 2-D (beta 0.25) > 5-6, tanh, bernoulli");
}

// Adam moves an entry about one learning rate a step while z_e runs far
// ahead (the straight-through gradient pushes it): under Gradient the
// codebook distance first grows by hundreds, so there the reconstruction is
// what must improve; the moving averages keep up, and the whole loss falls.
TEST_CASE("vq: a short run on the sprites lowers the held-out loss and keeps more than one entry in use") {
  const DataSplit sprites = make_sprite_split(7, 1000, 300);
  const auto all = [](const Dataset& d) {
    std::vector<int> idx(d.size());
    std::iota(idx.begin(), idx.end(), 0);
    Matrix x;
    d.gather(idx.data(), int(idx.size()), x);
    return x;
  };
  const Matrix train = all(sprites.train), test = all(sprites.test);  // (784, N)
  double final_loss[2] = {0.0, 0.0};
  for (CodebookUpdate update : {CodebookUpdate::Gradient, CodebookUpdate::MovingAverage}) {
    CAPTURE(to_string(update));
    VqVaeConfig c;
    c.encoder_hidden = {64};
    c.decoder_hidden = {64};
    c.codebook = 8;
    c.codebook_update = update;
    const VqVae vq(c);
    FloatBuffer params(vq.param_count(), 0.0f), grads(vq.param_count(), 0.0f);
    Rng rng(3);
    vq.init(params.data(), rng, train.leftCols(200));
    const VqEvaluation before = vq.evaluate_all(params.data(), test);
    Adam adam(vq.param_count());
    BatchOrder order(4);
    std::vector<int> idx;
    Matrix batch;
    VqVae::Workspace ws;
    for (int step = 0; step < 400; ++step) {
      order.next(int(sprites.train.size()), 32, idx);
      sprites.train.gather(idx.data(), 32, batch);
      vq.loss_and_gradient(params.data(), grads.data(), batch, ws);
      adam.step(params.data(), grads.data(), AdamSettings{});
      vq.update_codebook(params.data(), {&ws});
    }
    const VqEvaluation after = vq.evaluate_all(params.data(), test);
    // Seen: reconstruction -545 -> -220 (gradient), -207 (averages); loss 545 -> 390, 232.
    CHECK(after.terms.reconstruction > before.terms.reconstruction + 200.0);
    if (update == CodebookUpdate::MovingAverage) CHECK(after.terms.loss < before.terms.loss - 200.0);
    CHECK(after.usage.dead() < c.codebook - 1);
    final_loss[int(update)] = after.terms.loss;
  }
  CHECK(final_loss[1] < final_loss[0]);
}

TEST_CASE("vq: moving averages set each entry to m_k / N_k after the step and give the entries no gradient") {
  VqVaeConfig c = TinyVq::config(Likelihood::Bernoulli);
  c.codebook_update = CodebookUpdate::MovingAverage;
  c.decay = 0.9f;
  const VqVae vq(c);
  FloatBuffer params(vq.param_count(), 0.0f), grads(vq.param_count(), 1.0f);
  Rng rng(2);
  const Matrix x = testing::random_matrix(kDin, 40, rng).array().abs().min(1.0f).matrix();
  vq.init(params.data(), rng, x.leftCols(kEntries));
  const Matrix e0 = vq.codebook(params.data());
  // The batch in two parts, as two threads would take it.
  VqVae::Workspace parts[2];
  const Matrix halves[2] = {x.leftCols(15), x.rightCols(25)};
  for (int t = 0; t < 2; ++t) vq.loss_and_gradient(params.data(), grads.data(), halves[t], parts[t]);
  CHECK(view(grads.data(), vq.codebook_block()).isZero(0.0f));
  // The averages' own state gets zero gradients too, or this step would move it off the formula below.
  Adam adam(vq.param_count());
  adam.step(params.data(), grads.data(), AdamSettings{});
  vq.update_codebook(params.data(), {&parts[0], &parts[1]});
  // One update from init (N = 1, m = e0), by hand: N = g + (1-g) n, m = g e0 + (1-g) s.
  std::vector<double> n(kEntries, 0.0);
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(kCodeDim, kEntries);
  for (const VqVae::Workspace& ws : parts)
    for (size_t b = 0; b < ws.codes.size(); ++b) {
      n[size_t(ws.codes[b])] += 1.0;
      sum.col(ws.codes[b]) += ws.encoder.outputs.back().col(Eigen::Index(b)).cast<double>();
    }
  CHECK(n[0] + n[1] + n[2] + n[3] + n[4] == 40.0);
  const ConstMatrixMap e = vq.codebook(params.data());
  int moved = 0;
  for (int k = 0; k < kEntries; ++k) {
    const Eigen::VectorXd expected = (0.9 * e0.col(k).cast<double>() + 0.1 * sum.col(k)) / (0.9 + 0.1 * n[size_t(k)]);
    for (int j = 0; j < kCodeDim; ++j) CHECK(e(j, k) == doctest::Approx(expected(j)).epsilon(1e-5));
    moved += n[size_t(k)] > 0 && (e.col(k) - e0.col(k)).norm() > 1e-3;
  }
  CHECK(moved >= 2);
}
