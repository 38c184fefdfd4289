// Tests of the gradient lab's variance probe on a small VAE.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/data/catalog.hpp"
#include "core/estimators/variance_probe.hpp"
#include "core/train/training_session.hpp"

using namespace latent;

TEST_CASE("probe: the score function's variance is far above the pathwise one, all agree with the reference") {
  auto data = std::make_shared<const DataSplit>(load_dataset("moons", 1));
  ModelSettings model;
  model.dataset = "moons";
  TrainingSession session(model, TrainSettings{}, data);
  for (int i = 0; i < 200; ++i) session.step();
  VarianceProbeOptions options;
  options.draws = 200;
  options.reference_draws = 400;
  const VarianceProbeResult r = session.probe_variance(options);
  REQUIRE(r.estimators.size() == estimators_for(LatentType::Gaussian).size());
  CHECK(r.samples == 2);
  CHECK(r.step == 200);
  const EstimatorVariance& pathwise = r.estimators[0];
  const EstimatorVariance& score = r.estimators[int(EncoderGradient::ScoreFunction)];
  const EstimatorVariance& loo = r.estimators[int(EncoderGradient::ScoreFunctionLeaveOneOut)];
  for (const EstimatorVariance& e : r.estimators) {
    CAPTURE(to_string(e.estimator));
    CHECK(e.coordinate_draws.size() == 200);
    CHECK(e.total_variance > 0.0);
  }
  MESSAGE("total variance: pathwise " << pathwise.total_variance << ", score " << score.total_variance
                                      << ", leave-one-out " << loo.total_variance);
  CHECK(score.total_variance > 10 * pathwise.total_variance);
  CHECK(loo.total_variance < score.total_variance);  // the baseline reduces variance
  // The pathwise mean of 200 draws points the way of the 400-draw reference.
  CHECK(pathwise.cosine_to_reference > 0.9);
  CHECK(pathwise.mean_snr > score.mean_snr);
}

TEST_CASE("probe: the default histogram coordinate is mu_1's bias, which always gets a gradient") {
  auto data = std::make_shared<const DataSplit>(load_dataset("sprites", 1));
  ModelSettings model;
  model.dataset = "sprites";
  TrainingSession session(model, TrainSettings{}, data);
  VarianceProbeOptions options;
  options.draws = 4;
  options.reference_draws = 4;
  const VarianceProbeResult r = session.probe_variance(options);
  const Mlp& encoder = session.vae().encoder();
  CHECK(r.coordinate == encoder.bias_block(encoder.layer_count() - 1).offset);
  // Sprites have black borders: pixel 0's first-layer weights never move;
  // the bias moves in every draw of every estimator.
  for (const EstimatorVariance& e : r.estimators)
    CHECK(std::all_of(e.coordinate_draws.begin(), e.coordinate_draws.end(), [](float g) { return g != 0.0f; }));
}

TEST_CASE("probe: in a conditional run it measures the conditional VAE's encoder q(z|x,y)") {
  auto data = std::make_shared<const DataSplit>(load_dataset("sinusoid-inverse", 1));
  ModelSettings model;
  model.kind = ModelKind::Conditional;
  model.dataset = "sinusoid-inverse";
  TrainSettings training;
  training.batch_size = 256;
  training.learning_rate = 3e-3f;
  TrainingSession session(model, training, data);
  for (int i = 0; i < 200; ++i) session.step();
  VarianceProbeOptions options;
  options.draws = 200;
  options.reference_draws = 400;
  const VarianceProbeResult r = session.probe_variance(options);
  REQUIRE(r.estimators.size() == estimators_for(LatentType::Gaussian).size());
  CHECK(r.batch == 16);
  const Mlp& encoder = session.conditional_models().cvae().encoder();
  CHECK(r.coordinate == encoder.bias_block(encoder.layer_count() - 1).offset);
  const EstimatorVariance& pathwise = r.estimators[0];
  const EstimatorVariance& score = r.estimators[int(EncoderGradient::ScoreFunction)];
  MESSAGE("conditional VAE, total variance: pathwise " << pathwise.total_variance << ", score "
                                                       << score.total_variance);
  CHECK(pathwise.total_variance > 0.0);
  CHECK(score.total_variance > 3 * pathwise.total_variance);
  CHECK(pathwise.cosine_to_reference > 0.9);
}
