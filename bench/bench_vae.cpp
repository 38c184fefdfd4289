// Speed of the reference model (references.md: 784-512-256 > 2 > 256-512-784,
// ReLU, Bernoulli, Adam) on this machine, beside the limits that machine
// implies: training throughput, decode latency, the GEMM's rate, the FMA
// peak and the cached read rate. `bench/compare.py` runs this and the PyTorch
// peer in one run and prints the ratios; alone it prints its own figures.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "bench/machine_limits.hpp"
#include "core/data/catalog.hpp"
#include "core/models/parallel_decode.hpp"
#include "core/nn/gemm.hpp"
#include "core/train/trainer.hpp"
#include "core/train/training_session.hpp"

using namespace latent;
using Clock = std::chrono::steady_clock;

namespace {

// The reference model's layers as (inputs, outputs): the FLOP counts below.
constexpr int kEncoder[][2] = {{784, 512}, {512, 256}, {256, 4}};
constexpr int kDecoder[][2] = {{2, 256}, {256, 512}, {512, 784}};

template <size_t N>
double macs(const int (&layers)[N][2]) {
  double m = 0;
  for (const auto& l : layers) m += double(l[0]) * l[1];
  return m;
}
template <size_t N>
double weight_bytes(const int (&layers)[N][2]) {
  double b = 0;
  for (const auto& l : layers) b += (double(l[0]) + 1) * l[1] * sizeof(float);
  return b;
}

// Training FLOPs per example: forward, the weight gradients, and the input
// gradients of every layer but the first (nothing needs d loss / d x).
double training_flops_per_example() {
  const double all = macs(kEncoder) + macs(kDecoder);
  return 2 * all + 2 * all + 2 * (all - double(kEncoder[0][0]) * kEncoder[0][1]);
}

// Median over `repeats` runs of the per-call time of fn, each run lasting
// about `seconds`.
double median_seconds_per_call(const std::function<void()>& fn, double seconds, int repeats) {
  fn();  // warm up
  std::vector<double> per_call;
  for (int r = 0; r < repeats; ++r) {
    int calls = 0;
    const auto t0 = Clock::now();
    double elapsed = 0.0;
    do {
      fn();
      ++calls;
      elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    } while (elapsed < seconds);
    per_call.push_back(elapsed / calls);
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[per_call.size() / 2];
}

struct Figures {
  std::map<std::string, double> values;
  void add(const std::string& key, double value, const char* label) {
    values[key] = value;
    std::printf("%-44s %12.2f\n", label, value);
    std::fflush(stdout);
  }
  void write_json(const std::string& path) const {
    std::ofstream out(path);
    out << "{\n";
    size_t i = 0;
    for (const auto& [key, value] : values) out << "  \"" << key << "\": " << value << (++i < values.size() ? ",\n" : "\n");
    out << "}\n";
  }
};

}  // namespace

int main(int argc, char** argv) {
  // --quick: shorter runs. --case NAMES: only those of limits, train128,
  // train32, train1, train128x2, decode1, decode1x2, grid and probe (comma-separated).
  // --json FILE: the figures as JSON.
  bool quick = false;
  std::string only, json;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
    if (std::strcmp(argv[i], "--case") == 0 && i + 1 < argc) only = argv[++i];
    if (std::strcmp(argv[i], "--json") == 0 && i + 1 < argc) json = argv[++i];
  }
  // --case takes a comma-separated list.
  auto wanted = [&](const std::string& name) { return only.empty() || ("," + only + ",").find("," + name + ",") != std::string::npos; };
  const double seconds = quick ? 0.3 : 1.5;
  const int repeats = quick ? 3 : 5;
  Figures figures;

  if (wanted("limits")) {
    std::printf("limits (%s)\n", bench::fma_vector_name());
    figures.add("fma_peak_gflops_1", bench::fma_peak_gflops(1), "FMA peak, 1 thread (GFLOP/s)");
    figures.add("fma_peak_gflops_2", bench::fma_peak_gflops(2), "FMA peak, 2 threads (GFLOP/s)");
    const double decoder_bytes = weight_bytes(kDecoder);
    figures.add("decoder_weight_mb", decoder_bytes / 1e6, "decoder weights (MB)");
    figures.add("cached_read_gbps", bench::cached_read_gbps(size_t(decoder_bytes)),
                "1 thread reads a buffer that size (GB/s)");
    figures.add("half_read_gbps", bench::cached_read_gbps(size_t(decoder_bytes / 2)),
                "1 thread reads half that (GB/s)");
    for (const auto& l : kDecoder) {  // the decoder's GEMMs at batch 128: the engine's, and Eigen's own
      if (l[0] < 16) continue;
      Matrix w = Matrix::Random(l[1], l[0]), x = Matrix::Random(l[0], 128), y(l[1], 128);
      const std::string shape = std::to_string(l[1]) + "x" + std::to_string(l[0]) + "x128";
      const double flops = 2.0 * l[0] * l[1] * 128;
      const double ours = median_seconds_per_call([&] { gemm(w, Op::Plain, x, Op::Plain, y); }, seconds / 3, repeats);
      figures.add("gemm_gflops_" + shape, flops / ours / 1e9,
                  ("GEMM " + shape + ", " + gemm_library() + " (GFLOP/s)").c_str());
      const double eigen = median_seconds_per_call([&] { y.noalias() = w * x; }, seconds / 3, repeats);
      figures.add("eigen_gemm_gflops_" + shape, flops / eigen / 1e9, ("GEMM " + shape + ", Eigen (GFLOP/s)").c_str());
    }
    figures.add("training_mflop_per_example", training_flops_per_example() / 1e6, "training MFLOP per example");
    // Adam reads and writes every parameter and both moments each step: at
    // small batches that traffic, not the FLOPs, bounds the step.
    const double params = (weight_bytes(kEncoder) + weight_bytes(kDecoder)) / sizeof(float);
    figures.add("parameters_m", params / 1e6, "parameters (M)");
    figures.add("update_gbps", bench::in_place_update_gbps(size_t(params)),
                "in-place update of 3 such buffers (GB/s)");
    figures.add("decode_mflop_per_z", 2 * macs(kDecoder) / 1e6, "decode MFLOP per z");
  }

