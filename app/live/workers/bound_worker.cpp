// The bound worker's loop. Priorities: a posterior grid first (it follows the
// mouse), then a due chunk of per-point VI (it is being watched), then one
// stage of a bound set (the slowest, refreshed every second or so).
#include "live/workers/bound_worker.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <utility>

#include "core/inference/per_point_vi.hpp"

namespace latent {

namespace {
double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}
ResultTag tag_of(const BoundInput& in) { return {in.vae, in.params, in.x_version, in.step}; }

// Fixed seeds: the IWAE and Monte Carlo figures use the same noise every
// time, so as training moves them, the change is the model's, not the dice's.
constexpr uint64_t kBoundSeed = 20151101;  // Burda et al.'s arXiv month
constexpr uint64_t kViSeed = 2018;
}  // namespace

struct BoundWorker::SetTask {
  SetJob job;
  BoundSet set;
  Rng rng{kBoundSeed};
  size_t stage = 0;  // 0: the picture, 1: q and quadrature, 2: ELBO, 3 + i: IWAE for ks[i]
  Clock::time_point started = Clock::now();
};

struct BoundWorker::ViTask {
  ViJob job;
  std::unique_ptr<PerPointVi> vi;
  ViProgress progress;
  Clock::time_point started = Clock::now();
  double stepping_ms = 0.0;
  bool stepping_done = false;
};

BoundWorker::BoundWorker() { thread_.start([this] { thread_main(); }); }

BoundWorker::~BoundWorker() { thread_.stop(); }

void BoundWorker::request_posterior(BoundInput input, const LatentRect& rect, int resolution) {
  {
    std::lock_guard lock(thread_.mutex());
    posterior_.job = PosteriorJob{std::move(input), rect, resolution};
  }
  thread_.notify();
}

void BoundWorker::request_set(BoundInput input, const LatentRect& rect, int resolution, std::vector<int> ks,
                              int repetitions, int max_resolution) {
  std::sort(ks.begin(), ks.end());
  {
    std::lock_guard lock(thread_.mutex());
    set_.job = SetJob{PosteriorJob{std::move(input), rect, resolution}, std::move(ks), repetitions, max_resolution};
  }
  thread_.notify();
}

void BoundWorker::start_vi(BoundInput input, int steps, double steps_per_second) {
  {
    std::lock_guard lock(thread_.mutex());
    vi_.job = ViJob{std::move(input), steps, steps_per_second};
    vi_stop_ = false;
    vi_.result.reset();
  }
  thread_.notify();
}

void BoundWorker::stop_vi() {
  {
    std::lock_guard lock(thread_.mutex());
    vi_.job.reset();
    vi_stop_ = true;
    vi_.result.reset();
  }
  thread_.notify();
}

std::optional<PosteriorView> BoundWorker::take_posterior() {
  std::lock_guard lock(thread_.mutex());
  return posterior_.take();
}
std::optional<BoundSet> BoundWorker::take_set() {
  std::lock_guard lock(thread_.mutex());
  return set_.take();
}
std::optional<ViProgress> BoundWorker::take_vi() {
  std::lock_guard lock(thread_.mutex());
  return vi_.take();
}
bool BoundWorker::posterior_busy() const {
  std::lock_guard lock(thread_.mutex());
  return posterior_.busy();
}
bool BoundWorker::set_busy() const {
  std::lock_guard lock(thread_.mutex());
  return set_.busy();
}
bool BoundWorker::vi_busy() const {
  std::lock_guard lock(thread_.mutex());
  return vi_.busy();
}
bool BoundWorker::has_results() const {
  std::lock_guard lock(thread_.mutex());
  return posterior_.result || set_.result || vi_.result;
}

