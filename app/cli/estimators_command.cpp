// Prints the gradient lab's table at one k and writes its sweep over k as
// CSV; with --discrete, the Bernoulli lab's table at one tau and its sweep over tau.
#include "cli/estimators_command.hpp"

#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/estimators/bernoulli_lab.hpp"
#include "core/estimators/gaussian_lab.hpp"
#include "core/io/atomic_file.hpp"

namespace latent {

namespace {

struct EstimatorsCommandOptions {
  std::string cost = "quadratic";
  double k = 0.0, mu = 1.0, sigma = 1.0;
  int samples = 100000;
  uint64_t seed = 1;
  std::string csv_path, k_range;
  bool discrete = false;
  BernoulliLabSettings bernoulli;
} g_estimators_options;

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument(message); }

KRange parse_k_range(const std::string& text) {
  KRange range{};
  char colon1 = 0, colon2 = 0;
  std::istringstream in(text);
  if (!(in >> range.from >> colon1 >> range.to >> colon2 >> range.steps) || colon1 != ':' || colon2 != ':' ||
      !in.eof())
    fail("--k-range wants FROM:TO:STEPS, e.g. --k-range=0:5:101 (got '" + text + "')");
  if (range.steps < 1 || range.steps > 100000) fail("--k-range: STEPS must be 1..100000 (got '" + text + "')");
  return range;
}

// Blank for "not computed" (samples = 0), so CSV readers see a missing value.
std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", v);
  return buffer;
}

std::string csv_text(const std::vector<GradientLabPoint>& points) {
  std::string out = "k";
  for (GradientEstimator e : kGradientEstimators)
    for (GaussianParameter p : kGaussianParameters)
      for (const char* column : {"exact_gradient", "exact_variance", "empirical_mean", "empirical_variance"}) {
        out += ',';
        out.append(gradient_estimator_key(e)).append("_").append(gaussian_parameter_name(p)).append("_").append(column);
      }
  out += '\n';
  for (const GradientLabPoint& point : points) {
    out += csv_number(point.k);
    for (GradientEstimator e : kGradientEstimators)
      for (GaussianParameter p : kGaussianParameters) {
        const EstimatorStatistics& s = point.at(e, p);
        for (double v : {s.exact_gradient, s.exact_variance, s.empirical_mean, s.empirical_variance}) {
          out += ',';
          out += csv_number(v);
        }
      }
    out += '\n';
  }
  return out;
}

// Formatted, or a dash where there is nothing to show.
std::string cell(double v, const char* format = "%12.6g") {
  char buffer[48];
  if (std::isfinite(v))
    std::snprintf(buffer, sizeof buffer, format, v);
  else
    std::snprintf(buffer, sizeof buffer, "%12s", "-");
  return buffer;
}