  std::shared_ptr<const DataSplit> data;
  try {
    data = std::make_shared<const DataSplit>(load_dataset("fashion-mnist", 1));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\nfalling back to the sprites data set (same 28x28 shape)\n", e.what());
    data = std::make_shared<const DataSplit>(load_dataset("sprites", 1));
  }
  ModelSettings model;
  model.dataset = data->train.name;
  TrainSettings training;

  struct { int batch, threads; const char* name; } train_rows[] = {
      {128, 1, "train128"}, {32, 1, "train32"}, {1, 1, "train1"}, {128, 2, "train128x2"}};
  for (const auto& row : train_rows) {
    if (!wanted(row.name)) continue;
    training.batch_size = row.batch;
    TrainingSession session(model, training, data);
    session.set_threads(row.threads);
    const double s = median_seconds_per_call([&] { session.step(); }, seconds, repeats);
    const std::string label = "training, batch " + std::to_string(row.batch) + ", " +
                              std::to_string(session.threads()) + " thread(s) (ex/s)";
    figures.add(row.name, row.batch / s, label.c_str());
  }

  TrainingSession session(model, training, data);
  const Vae& vae = session.vae();
  Vae::Workspace ws;
  Matrix z1 = Matrix::Constant(2, 1, 0.3f), out;
  if (wanted("decode1")) {
    const double one = median_seconds_per_call([&] { vae.decode(session.params().data(), z1, out, ws); }, seconds,
                                               repeats);
    figures.add("decode1_us", one * 1e6, "decode one z (us)");
  }
  if (wanted("decode1x2")) {
    // One z on both cores, split by inputs: decodes back to back (a dragged
    // pin's redraws, a sweep), then each after 1 ms apart, when the helper
    // thread has stopped polling and must be woken.
    ParallelDecoder pair(2);
    const double close = median_seconds_per_call([&] { pair.decode(vae, session.params().data(), z1, out); },
                                                  seconds, repeats);
    figures.add("decode1x2_us", close * 1e6, "decode one z, 2 threads (us)");
    std::vector<double> apart;
    for (int i = 0; i < (quick ? 50 : 300); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      const auto t0 = Clock::now();
      pair.decode(vae, session.params().data(), z1, out);
      apart.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::sort(apart.begin(), apart.end());
    figures.add("decode1x2_apart_us", apart[apart.size() / 2] * 1e6, "  the same, 1 ms apart (us)");
  }
  if (wanted("grid")) {
    Matrix grid(2, 400);
    for (int i = 0; i < 400; ++i) grid.col(i) << -2.0f + 0.2f * (i % 20), -2.0f + 0.2f * (i / 20);
    const double g = median_seconds_per_call([&] { vae.decode(session.params().data(), grid, out, ws); }, seconds,
                                             repeats);
    figures.add("grid_ms", g * 1e3, "decode a 20x20 grid, 1 thread (ms)");
    ParallelDecoder pair(2);  // started once, as a caller that decodes often keeps it
    const double g2 = median_seconds_per_call([&] { pair.decode(vae, session.params().data(), grid, out); },
                                              seconds, repeats);
    figures.add("grid2_ms", g2 * 1e3, "decode a 20x20 grid, 2 threads (ms)");
  }
  if (wanted("probe")) {
    // The trainer thread as the app runs it, with the gradient lab's variance
    // probe at its default budget and without it; steps counted from snapshots.
    auto trainer_rate = [&](double probe_budget) {
      TrainerOptions options;
      options.probe_budget = probe_budget;
      Trainer trainer(model, TrainSettings{}, options);
      while (trainer.latest()->state != RunState::Running) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      std::this_thread::sleep_for(std::chrono::seconds(2));  // past the first probe and code refreshes
      const auto a = trainer.latest();
      const auto t0 = Clock::now();
      std::this_thread::sleep_for(std::chrono::duration<double>(quick ? 5.0 : 20.0));
      const auto b = trainer.latest();
      const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
      return double(b->step - a->step) * 128 / secs;
    };
    const double without = trainer_rate(0.0), with = trainer_rate(TrainerOptions{}.probe_budget);
    figures.add("trainer_no_probe", without, "trainer thread, no probe (ex/s)");
    figures.add("trainer_probe", with, "trainer thread, probe at default rate (ex/s)");
    figures.add("probe_cost_percent", 100.0 * (1.0 - with / without), "probe's cost (% of steps, target <= 10)");
  }
  if (!json.empty()) figures.write_json(json);
  return 0;
}
