// The headless trainer: drives a TrainingSession epoch by epoch.
#include "cli/train_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include "cli/epoch_report.hpp"
#include "cli/probe_report.hpp"
#include "core/io/atomic_file.hpp"
#include "core/train/divergence.hpp"
#include "core/train/model_file.hpp"
#include "core/train/open_checkpoint.hpp"
#include "core/train/training_session.hpp"
#include "options/run_options.hpp"

namespace latent {

namespace {

struct TrainCommandOptions {
  RunOptions run;
  int epochs = 10;
  int threads = std::max(1, int(std::thread::hardware_concurrency()));
  int probe_draws = 0;
  std::string csv_path, save_path, load_path;
  bool quiet = false;
} g_train_options;

void draw_progress(int epoch, int epochs, double fraction, int64_t step, double elbo, double samples_per_s) {
  const int width = 30, filled = int(fraction * width);
  std::fprintf(stderr, "\r[%.*s%*s] epoch %d/%d  step %lld  ELBO %8.2f  %6.0f samples/s ", filled,
               "##############################", width - filled, "", epoch, epochs, (long long)step, elbo,
               samples_per_s);
  std::fflush(stderr);
}

// Runs `work`; a checkpoint that reads but does not fit is reported with its path.
template <class Work>
void with_checkpoint_path(const std::string& path, Work work) {
  try {
    work();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path + ": " + e.what());
  }
}

}  // namespace

CLI::App* add_train_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("train", "train a VAE headless and report per-epoch ELBO, KL and reconstruction");
  add_run_options(*cmd, g_train_options.run);
  cmd->add_option("--epochs", g_train_options.epochs, "passes over the training set")->capture_default_str()->check(CLI::Range(1, 100000));
  cmd->add_option("--csv", g_train_options.csv_path, "write per-epoch train/test metrics to this CSV file");
  cmd->add_option("--save", g_train_options.save_path, "write a checkpoint here at every epoch end (atomically)");
  cmd->add_option("--load", g_train_options.load_path, "continue from this checkpoint (architecture, parameters, optimizer)");
  cmd->add_option("--threads", g_train_options.threads,
                  "threads each minibatch is split across (at most the machine's cores); a seed gives the same "
                  "run for the same count, not across counts")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--quiet", g_train_options.quiet, "no progress bar");
  cmd->add_option("--probe-draws", g_train_options.probe_draws,
                  "after the last epoch, draw every estimator's encoder gradient this many times at the trained "
                  "parameters and print each one's variance, SNR and bias (0: no probe)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  return cmd;
}