void print_table(const GradientLabSettings& settings, const GradientLabPoint& point) {
  std::printf("f(x) = %s with k = %g, x ~ N(mu = %g, sigma^2 = %g^2)\n", cost_formula(settings.cost), point.k,
              settings.mu, settings.sigma);
  if (settings.samples > 0)
    std::printf("%d draws per estimate (seed %llu); the baseline b is fitted on %d further, independent draws\n",
                settings.samples, (unsigned long long)settings.seed, settings.samples);
  std::printf("\n%-26s %-5s %12s %12s %12s %12s %12s %12s\n", "estimator", "param", "exact grad", "exact var",
              "emp mean", "z", "emp var", "emp/exact");
  for (GradientEstimator e : kGradientEstimators)
    for (GaussianParameter p : kGaussianParameters) {
      const EstimatorStatistics& s = point.at(e, p);
      // How many standard errors the sample mean sits from the truth: unbiased means |z| of
      // order 1. Undefined where the estimator has no variance (e.g. pathwise at k = 0).
      const double standard_error = std::sqrt(s.exact_variance / double(settings.samples));
      const double z = standard_error > 0.0 ? (s.empirical_mean - s.exact_gradient) / standard_error : NAN;
      const double ratio = s.exact_variance > 0.0 ? s.empirical_variance / s.exact_variance : NAN;
      std::printf("%-26s %-5s %s %s %s %s %s %s\n", gradient_estimator_name(e), gaussian_parameter_name(p),
                  cell(s.exact_gradient).c_str(), cell(s.exact_variance).c_str(), cell(s.empirical_mean).c_str(),
                  cell(z, "%+12.2f").c_str(), cell(s.empirical_variance).c_str(), cell(ratio, "%12.4f").c_str());
    }
  std::printf("\n");
  if (settings.samples > 0)
    std::printf("z = (emp mean - exact grad) / standard error: of order 1 for an unbiased estimator\n");
  const EstimatorStatistics& b_mu = point.at(GradientEstimator::ScoreFunctionWithBaseline, GaussianParameter::Mu);
  const EstimatorStatistics& b_sigma =
      point.at(GradientEstimator::ScoreFunctionWithBaseline, GaussianParameter::Sigma);
  std::printf("optimal constant baselines b* = E[f s^2]/E[s^2], s the score: %g for mu, %g for sigma", b_mu.exact_baseline,
              b_sigma.exact_baseline);
  if (settings.samples > 0)
    std::printf(" (fitted: %g and %g)", b_mu.empirical_baseline, b_sigma.empirical_baseline);
  std::printf("\n");
  if (settings.cost == CostKind::Quadratic) {
    const QuadraticCostVariances v = quadratic_cost_variances(settings.mu, settings.sigma, point.k);
    std::printf("closed-form variances (mu, sigma): pathwise %g, %g; score function %g, %g\n", v.pathwise_mu,
                v.pathwise_sigma, v.score_mu, v.score_sigma);
  }
}

// The discrete lab at the settings' tau, then (with a CSV path) a sweep over
// tau on a log scale from 0.01 to 5, the range where the bias-variance
// trade-off plays out.
void run_discrete(const EstimatorsCommandOptions& o) {
  BernoulliLabSettings p = o.bernoulli;
  p.samples = o.samples;
  p.seed = o.seed;
  const BernoulliLabResult r = run_bernoulli_lab(p);
  std::printf("d/dtheta E[(z - t)^2], z ~ Bernoulli(theta = %g), t = %g: exact gradient 1 - 2t = %g\n", p.theta,
              p.target, r.true_gradient);
  std::printf("relaxation X = sigmoid((logit theta + L) / tau), tau = %g, L = log U - log(1 - U)\n", p.temperature);
  if (p.samples > 0)
    std::printf("%d draws (seed %llu); the baseline b is fitted on %d further draws: b = %g (b* = %g)\n", p.samples,
                (unsigned long long)p.seed, p.samples, r.fitted_baseline, r.optimal_baseline);
  std::printf("\n%-22s %12s %12s %12s %12s %12s\n", "estimator", "exact mean", "bias", "exact var", "emp mean",
              "emp var");
  for (DiscreteEstimator e : kDiscreteEstimators) {
    const DiscreteEstimatorStatistics& s = r.at(e);
    std::printf("%-22s %s %s %s %s %s\n", discrete_estimator_name(e), cell(s.exact_mean).c_str(),
                cell(s.exact_mean - r.true_gradient).c_str(), cell(s.exact_variance).c_str(),
                cell(s.empirical_mean).c_str(), cell(s.empirical_variance).c_str());
  }
  if (o.csv_path.empty()) return;
  std::vector<double> taus;
  for (int i = 0; i <= 60; ++i) taus.push_back(0.01 * std::pow(500.0, i / 60.0));
  std::string csv = "tau,true_gradient";
  for (DiscreteEstimator e : kDiscreteEstimators)
    for (const char* column : {"exact_mean", "exact_variance", "empirical_mean", "empirical_variance"})
      csv.append(",").append(discrete_estimator_key(e)).append("_").append(column);
  csv += '\n';
  const std::vector<BernoulliLabResult> sweep = sweep_bernoulli_temperature(p, taus);
  for (size_t i = 0; i < sweep.size(); ++i) {
    csv += csv_number(taus[i]) + "," + csv_number(sweep[i].true_gradient);
    for (DiscreteEstimator e : kDiscreteEstimators) {
      const DiscreteEstimatorStatistics& s = sweep[i].at(e);
      for (double v : {s.exact_mean, s.exact_variance, s.empirical_mean, s.empirical_variance}) {
        csv += ',';
        csv += csv_number(v);
      }
    }
    csv += '\n';
  }
  write_file_atomically(o.csv_path, csv);
  std::printf("\nsweep: 61 values of tau from 0.01 to 5 (log-spaced) written to %s\n", o.csv_path.c_str());
}

}  // namespace

