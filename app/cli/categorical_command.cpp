// The categorical VAE's headless run: a fixed number of Adam steps with the
// chosen estimator, the held-out set's exact bound every `--every` steps, an
// optional CSV of the same rows.
#include "cli/categorical_command.hpp"

#include <chrono>
#include <cstdio>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/data/catalog.hpp"
#include "core/estimators/variance_probe.hpp"
#include "core/io/atomic_file.hpp"
#include "core/models/categorical_enumeration.hpp"
#include "core/nn/hidden_sizes.hpp"
#include "core/train/categorical_training.hpp"
#include "options/run_options.hpp"

namespace latent {

namespace {

struct CategoricalCommandOptions {
  std::string dataset = "fashion-mnist", estimator = "enumerate", csv_path;
  std::string encoder, decoder, likelihood, activation;  // empty: the data set's default, as for a VAE
  int groups = 2, categories = 10, samples = 2, batch = 100, steps = 3000, every = 600, test_size = 0, probe_draws = 100;
  double temperature = 0.5, learning_rate = 1e-3;
  uint64_t seed = 1;
} g_categorical_options;

// Every estimator's gradient at the trained parameters, on the first held-out minibatch.
void print_probe(const CategoricalVae& vae, const CategoricalTraining& training, const Matrix& x_test,
                 ElboOptions options, const CategoricalCommandOptions& o) {
  const Matrix x = x_test.leftCols(std::min<Eigen::Index>(o.batch, x_test.cols()));
  options.baseline = training.baseline();
  Rng rng(o.seed + 3);
  VarianceProbeOptions probe_options;
  probe_options.draws = std::max(2, o.probe_draws);
  probe_options.samples = options.samples;
  probe_options.temperature = options.temperature;
  probe_options.baseline = options.baseline;
  const VarianceProbeResult probe = probe_encoder_gradient_variance(vae, training.params().data(), x, probe_options, rng);
  std::printf("probe: %d draws on %lld held-out examples, S %d, tau %g; bias against the exact gradient\n",
              probe.draws, (long long)x.cols(), probe.samples, options.temperature);
  std::printf("%18s %14s %10s %12s %12s\n", "estimator", "variance", "SNR", "bias", "bias noise");
  for (const EstimatorVariance& p : probe.estimators)
    std::printf("%18s %14.6g %10.4f %12.6g %12.6g\n", to_string(p.estimator).c_str(), p.total_variance, p.mean_snr,
                p.bias, p.bias_noise);
}

}  // namespace

CLI::App* add_categorical_command(CLI::App& app) {
  CategoricalCommandOptions& o = g_categorical_options;
  CLI::App* cmd = app.add_subcommand(
      "categorical", "train a categorical VAE headless with one gradient estimator; report the held-out ELBO and exact log p(x)");
  cmd->add_option("--dataset", o.dataset, "data set (as for train): fashion-mnist, sprites, idx:<dir>, ...")->capture_default_str();
  cmd->add_option("--groups", o.groups, "D categorical latents")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--categories", o.categories, "K values each (K^D <= 1000 for exact numbers)")
      ->capture_default_str()
      ->check(CLI::Range(2, 64));
  cmd->add_option("--estimator", o.estimator, "enumerate, reinforce, reinforce-mean, reinforce-loo, gumbel or straight-through")
      ->capture_default_str();
  cmd->add_option("--temperature", o.temperature, "tau of gumbel and straight-through")->capture_default_str();
  cmd->add_option("--samples", o.samples, "codes S per example for the sampled estimators")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--steps", o.steps, "Adam steps in all")->capture_default_str()->check(CLI::Range(1, 100000000));
  cmd->add_option("--every", o.every, "steps between held-out reports")->capture_default_str()->check(CLI::Range(1, 100000000));
  cmd->add_option("--test-size", o.test_size, "held-out examples evaluated (0: all)")->capture_default_str()->check(CLI::Range(0, 100000000));
  cmd->add_option("--batch", o.batch, "minibatch size")->capture_default_str()->check(CLI::Range(1, 100000));
  cmd->add_option("--lr", o.learning_rate, "Adam learning rate")->capture_default_str()->check(CLI::Range(1e-7, 1.0));
  cmd->add_option("--encoder", o.encoder, "encoder hidden sizes, e.g. 512-256 (default: per data set, as for a VAE)");
  cmd->add_option("--decoder", o.decoder, "decoder hidden sizes, e.g. 256-512 (default: per data set)");
  cmd->add_option("--activation", o.activation, "relu, tanh or softplus (default: per data set)");
  cmd->add_option("--likelihood", o.likelihood, "bernoulli or gaussian (default: per data set)");
  cmd->add_option("--seed", o.seed, "random seed: same seed, same run")->capture_default_str();
  cmd->add_option("--csv", o.csv_path, "also write the report rows to this CSV file");
  cmd->add_option("--probe-draws", o.probe_draws,
                  "after training, draws of every estimator's encoder gradient on the first held-out minibatch "
                  "for its variance and its bias against enumeration (0: no probe)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  return cmd;
}

int run_categorical_command() {
  const CategoricalCommandOptions& o = g_categorical_options;
  using Clock = std::chrono::steady_clock;
  try {
    CategoricalTrainingSettings settings;
    settings.gradient.estimator = parsed("estimator", o.estimator, from_string<EncoderGradient>);
    settings.gradient.samples = o.samples;
    settings.gradient.temperature = o.temperature;
    settings.adam.learning_rate = float(o.learning_rate);
    settings.batch_size = o.batch;
    std::fprintf(stderr, "loading %s ...\n", o.dataset.c_str());
    const DataSplit data = load_dataset(o.dataset, o.seed);
    // The networks a VAE of this data set would have (images: the reference model; points: small tanh MLPs).
    const int dim = data.train.dim;
    const VaeConfig base = data.train.is_image() ? VaeConfig::for_images(dim) : VaeConfig::for_points(dim);
    CategoricalVaeConfig config;
    config.input_dim = dim;
    config.groups = o.groups;
    config.categories = o.categories;
    config.encoder_hidden = o.encoder.empty() ? base.encoder_hidden : parsed("encoder", o.encoder, parse_hidden_sizes);
    config.decoder_hidden = o.decoder.empty() ? base.decoder_hidden : parsed("decoder", o.decoder, parse_hidden_sizes);
    config.activation = o.activation.empty() ? base.activation : parsed("activation", o.activation, from_string<Activation>);
    config.likelihood = o.likelihood.empty() ? base.likelihood : parsed("likelihood", o.likelihood, from_string<Likelihood>);
    if (config.joint_codes() > kMaxEnumeratedCodes)
      throw std::invalid_argument("--groups/--categories: " + std::to_string(o.categories) + "^" +
                                  std::to_string(o.groups) + " joint codes; exact held-out numbers need at most " +
                                  std::to_string(kMaxEnumeratedCodes));
    const CategoricalVae vae(config);

    const size_t n_test = o.test_size > 0 ? std::min<size_t>(size_t(o.test_size), data.test.size()) : data.test.size();
    std::vector<int> idx(n_test);
    std::iota(idx.begin(), idx.end(), 0);
    Matrix x_test;
    data.test.gather(idx.data(), int(n_test), x_test);

    CategoricalTraining training(vae, settings, o.seed);
    std::printf("model: %s\n", config.describe().c_str());
    std::printf("data: %s, %zu train / %zu held out; estimator %s, S %d, tau %g; Adam lr %g, batch %d, seed %llu\n",
                data.train.name.c_str(), data.train.size(), n_test, o.estimator.c_str(), o.samples, o.temperature,
                o.learning_rate, o.batch, (unsigned long long)o.seed);
    std::printf("%8s %10s %12s %12s %12s %10s %10s %8s\n", "step", "epoch", "train ELBO", "test ELBO", "test log p(x)",
                "gap", "KL", "seconds");
    std::string csv = "step,epoch,train_elbo,test_elbo,test_log_px,test_gap,test_kl,seconds\n";
    const auto start = Clock::now();
    double train_sum = 0.0;
    int train_count = 0;
    for (int step = 1; step <= o.steps; ++step) {
      const CategoricalTerms t = training.step(data.train);
      if (!std::isfinite(t.elbo()))
        throw std::runtime_error("training diverged at step " + std::to_string(step) + " (non-finite loss); try a smaller --lr");
      train_sum += t.elbo();
      ++train_count;
      if (step % o.every != 0 && step != o.steps) continue;
      const CategoricalBoundMeans test = mean_exact_bound(vae, training.params().data(), x_test);
      const double epoch = double(step) * o.batch / double(data.train.size());
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      const double train_elbo = train_sum / train_count;
      std::printf("%8d %10.2f %12.3f %12.3f %12.3f %10.3f %10.3f %8.1f\n", step, epoch, train_elbo, test.elbo(),
                  test.log_marginal, test.gap, test.kl_prior, seconds);
      std::fflush(stdout);
      char line[256];
      std::snprintf(line, sizeof line, "%d,%.4f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f\n", step, epoch, train_elbo, test.elbo(),
                    test.log_marginal, test.gap, test.kl_prior, seconds);
      csv += line;
      train_sum = 0.0;
      train_count = 0;
    }
    if (!o.csv_path.empty()) write_file_atomically(o.csv_path, csv);
    if (o.probe_draws > 0) print_probe(vae, training, x_test, settings.gradient, o);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab categorical: %s\n", e.what());
    return 2;
  }
}

}  // namespace latent