void BoundWorker::thread_main() {
  Vae::Workspace ws;
  std::unique_ptr<SetTask> set;
  std::unique_ptr<ViTask> vi;
  Clock::time_point next_vi_chunk = Clock::now();
  // About 60 chunks a second: the ellipse moves every frame or two.
  const auto vi_period = std::chrono::milliseconds(16);
  while (true) {
    std::optional<PosteriorJob> posterior;
    bool vi_due = false;
    {
      std::unique_lock lock(thread_.mutex());
      auto ready = [&] {
        return posterior_.job || set_.job || vi_.job || vi_stop_ || set ||
               (vi && (vi->stepping_done || Clock::now() >= next_vi_chunk));
      };
      const bool go = vi && !vi->stepping_done ? thread_.wait_until(lock, next_vi_chunk, ready)
                                               : thread_.wait(lock, ready);
      if (!go) return;
      if (vi_stop_) {
        vi.reset();
        vi_stop_ = false;
        vi_.running = false;
      }
      if (vi_.job) {
        vi = std::make_unique<ViTask>();
        vi->job = vi_.start();
        next_vi_chunk = Clock::now();
      }
      if (set_.job) {  // a newer request: whatever was half done is stale
        set = std::make_unique<SetTask>();
        set->job = set_.start();
      }
      if (posterior_.job) posterior = posterior_.start();
      vi_due = vi && (vi->stepping_done || Clock::now() >= next_vi_chunk);
    }

    if (posterior) {
      PosteriorView view = compute_posterior(*posterior, ws);
      std::lock_guard lock(thread_.mutex());
      posterior_.finish(std::move(view));
      continue;
    }
    if (vi_due) {
      next_vi_chunk = std::max(next_vi_chunk + vi_period, Clock::now());
      bool finished = true;
      try {
        finished = run_vi_chunk(*vi, ws);
      } catch (const std::exception& e) {
        vi->progress.error = e.what();
      }
      std::lock_guard lock(thread_.mutex());
      // Published unless stop_vi() or a newer start came in meanwhile.
      if (!vi_stop_ && !vi_.job) vi_.result = vi->progress;
      if (finished || !vi->progress.error.empty()) {
        vi.reset();
        vi_.running = false;
      }
      continue;
    }
    if (set) {
      bool complete = true;
      try {
        complete = run_set_stage(*set, ws);
      } catch (const std::exception& e) {
        set->set.figures.error = e.what();
      }
      if (complete || !set->set.figures.error.empty()) {
        set->set.figures.milliseconds = ms_since(set->started);
        std::lock_guard lock(thread_.mutex());
        // Handed out only if no newer request came in meanwhile (that one is running next).
        if (!set_.job) set_.finish(std::move(set->set));
        set.reset();
      }
    }
  }
}

PosteriorView BoundWorker::compute_posterior(const PosteriorJob& job, Vae::Workspace& ws) {
  PosteriorView view;
  view.tag = tag_of(job.input);
  view.rect = job.rect;
  view.resolution = job.resolution;
  const auto start = Clock::now();
  try {
    if (!job.input.usable()) throw std::invalid_argument("no model or no x to look at");
    const Vae& vae = *job.input.vae;
    const float* params = job.input.params->data();
    view.q = encode_one(vae, params, job.input.x, ws);
    const PosteriorGrid grid = compute_posterior_grid(vae, params, job.input.x, job.rect, job.resolution, ws);
    const int n = grid.resolution;
    view.log_joint.resize(size_t(n) * size_t(n));
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < n; ++c) view.log_joint[size_t(r) * size_t(n) + size_t(c)] = float(grid.log_joint(r, c));
    view.log_joint_max = float(grid.log_joint.maxCoeff());
    view.mean = grid.posterior_mean;
    view.covariance = grid.posterior_covariance;
    view.border_mass = grid.border_mass;
    const double per_decode = ms_since(start) * 1000.0 / (double(n) * n);
    const double old = microseconds_per_decode_.load(std::memory_order_relaxed);
    microseconds_per_decode_.store(old > 0 ? 0.7 * old + 0.3 * per_decode : per_decode, std::memory_order_relaxed);
  } catch (const std::exception& e) {
    view.error = e.what();
  }
  view.milliseconds = ms_since(start);
  return view;
}

