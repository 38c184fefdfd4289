// Benchmarks of the reference model (references.md): training throughput at
// batch 128, 32 and 1 on one thread, decode latency for one z and a 20x20
// grid, and this machine's GEMM rate, printed beside the reference figures.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/data/catalog.hpp"
#include "core/models/parallel_decode.hpp"
#include "core/train/trainer.hpp"
#include "core/train/training_session.hpp"

using namespace latent;
using Clock = std::chrono::steady_clock;

namespace {

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

double gemm_gflops() {
  // The decoder's largest GEMM shape at batch 128: (784 x 512) * (512 x 128).
  Matrix a = Matrix::Random(784, 512), b = Matrix::Random(512, 128), c(784, 128);
  const double s = median_seconds_per_call([&] { c.noalias() = a * b; }, 0.3, 5);
  return 2.0 * 784 * 512 * 128 / s / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  // --quick: shorter runs. --case NAME: only train128, train32, train1, decode1, grid or probe.
  bool quick = false;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
    if (std::strcmp(argv[i], "--case") == 0 && i + 1 < argc) only = argv[++i];
  }
  auto wanted = [&](const std::string& name) { return only.empty() || only == name; };
  const double seconds = quick ? 0.3 : 1.5;
  const int repeats = quick ? 3 : 5;

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

  std::printf("Latent Lab benchmark: reference VAE 784-512-256 > 2 > 256-512-784, ReLU, Bernoulli, Adam, 1 thread\n");
  if (only.empty()) std::printf("GEMM (784x512 * 512x128): %.1f GFLOP/s  (reference machine: ~92)\n", gemm_gflops());
  std::printf("\n");
  std::printf("%-34s %12s %12s %12s %8s\n", "figure", "Latent Lab", "PyTorch ref", "Eigen ref", "vs PyT");

  const struct { int batch; double pytorch, eigen; } train_rows[] = {{128, 5969, 8325}, {32, 2687, 4867}, {1, 96, 352}};
  for (const auto& row : train_rows) {
    if (!wanted("train" + std::to_string(row.batch))) continue;
    training.batch_size = row.batch;
    TrainingSession session(model, training, data);
    const double s = median_seconds_per_call([&] { session.step(); }, seconds, repeats);
    const double rate = row.batch / s;
    std::printf("training, batch %-4d (samples/s)    %12.0f %12.0f %12.0f %7.2fx\n", row.batch, rate, row.pytorch,
                row.eigen, rate / row.pytorch);
  }

  TrainingSession session(model, training, data);
  const Vae& vae = session.vae();
  Vae::Workspace ws;
  Matrix z1 = Matrix::Constant(2, 1, 0.3f), out;
  if (wanted("decode1")) {
  const double one = median_seconds_per_call([&] { vae.decode(session.params().data(), z1, out, ws); }, seconds, repeats);
  std::printf("decode one z (us)                  %12.1f %12.1f %12.1f %7.2fx\n", one * 1e6, 155.0, 94.0, 155.0 / (one * 1e6));
  }
  if (wanted("grid")) {
  Matrix grid(2, 400);
  for (int i = 0; i < 400; ++i) grid.col(i) << -2.0f + 0.2f * (i % 20), -2.0f + 0.2f * (i / 20);
  const double g = median_seconds_per_call([&] { vae.decode(session.params().data(), grid, out, ws); }, seconds, repeats);
  std::printf("decode a 20x20 grid (ms)           %12.2f %12.2f %12.2f %7.2fx\n", g * 1e3, 6.6, 5.3, 6.6 / (g * 1e3));
  const double g2 = median_seconds_per_call([&] { decode_in_parallel(vae, session.params().data(), grid, out, 2); },
                                            seconds, repeats);
  std::printf("decode a 20x20 grid, 2 threads (ms)%12.2f %12.2f %12.2f %7.2fx\n", g2 * 1e3, 6.6, 5.3, 6.6 / (g2 * 1e3));
  }
  if (wanted("probe")) {
    // The trainer thread as the app runs it, with the gradient lab's variance
    // probe at its default budget and without it; steps counted from snapshots.
    auto trainer_rate = [&](double probe_budget, size_t& probes) {
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
      probes = b->probes ? b->probes->size() : 0;
      return double(b->step - a->step) * 128 / secs;
    };
    size_t with_count = 0, without_count = 0;
    const double without = trainer_rate(0.0, without_count);
    const double with = trainer_rate(TrainerOptions{}.probe_budget, with_count);
    std::printf("trainer thread, no probe (samples/s)  %9.0f\n", without);
    std::printf("trainer thread, probe at default rate %9.0f  (%zu probes, %.1f%% slower; issue 4: <= 10%%)\n", with,
                with_count, 100.0 * (1.0 - with / without));
  }
  std::printf("\ntargets (issue 2): batch 128 >= 2x, batch 32 >= 2.5x, batch 1 >= 6x PyTorch; one z < 60 us; grid < 4 ms\n");
  return 0;
}
