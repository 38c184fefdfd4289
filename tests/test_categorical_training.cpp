// Training a categorical VAE in the session: with the exact gradient
// (enumeration) the held-out ELBO rises on data drawn from a categorical
// model, and exact log p(x) approaches the generating model's own, summed here.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>

#include "core/train/training_session.hpp"

using namespace latent;

namespace {

constexpr int kPixels = 12, kFlip = 1;  // kFlip of 20: each pixel of a prototype flips with probability 0.05

// Two groups of three categories: group 0 picks the first six pixels'
// pattern, group 1 the last six; the 9 prototypes with pixel noise.
struct Generator {
  int pattern[2][3][6] = {{{1, 1, 1, 0, 0, 0}, {0, 0, 1, 1, 1, 0}, {1, 0, 1, 0, 1, 1}},
                          {{0, 1, 0, 1, 0, 1}, {1, 1, 0, 0, 1, 1}, {0, 0, 0, 1, 1, 1}}};
  int pixel(int z0, int z1, int i) const { return i < 6 ? pattern[0][z0][i] : pattern[1][z1][i - 6]; }

  Dataset sample(int n, Rng& rng) const {
    Dataset d;
    d.name = "categorical prototypes";
    d.kind = DataKind::Points;
    d.dim = kPixels;
    for (int k = 0; k < n; ++k) {
      const int z0 = int(rng.below(3)), z1 = int(rng.below(3));
      for (int i = 0; i < kPixels; ++i)
        d.points.push_back(float(pixel(z0, z1, i) ^ (rng.below(20) < kFlip ? 1 : 0)));
      d.labels.push_back(uint8_t(3 * z1 + z0));
    }
    return d;
  }

  // log p(x) under the generating model: (1/9) sum_z prod_i p(x_i | z).
  double mean_log_lik(const Dataset& d) const {
    const double flip = kFlip / 20.0;
    double total = 0.0;
    for (size_t k = 0; k < d.size(); ++k) {
      double p = 0.0;
      for (int z0 = 0; z0 < 3; ++z0)
        for (int z1 = 0; z1 < 3; ++z1) {
          double pz = 1.0 / 9.0;
          for (int i = 0; i < kPixels; ++i) pz *= int(d.point(k)[i]) == pixel(z0, z1, i) ? 1.0 - flip : flip;
          p += pz;
        }
      total += std::log(p);
    }
    return total / double(d.size());
  }
};

}  // namespace

TEST_CASE("categorical training: with enumeration the held-out ELBO rises and log p(x) nears the generating model's") {
  Rng rng(2);
  const Generator generator;
  auto data = std::make_shared<DataSplit>();
  data->train = generator.sample(600, rng);
  data->test = generator.sample(300, rng);
  ModelSettings model;
  model.kind = ModelKind::Categorical;
  model.dataset = "categorical prototypes";
  model.groups = 2;
  model.categories = 3;
  model.encoder_hidden = std::vector<int>{32};
  model.decoder_hidden = std::vector<int>{32};
  model.likelihood = Likelihood::Bernoulli;
  model.seed = 4;
  TrainSettings training;  // the pathwise default reads as enumeration for a categorical latent
  training.batch_size = 50;
  training.learning_rate = 1e-2f;
  TrainingSession session(model, training, data);
  const ModelTerms before = session.evaluate_test();
  for (int s = 0; s < 600; ++s) REQUIRE(session.step().finite());
  const ModelTerms after = session.evaluate_test();
  const double truth = generator.mean_log_lik(data->test);
  INFO("held-out ELBO " << before.bound.elbo() << " -> " << after.bound.elbo() << ", log p(x) " << before.log_lik
                        << " -> " << after.log_lik << "; generating model " << truth);
  CHECK(after.bound.elbo() > before.bound.elbo() + 2.0);
  CHECK(after.log_lik >= after.bound.elbo() - 1e-6);
  // No model beats the one that drew the data by more than chance on 300 held-out points.
  CHECK(after.log_lik > truth - 0.2);
  CHECK(after.log_lik < truth + 0.1);
}