bool BoundWorker::run_set_stage(SetTask& task, Vae::Workspace& ws) {
  const BoundInput& in = task.job.picture.input;
  if (!in.usable()) throw std::invalid_argument("no model or no x to look at");
  const Vae& vae = *in.vae;
  const float* params = in.params->data();
  BoundFigures& f = task.set.figures;
  const bool two_d = vae.latent_dim() == 2;
  if (task.stage == 0) {
    task.set.tag = f.tag = tag_of(in);
    if (two_d) {
      task.set.posterior = compute_posterior(task.job.picture, ws);
      if (!task.set.posterior->error.empty()) throw std::runtime_error(task.set.posterior->error);
    }
  } else if (task.stage == 1) {
    f.q = encode_one(vae, params, in.x, ws);
    QuadratureSettings settings;
    settings.max_resolution = task.job.max_resolution;
    if (two_d) f.quadrature = quadrature_marginal_likelihood(vae, params, in.x, f.q, settings, ws);
  } else if (task.stage == 2) {
    // The same ELBO methods as the command line's `bound` report.
    f.elbo = two_d ? point_elbo_by_quadrature(vae, params, in.x, f.q, 64, ws)
                   : point_elbo_by_sampling(vae, params, in.x, f.q, 10000, task.rng, ws);
  } else {
    const int k = task.job.ks[task.stage - 3];
    f.ladder.push_back(importance_weighted_bound(vae, params, in.x, f.q, k, task.job.repetitions, task.rng, ws));
  }
  ++task.stage;
  return task.stage >= 3 + task.job.ks.size();
}

bool BoundWorker::run_vi_chunk(ViTask& task, Vae::Workspace& ws) {
  const BoundInput& in = task.job.input;
  if (!in.usable()) throw std::invalid_argument("no model or no x to look at");
  const Vae& vae = *in.vae;
  const float* params = in.params->data();
  ViProgress& p = task.progress;
  if (!task.vi) {
    p.tag = tag_of(in);
    p.total_steps = task.job.steps;
    p.start = encode_one(vae, params, in.x, ws);
    PerPointViSettings settings;
    settings.seed = kViSeed;
    task.vi = std::make_unique<PerPointVi>(vae, params, in.x, p.start, settings);
    p.current = p.start;
    task.started = Clock::now();
    return false;
  }
  if (!task.stepping_done) {
    // Steps due by now at the requested pace (at most a quarter second's
    // worth at once, so a stalled worker does not jump to the end).
    const double elapsed = ms_since(task.started) / 1000.0;
    const int due = std::min(task.job.steps, int(elapsed * task.job.steps_per_second) + 1);
    const int n = std::clamp(due - task.vi->steps(), 0, std::max(1, int(task.job.steps_per_second / 4)));
    const auto t0 = Clock::now();
    if (n > 0) task.vi->step(n);
    task.stepping_ms += ms_since(t0);
    p.steps = task.vi->steps();
    p.current = task.vi->averaged();
    p.elbo_estimate = task.vi->elbo_estimate();
    task.stepping_done = p.steps >= task.job.steps;
    return false;
  }
  // Final figures: both q's with the same ELBO method, and the reference.
  p.milliseconds = task.stepping_ms;
  Rng rng(kBoundSeed);
  const bool two_d = vae.latent_dim() == 2;
  auto elbo = [&](const DiagonalGaussian& q) {
    return two_d ? point_elbo_by_quadrature(vae, params, in.x, q, 64, ws)
                 : point_elbo_by_sampling(vae, params, in.x, q, 10000, rng, ws);
  };
  p.encoder_elbo = elbo(p.start);
  p.optimized_elbo = elbo(p.current);
  // q* is the best Gaussian the optimization found, and its start is one of
  // them: an averaged iterate that ends below the encoder's guess (noisy
  // steps on a q that was already near optimal) reports the guess.
  if (p.optimized_elbo.elbo() < p.encoder_elbo.elbo()) {
    p.current = p.start;
    p.optimized_elbo = p.encoder_elbo;
  }
  if (two_d) {
    p.reference = quadrature_marginal_likelihood(vae, params, in.x, p.start, QuadratureSettings{}, ws).log_marginal;
    p.reference_is_exact = true;
  } else {
    // No quadrature: the best lower bound at hand, as analyze_inference_gaps does.
    const auto with_encoder = importance_weighted_bound(vae, params, in.x, p.start, 500, 20, rng, ws);
    const auto with_optimized = importance_weighted_bound(vae, params, in.x, p.current, 500, 20, rng, ws);
    p.reference = std::max({with_encoder.mean, with_optimized.mean, p.encoder_elbo.elbo(), p.optimized_elbo.elbo()});
    p.reference_is_exact = false;
  }
  p.finished = true;
  return true;
}

}  // namespace latent