int run_train_command() {
  TrainCommandOptions& o = g_train_options;
  using Clock = std::chrono::steady_clock;
  try {
    finish_run_options(o.run);
    Checkpoint loaded;
    if (!o.load_path.empty()) {
      OpenedCheckpoint opened = open_checkpoint(o.load_path, o.run.model.seed);  // before anything is written
      loaded = std::move(opened.checkpoint);
      o.run.model = opened.model;
    }
    std::fprintf(stderr, "loading %s ...\n", o.run.model.dataset.c_str());
    auto data = std::make_shared<const DataSplit>(o.run.model.load_data());
    TrainingSession session(o.run.model, o.run.training, data);
    if (!o.load_path.empty()) with_checkpoint_path(o.load_path, [&] { session.load_checkpoint(loaded); });
    session.set_threads(o.threads);
    const TrainSettings& t = session.settings();
    const EpochReport& report = epoch_report(session.model().kind());
    std::printf("model: %s\n", session.describe().c_str());
    std::printf("data: %s, %zu train / %zu test; Adam lr %g, batch %d, M %d, beta %g, seed %llu, %d thread%s\n",
                data->train.name.c_str(), data->train.size(), data->test.size(), double(t.learning_rate),
                t.batch_size, t.mc_samples, double(t.beta), (unsigned long long)o.run.model.seed, session.threads(),
                session.threads() == 1 ? "" : "s");
    if (const Dataset& train = data->train; train.standardized()) {
      std::printf("columns standardized for the model, (value - mean) / sd:");
      for (int c = 0; c < train.dim; ++c)
        std::printf("%s %s %.4g ± %.4g", c ? "," : "",
                    train.feature_names[size_t(c)].empty() ? ("column " + std::to_string(c + 1)).c_str()
                                                           : train.feature_names[size_t(c)].c_str(),
                    double(train.unit_offset[size_t(c)]), double(train.unit_scale[size_t(c)]));
      std::printf("\n");
    }
    report.print_header();

    const bool progress = !o.quiet && isatty(fileno(stderr));
    const auto start = Clock::now();
    std::vector<EpochRow> rows;
    auto last_write = start;
    const int first_epoch = int(std::floor(session.epoch() + 1e-9));
    for (int epoch = first_epoch + 1; epoch <= first_epoch + o.epochs; ++epoch) {
      ModelTerms sum;  // of the epoch's steps' terms
      int64_t steps = 0, samples = 0;
      const auto epoch_start = Clock::now();
      auto last_draw = epoch_start;
      while (session.epoch() < double(epoch)) {
        const ModelTerms r = session.step();
        if (!r.finite()) {
          std::fprintf(stderr, "\nlatentlab train: training diverged at step %lld (non-finite loss). %s\n",
                       (long long)session.steps(), likely_divergence_cause(t, data->train).c_str());
          return 3;
        }
        sum.add(r, 1.0);
        ++steps;
        samples += t.batch_size;
        if (progress && Clock::now() - last_draw > std::chrono::milliseconds(100)) {
          last_draw = Clock::now();
          const double secs = std::chrono::duration<double>(last_draw - epoch_start).count();
          draw_progress(epoch, first_epoch + o.epochs, session.epoch() - (epoch - 1), session.steps(),
                        sum.bound.elbo() / double(steps), samples / secs);
        }
      }
      const double epoch_seconds = std::chrono::duration<double>(Clock::now() - epoch_start).count();
      ModelTerms mean;
      mean.add(sum, 1.0 / double(steps));
      const MetricPoint running = mean.metric_point(session.steps(), session.epoch(), t.estimator);
      const MetricPoint test = session.evaluate_test().metric_point(session.steps(), session.epoch());
      rows.push_back({epoch, session.steps(), running, test,
                      std::chrono::duration<double>(Clock::now() - start).count()});
      if (progress) std::fprintf(stderr, "\r%*s\r", 100, "");
      report.print_row(rows.back(), samples / epoch_seconds);
      std::fflush(stdout);
      // Epochs of a 1000-point MDN set take a millisecond: write at most
      // every few seconds, and always after the last one.
      const bool last_epoch = epoch == first_epoch + o.epochs;
      if (last_epoch || Clock::now() - last_write > std::chrono::seconds(5)) {
        if (!o.csv_path.empty()) write_file_atomically(o.csv_path, report.csv(rows));
        if (!o.save_path.empty()) save_model_file(o.save_path, session.to_checkpoint());
        last_write = Clock::now();
      }
    }
    const double total = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("done: %d epochs, %lld steps in %.1f s; %s", o.epochs, (long long)session.steps(), total,
                report.summary_text(rows.back().test).c_str());
    if (!o.save_path.empty()) std::printf("; checkpoint %s", o.save_path.c_str());
    if (!o.csv_path.empty()) std::printf("; metrics %s", o.csv_path.c_str());
    std::printf("\n");
    if (o.probe_draws > 0) {
      VarianceProbeOptions probe;
      probe.draws = o.probe_draws;
      probe.samples = t.mc_samples;  // as the gradient lab (leave-one-out draws at least two)
      print_probe_report(session.probe_variance(probe));
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab train: %s\n", e.what());
    return 2;
  }
}

}  // namespace latent