CLI::App* add_estimators_command(CLI::App& app) {
  EstimatorsCommandOptions& o = g_estimators_options;
  CLI::App* cmd = app.add_subcommand(
      "estimators", "gradient lab: pathwise vs score-function estimators of d/dtheta E_N(mu,sigma^2)[f(x)]");
  cmd->add_option("--cost", o.cost, "f(x): quadratic (x-k)^2, exp exp(-k x^2), cos cos(k x)")->capture_default_str();
  cmd->add_option("--k", o.k, "the cost's parameter k")->capture_default_str();
  cmd->add_option("--mu", o.mu, "mean of the Gaussian")->capture_default_str();
  cmd->add_option("--sigma", o.sigma, "standard deviation of the Gaussian (> 0)")->capture_default_str();
  cmd->add_option("--samples", o.samples, "draws per empirical estimate (0: exact numbers only)")
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "seed of the draws")->capture_default_str();
  cmd->add_option("--csv", o.csv_path, "also write a sweep over k to this CSV file (one row per k)");
  cmd->add_flag("--discrete", o.discrete,
                "the discrete lab instead: d/dtheta E[(z - t)^2], z ~ Bernoulli(theta), by REINFORCE (+ baseline), "
                "the binary Concrete relaxation and straight-through");
  cmd->add_option("--theta", o.bernoulli.theta, "--discrete: P(z = 1)")->capture_default_str();
  cmd->add_option("--t", o.bernoulli.target, "--discrete: t in f(z) = (z - t)^2")->capture_default_str();
  cmd->add_option("--temperature", o.bernoulli.temperature, "--discrete: the relaxation's temperature tau")
      ->capture_default_str();
  cmd->add_option("--k-range", o.k_range,
                  "FROM:TO:STEPS of the CSV sweep (default: quadratic mu-4sigma:mu+4sigma:81, "
                  "exp 0:6/sigma^2:121, cos 0:5/sigma:101)");
  return cmd;
}

int run_estimators_command() {
  const EstimatorsCommandOptions& o = g_estimators_options;
  try {
    if (o.discrete) {
      run_discrete(o);
      return 0;
    }
    const std::optional<CostKind> cost = parse_cost_kind(o.cost);
    if (!cost) fail("unknown cost '" + o.cost + "' (choose quadratic, exp or cos)");
    // The draws are held in memory (16 bytes each, with the baseline batch).
    if (o.samples < 0 || o.samples == 1 || o.samples > 10000000)
      fail("--samples must be 0 (exact numbers only) or 2..10000000 (got " + std::to_string(o.samples) + ")");
    const GradientLabSettings settings{*cost, o.mu, o.sigma, o.samples, o.seed};
    // Parse and check everything before computing, so a bad range fails fast.
    const KRange range = o.k_range.empty() ? default_k_range(settings) : parse_k_range(o.k_range);
    const std::vector<double> ks = evenly_spaced(range.from, range.to, range.steps);
    validate_gradient_lab(settings, o.k);
    if (!o.csv_path.empty()) try {
        for (double k : ks) validate_gradient_lab(settings, k);
      } catch (const std::invalid_argument& e) {
        fail(std::string("--k-range: ") + e.what());
      }
    print_table(settings, run_gradient_lab(settings, o.k));
    if (!o.csv_path.empty()) {
      write_file_atomically(o.csv_path, csv_text(sweep_gradient_lab(settings, ks)));
      std::printf("sweep: %d values of k from %g to %g written to %s\n", range.steps, range.from, range.to,
                  o.csv_path.c_str());
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab estimators: %s\n", e.what());
    return 2;
  }
}

}  // namespace latent
