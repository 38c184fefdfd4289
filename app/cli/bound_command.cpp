// The bound report: loads a checkpoint and its data set, runs
// analyze_inference_gaps on each requested test point and prints a summary;
// optionally compares amortized with non-amortized training.
#include "cli/bound_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/inference/amortization_comparison.hpp"
#include "core/inference/inference_gaps.hpp"
#include "core/train/open_checkpoint.hpp"
#include "core/train/kinds/model_kind.hpp"

namespace latent {

namespace {

struct BoundCommandOptions {
  std::string load_path;
  std::vector<int> indices;
  int grid = 64;
  std::vector<int> ks{1, 5, 50, 500};
  int repetitions = 20;
  int vi_steps = 1000;
  int vi_samples = 16;
  uint64_t seed = 1;
  bool no_quadrature = false;
  bool timing = false;
  int compare_points = 0;  // > 0: the amortized vs non-amortized training comparison on this many points
  int compare_epochs = 20;
  int compare_test_points = 10;
} g_bound_options;

// A bound-command failure: one line for the user, printed as is.
struct BoundError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct LoadedModel {
  Checkpoint checkpoint;
  std::unique_ptr<Vae> vae;
  DataSplit data;
};

LoadedModel load_model(const std::string& path) {
  LoadedModel m;
  // Every field checked and the parameter count matched before anything is built.
  OpenedCheckpoint opened = open_checkpoint(path, 1);
  m.checkpoint = std::move(opened.checkpoint);
  if (opened.model.kind != ModelKind::Vae)
    throw BoundError(path + ": holds " + model_kind_noun(opened.model.kind) + "; `bound` needs a VAE checkpoint");
  m.vae = std::make_unique<Vae>(config_from_json<VaeConfig>(m.checkpoint.architecture, "vae"));
  const std::string& dataset = opened.model.dataset;
  m.data = opened.model.load_data();  // throws DataError
  if (m.data.test.dim != m.vae->input_dim())
    throw BoundError(path + ": the model expects " + std::to_string(m.vae->input_dim()) + "-D data but '" + dataset +
                     "' has " + std::to_string(m.data.test.dim) + "-D examples");
  return m;
}

// "(0.123, -1.5)", at most 4 entries shown.
std::string vector_text(const Eigen::VectorXd& v) {
  std::string text = "(";
  char buffer[32];
  for (Eigen::Index i = 0; i < std::min<Eigen::Index>(v.size(), 4); ++i) {
    std::snprintf(buffer, sizeof buffer, "%s%.3g", i ? ", " : "", v(i));
    text += buffer;
  }
  return text + (v.size() > 4 ? ", ...)" : ")");
}

// Milliseconds per call of `work`, the median of `runs` calls.
template <class Work>
double median_milliseconds(int runs, Work work) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// What a panel refreshing live would pay: one posterior grid at a few
// resolutions, and per-point VI steps.
void print_timing(const Vae& vae, const float* params, const Matrix& x, int vi_samples, Vae::Workspace& ws) {
  const DiagonalGaussian q = encode_one(vae, params, x, ws);
  if (vae.latent_dim() == 2) {
    const LatentRect rect = default_posterior_rect(q);
    for (int n : {32, 64, 128}) {
      const double ms = median_milliseconds(5, [&] { compute_posterior_grid(vae, params, x, rect, n, ws); });
      std::printf("timing: posterior grid %dx%d (%d decodes) %.1f ms\n", n, n, n * n, ms);
    }
    const double elbo_ms = median_milliseconds(3, [&] { point_elbo_by_quadrature(vae, params, x, q, 64, ws); });
    std::printf("timing: ELBO by quadrature (64x64 + 32x32) %.1f ms\n", elbo_ms);
  }
  PerPointViSettings settings;
  settings.samples = vi_samples;
  PerPointVi vi(vae, params, x, q, settings);
  const double step_ms = median_milliseconds(3, [&] { vi.step(100); }) / 100.0;
  std::printf("timing: per-point VI step (S = %d) %.3f ms\n", vi_samples, step_ms);
}

void print_point(int index, const Dataset& test, const InferenceGaps& g) {
  const int label = test.labels.empty() ? -1 : test.labels[size_t(index)];
  const std::string name = label >= 0 && label < test.class_count() ? test.class_names[size_t(label)] : "";
  std::printf("test #%d%s%s%s\n", index, name.empty() ? "" : " (", name.c_str(), name.empty() ? "" : ")");
  std::printf("  encoder q      mu %s  sigma %s;  optimized q  mu %s  sigma %s\n", vector_text(g.encoder_q.mu).c_str(),
              vector_text(g.encoder_q.sigma()).c_str(), vector_text(g.optimized_q.mu).c_str(),
              vector_text(g.optimized_q.sigma()).c_str());
  if (g.quadrature) {
    const QuadratureResult& r = *g.quadrature;
    std::printf("  log p(x)       %10.3f  quadrature; %s (%ld decodes, %.0f ms)\n", r.log_marginal, r.status.c_str(),
                r.decodes, r.milliseconds);
  } else {
    std::printf("  log p(x)     >=%10.3f  quadrature skipped (latent size %d > 2): the best lower bound below stands in, "
                "so KL and approximation gap are lower bounds\n",
                g.reference(), g.encoder_q.dim());
  }
  std::printf("  ELBO           %10.3f  = reconstruction %.3f - KL to prior %.3f (reconstruction by %s, +-%.1e)\n",
              g.encoder_elbo.elbo(), g.encoder_elbo.reconstruction, g.encoder_elbo.kl, g.encoder_elbo.method.c_str(),
              g.encoder_elbo.error);
  for (const ImportanceWeightedBound& b : g.ladder)
    std::printf("  IWAE k=%-6d  %10.3f  +- %.3f (%d repetitions)\n", b.k, b.mean, b.standard_error, b.repetitions);
  if (g.optimized_iwae)
    std::printf("  IWAE k=%-6d  %10.3f  +- %.3f with the optimized q as proposal\n", g.optimized_iwae->k,
                g.optimized_iwae->mean, g.optimized_iwae->standard_error);
  const char* ge = g.has_log_marginal() ? "" : ">=";
  std::printf("  KL(q||p(z|x))  %2s%8.3f  = log p(x) - ELBO\n", ge, g.kl_encoder_to_posterior());
  std::printf("  per-point VI   %10.3f  ELBO after %d steps (%.0f ms); amortization gap %.3f, approximation gap %s%.3f\n",
              g.optimized_elbo.elbo(), g.vi_steps, g.vi_milliseconds, g.amortization_gap(), ge,
              g.approximation_gap());
}

// Part 1: the bound, point by point, then the averages.
void report_points(const LoadedModel& m, const BoundCommandOptions& o) {
  const Vae& vae = *m.vae;
  const float* params = m.checkpoint.params.data();
  const Dataset& test = m.data.test;
  InferenceGapSettings settings;
  settings.quadrature = !o.no_quadrature;
  settings.grid.resolution = o.grid;
  settings.ks = o.ks;
  settings.iwae_repetitions = o.repetitions;
  settings.vi_steps = o.vi_steps;
  settings.vi.samples = o.vi_samples;
  settings.vi.seed = o.seed;
  settings.seed = o.seed;
  if (vae.latent_dim() != 2)
    std::printf("latent size %d > 2: quadrature skipped; the best lower bound (largest-k IWAE, encoder's or optimized "
                "q) stands in for log p(x), so KL and the approximation gap are lower bounds\n", vae.latent_dim());

  Vae::Workspace ws;
  Matrix x;  // (D, 1)
  if (o.timing) {
    test.gather(&o.indices.front(), 1, x);
    print_timing(vae, params, x, o.vi_samples, ws);
  }
  double sum_kl = 0, sum_amortization = 0, sum_approximation = 0, sum_log_marginal = 0, sum_elbo = 0;
  int converged = 0;
  for (int index : o.indices) {
    test.gather(&index, 1, x);
    const InferenceGaps g = analyze_inference_gaps(vae, params, x, settings, ws);
    print_point(index, test, g);
    std::fflush(stdout);
    sum_log_marginal += g.reference();
    sum_elbo += g.encoder_elbo.elbo();
    sum_kl += g.kl_encoder_to_posterior();
    sum_amortization += g.amortization_gap();
    sum_approximation += g.approximation_gap();
    converged += g.quadrature && g.quadrature->converged;
  }
  const double n = double(o.indices.size());
  const bool exact = vae.latent_dim() == 2 && settings.quadrature;
  std::printf("summary over %zu points: log p(x) %.3f, ELBO %.3f, KL(q||p(z|x)) %s%.3f = amortization gap %.3f + "
              "approximation gap %s%.3f nats",
              o.indices.size(), sum_log_marginal / n, sum_elbo / n, exact ? "" : ">=", sum_kl / n,
              sum_amortization / n, exact ? "" : ">=", sum_approximation / n);
  if (exact)
    std::printf("; quadrature converged on %d of %zu\n", converged, o.indices.size());
  else
    std::printf(" (log p(x) here is its best lower bound)\n");
}

// Part 2: amortized against non-amortized training of the same architecture.
void report_amortization(const LoadedModel& m, const BoundCommandOptions& o) {
  AmortizationComparisonSettings s;
  s.train_points = o.compare_points;
  s.epochs = o.compare_epochs;
  s.test_points = o.compare_test_points;
  s.seed = o.seed;
  std::printf("\namortized vs non-amortized: training both afresh on the first %d training points for %d epochs ...\n",
              s.train_points, s.epochs);
  std::fflush(stdout);
  const AmortizationComparison c = compare_amortization(m.vae->config(), m.data, s, [](const std::string& line) {
    std::fprintf(stderr, "  %s\n", line.c_str());
  });
  const size_t amortized = c.decoder_params + c.encoder_params, local = c.decoder_params + c.local_params;
  std::printf("  parameters   amortized |theta| + |phi| = %zu + %zu = %zu;  non-amortized |theta| + 2|z|N = %zu + %zu = %zu\n",
              c.decoder_params, c.encoder_params, amortized, c.decoder_params, c.local_params, local);
  std::printf("  training     amortized %.1f s, non-amortized %.1f s\n", c.amortized_seconds, c.non_amortized_seconds);
  std::printf("  train ELBO   amortized %.3f, non-amortized %.3f nats per point (KL closed form + 64 samples)\n",
              c.amortized_train_elbo, c.non_amortized_train_elbo);
  std::printf("  held-out (%d points, ELBO by %s):\n", o.compare_test_points, c.test_elbo_method.c_str());
  std::printf("    amortized: one encoder pass, %.3f ms per point, ELBO %.3f\n", c.encoder_milliseconds,
              c.amortized_test_elbo);
  for (size_t j = 0; j < c.test_steps.size(); ++j)
    std::printf("    non-amortized: %5d VI steps from the prior, %8.1f ms per point, ELBO %.3f\n", c.test_steps[j],
                c.non_amortized_test_milliseconds[j], c.non_amortized_test_elbo[j]);
}

}  // namespace

CLI::App* add_bound_command(CLI::App& app) {
  BoundCommandOptions& o = g_bound_options;
  CLI::App* cmd = app.add_subcommand(
      "bound", "how tight is the ELBO on test points: log p(x) by quadrature, IWAE ladder, KL to the true posterior, "
               "amortization and approximation gaps");
  cmd->add_option("--load", o.load_path, "a VAE checkpoint written by `latentlab train --save`")->required();
  cmd->add_option("--index", o.indices, "test-set index to analyze (repeat for more)");
  cmd->add_option("--grid", o.grid, "quadrature cells per side of the first grid (doubled until converged)")
      ->capture_default_str()
      ->check(CLI::Range(8, 512));
  cmd->add_option("--k", o.ks, "IWAE sample counts, e.g. 1,5,50,500")->delimiter(',')->check(CLI::Range(1, 1000000));
  cmd->add_option("--reps", o.repetitions, "IWAE repetitions per k (for the standard error)")
      ->capture_default_str()
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--vi-steps", o.vi_steps, "per-point VI Adam steps")->capture_default_str()->check(CLI::Range(0, 1000000));
  cmd->add_option("--vi-samples", o.vi_samples, "per-point VI samples per step")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--seed", o.seed, "noise seed for IWAE, Monte Carlo ELBOs and VI")->capture_default_str();
  cmd->add_flag("--no-quadrature", o.no_quadrature, "skip the grid quadrature even for a 2-D latent");
  cmd->add_flag("--timing", o.timing, "also time posterior grids of 32, 64 and 128 cells per side and VI steps");
  cmd->add_option("--compare-amortization", o.compare_points,
                  "train the checkpoint's architecture afresh on this many training points, amortized (encoder) and "
                  "non-amortized (one q per point), and compare parameters, ELBO and test-time cost")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--epochs", o.compare_epochs, "epochs for --compare-amortization")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--test-points", o.compare_test_points, "held-out points for --compare-amortization")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000));
  return cmd;
}

int run_bound_command() {
  const BoundCommandOptions& o = g_bound_options;
  try {
    if (o.indices.empty() && o.compare_points == 0)
      throw BoundError("nothing to do: give --index I (test points to analyze) and/or --compare-amortization N");
    LoadedModel m = load_model(o.load_path);
    const Vae& vae = *m.vae;
    const Dataset& test = m.data.test;
    for (int index : o.indices)
      if (index < 0 || size_t(index) >= test.size())
        throw BoundError("--index " + std::to_string(index) + " is outside the test set of '" + test.name + "' (0.." +
                         std::to_string(test.size() - 1) + ")");
    std::printf("model: %s, %zu parameters, step %lld; data: %s test split (%zu examples)\n",
                vae.config().describe().c_str(), vae.param_count(), (long long)m.checkpoint.step, test.name.c_str(),
                test.size());
    if (!o.indices.empty()) report_points(m, o);
    if (o.compare_points > 0) report_amortization(m, o);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab bound: %s\n", e.what());
    return 2;
  }
}

}  // namespace latent

