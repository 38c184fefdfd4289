// Trains both ways on the same subset, then measures the held-out cost.
#include "core/inference/amortization_comparison.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/inference/non_amortized_training.hpp"
#include "core/inference/per_point_vi.hpp"
#include "core/inference/point_elbo.hpp"
#include "core/train/training_session.hpp"

namespace latent {

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

Dataset first_examples(const Dataset& d, size_t n) {
  Dataset s = d;
  n = std::min(n, d.size());
  if (d.is_image())
    s.pixels.resize(n * size_t(d.dim));
  else
    s.points.resize(n * size_t(d.dim));
  s.labels.resize(std::min(n, s.labels.size()));
  return s;
}

// The same ELBO estimator everywhere: quadrature for a 2-D latent, 1000
// samples otherwise (standard error ~0.1-0.3 nats per point on images; the
// averages over points are tighter).
PointElbo elbo_of(const Vae& vae, const float* params, const Matrix& x, const DiagonalGaussian& q, Rng& rng,
                  Vae::Workspace& ws) {
  if (vae.latent_dim() == 2) return point_elbo_by_quadrature(vae, params, x, q, 32, ws);
  return point_elbo_by_sampling(vae, params, x, q, 1000, rng, ws);
}

// Mean ELBO of the VAE's encoder q over a whole data set: closed-form KL
// plus `samples` draws per point, 8 points per batch.
double mean_vae_elbo(const Vae& vae, const float* params, const Dataset& data, int samples, Rng& rng) {
  ElboOptions options;
  options.samples = samples;
  Vae::Workspace ws;
  Matrix x;  // (D, <= 8)
  std::vector<int> idx;
  double total = 0.0;
  const int n = int(data.size());
  for (int start = 0; start < n; start += 8) {
    idx.resize(size_t(std::min(8, n - start)));
    std::iota(idx.begin(), idx.end(), start);
    data.gather(idx.data(), int(idx.size()), x);
    total += vae.evaluate(params, x, options, rng, ws).elbo() * double(idx.size());
  }
  return total / n;
}

}  // namespace

AmortizationComparison compare_amortization(const VaeConfig& config, const DataSplit& data,
                                            const AmortizationComparisonSettings& s,
                                            const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  if (s.train_points < 1 || s.epochs < 1 || s.test_points < 0)
    throw std::invalid_argument("amortization comparison: need >= 1 training point and epoch");
  auto subset = std::make_shared<DataSplit>();
  subset->train = first_examples(data.train, size_t(s.train_points));
  subset->test = subset->train;  // the session wants a test split; nothing here reads it
  const int N = int(subset->train.size());
  const Dataset& heldout = data.test;

  AmortizationComparison c;
  c.train_points = N;
  c.epochs = s.epochs;
  c.test_steps = s.test_steps;
  std::sort(c.test_steps.begin(), c.test_steps.end());

  // Amortized: the ordinary VAE training session on the subset.
  ModelSettings model;
  model.dataset = data.train.name;
  model.seed = s.seed;
  model.set_architecture(config);
  TrainSettings training;
  training.batch_size = s.batch_size;
  auto start = Clock::now();
  TrainingSession amortized(model, training, subset);
  // A line per epoch: the window shows it, and a cancel (thrown from the
  // callback) never waits for more than one epoch.
  for (int e = 1; e <= s.epochs; ++e) {
    while (amortized.epoch() < e) amortized.step();
    say("amortized VAE: epoch " + std::to_string(e) + " of " + std::to_string(s.epochs));
  }
  c.amortized_seconds = ms_since(start) / 1000.0;
  say("amortized VAE trained");

  // Non-amortized: the same decoder architecture, one Gaussian per point.
  NonAmortizedSettings na;
  na.batch_size = s.batch_size;
  na.seed = s.seed;
  start = Clock::now();
  NonAmortizedTrainer local(amortized.vae().config(), subset->train, na);
  for (int e = 1; e <= s.epochs; ++e) {
    while (local.epoch() < e) local.step();
    say("non-amortized model: epoch " + std::to_string(e) + " of " + std::to_string(s.epochs));
  }
  c.non_amortized_seconds = ms_since(start) / 1000.0;
  say("non-amortized model trained");

  const Vae& vae = amortized.vae();
  c.decoder_params = local.decoder_param_count();
  c.encoder_params = 0;
  for (size_t l = 0; l < vae.encoder().layer_count(); ++l)
    c.encoder_params += vae.encoder().weight_block(l).size() + vae.encoder().bias_block(l).size();
  c.local_params = local.local_param_count();

  // Training ELBO, both with the same estimator: closed-form KL plus 64
  // Monte Carlo samples of log p(x|z) per point (averaged over N points, its
  // standard error is a few hundredths of a nat).
  Rng rng(s.seed ^ 0x65766131ull);
  c.amortized_train_elbo = mean_vae_elbo(amortized.vae(), amortized.params().data(), subset->train, 64, rng);
  c.non_amortized_train_elbo = local.mean_elbo(64, rng);
  say("training ELBOs measured");
  c.test_elbo_method = vae.latent_dim() == 2 ? "quadrature 32x32 per point" : "Monte Carlo, 1000 samples per point";
  Vae::Workspace ws;
  Matrix x;

  // Held-out points: the encoder's one pass against per-point VI from the prior.
  const int T = std::min<int>(s.test_points, int(heldout.size()));
  c.non_amortized_test_elbo.assign(c.test_steps.size(), 0.0);
  c.non_amortized_test_milliseconds.assign(c.test_steps.size(), 0.0);
  DiagonalGaussian prior{Eigen::VectorXd::Zero(vae.latent_dim()), Eigen::VectorXd::Zero(vae.latent_dim())};
  for (int i = 0; i < T; ++i) {
    heldout.gather(&i, 1, x);
    start = Clock::now();
    const DiagonalGaussian encoder_q = encode_one(vae, amortized.params().data(), x, ws);
    c.encoder_milliseconds += ms_since(start);
    c.amortized_test_elbo += elbo_of(vae, amortized.params().data(), x, encoder_q, rng, ws).elbo();
    PerPointViSettings vi_settings;
    vi_settings.seed = s.seed + uint64_t(i);
    PerPointVi vi(local.vae(), local.params().data(), x, prior, vi_settings);
    double vi_ms = 0.0;
    for (size_t j = 0; j < c.test_steps.size(); ++j) {
      start = Clock::now();
      vi.step(c.test_steps[j] - vi.steps());
      vi_ms += ms_since(start);
      c.non_amortized_test_milliseconds[j] += vi_ms;
      c.non_amortized_test_elbo[j] += elbo_of(local.vae(), local.params().data(), x, vi.averaged(), rng, ws).elbo();
    }
  }
  if (T > 0) {
    c.encoder_milliseconds /= T;
    c.amortized_test_elbo /= T;
    for (size_t j = 0; j < c.test_steps.size(); ++j) {
      c.non_amortized_test_elbo[j] /= T;
      c.non_amortized_test_milliseconds[j] /= T;
    }
  }
  return c;
}

}  // namespace latent
