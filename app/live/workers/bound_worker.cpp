// The bound worker's loop. Priorities: a posterior grid first (it follows the
// mouse), then a due chunk of per-point VI (it is being watched), then one
// stage of the bound figures (the slowest, refreshed every second or so).
#include "live/workers/bound_worker.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

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
ResultTag tag_of(const BoundInput& in) { return {in.params, in.x_version, in.step}; }

// Fixed seeds: the IWAE and Monte Carlo figures use the same noise every
// time, so as training moves them, the change is the model's, not the dice's.
constexpr uint64_t kBoundSeed = 20151101;  // Burda et al.'s arXiv month
constexpr uint64_t kViSeed = 2018;
}  // namespace

struct BoundWorker::BoundsTask {
  BoundsJob job;
  BoundFigures figures;
  Rng rng{kBoundSeed};
  size_t stage = 0;  // 0: q and quadrature, 1: ELBO, 2 + i: IWAE for ks[i]
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

BoundWorker::BoundWorker() : thread_([this] { thread_main(); }) {}

BoundWorker::~BoundWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void BoundWorker::request_posterior(BoundInput input, const LatentRect& rect, int resolution) {
  {
    std::lock_guard lock(mutex_);
    posterior_job_ = PosteriorJob{std::move(input), rect, resolution};
  }
  wake_.notify_one();
}

void BoundWorker::request_bounds(BoundInput input, std::vector<int> ks, int repetitions, int max_resolution) {
  std::sort(ks.begin(), ks.end());
  {
    std::lock_guard lock(mutex_);
    bounds_job_ = BoundsJob{std::move(input), std::move(ks), repetitions, max_resolution};
  }
  wake_.notify_one();
}

void BoundWorker::start_vi(BoundInput input, int steps, double steps_per_second) {
  {
    std::lock_guard lock(mutex_);
    vi_job_ = ViJob{std::move(input), steps, steps_per_second};
    vi_stop_ = false;
    vi_result_.reset();
  }
  wake_.notify_one();
}

void BoundWorker::stop_vi() {
  {
    std::lock_guard lock(mutex_);
    vi_job_.reset();
    vi_stop_ = true;
    vi_result_.reset();
  }
  wake_.notify_one();
}

std::optional<PosteriorView> BoundWorker::take_posterior() {
  std::lock_guard lock(mutex_);
  return std::exchange(posterior_result_, std::nullopt);
}
std::optional<BoundFigures> BoundWorker::take_bounds() {
  std::lock_guard lock(mutex_);
  return std::exchange(bounds_result_, std::nullopt);
}
std::optional<ViProgress> BoundWorker::take_vi() {
  std::lock_guard lock(mutex_);
  return std::exchange(vi_result_, std::nullopt);
}
bool BoundWorker::posterior_busy() const {
  std::lock_guard lock(mutex_);
  return posterior_job_.has_value() || posterior_running_;
}
bool BoundWorker::bounds_busy() const {
  std::lock_guard lock(mutex_);
  return bounds_job_.has_value() || bounds_running_;
}
bool BoundWorker::vi_busy() const {
  std::lock_guard lock(mutex_);
  return vi_job_.has_value() || vi_running_;
}
bool BoundWorker::has_results() const {
  std::lock_guard lock(mutex_);
  return posterior_result_ || bounds_result_ || vi_result_;
}

void BoundWorker::thread_main() {
  // Below the trainer and the UI in priority, like the decode worker: on two
  // cores a figure that arrives a little later costs less than a stutter.
  setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);
  Vae::Workspace ws;
  std::unique_ptr<BoundsTask> bounds;
  std::unique_ptr<ViTask> vi;
  Clock::time_point next_vi_chunk = Clock::now();
  // About 60 chunks a second: the ellipse moves every frame or two.
  const auto vi_period = std::chrono::milliseconds(16);
  while (true) {
    std::optional<PosteriorJob> posterior;
    bool vi_due = false;
    {
      std::unique_lock lock(mutex_);
      auto ready = [&] {
        return stop_ || posterior_job_ || bounds_job_ || vi_job_ || vi_stop_ || bounds ||
               (vi && (vi->stepping_done || Clock::now() >= next_vi_chunk));
      };
      if (vi && !vi->stepping_done)
        wake_.wait_until(lock, next_vi_chunk, ready);
      else
        wake_.wait(lock, ready);
      if (stop_) return;
      if (vi_stop_) {
        vi.reset();
        vi_stop_ = false;
        vi_running_ = false;
      }
      if (vi_job_) {
        vi = std::make_unique<ViTask>();
        vi->job = std::move(*vi_job_);
        vi_job_.reset();
        vi_running_ = true;
        next_vi_chunk = Clock::now();
      }
      if (bounds_job_) {  // a newer request: whatever was half done is stale
        bounds = std::make_unique<BoundsTask>();
        bounds->job = std::move(*bounds_job_);
        bounds_job_.reset();
        bounds_running_ = true;
      }
      if (posterior_job_) {
        posterior = std::move(posterior_job_);
        posterior_job_.reset();
        posterior_running_ = true;
      }
      vi_due = vi && (vi->stepping_done || Clock::now() >= next_vi_chunk);
    }

    if (posterior) {
      run_posterior(std::move(*posterior), ws);
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
      std::lock_guard lock(mutex_);
      // Published unless stop_vi() or a newer start came in meanwhile.
      if (!vi_stop_ && !vi_job_) vi_result_ = vi->progress;
      if (finished || !vi->progress.error.empty()) {
        vi.reset();
        vi_running_ = false;
      }
      continue;
    }
    if (bounds) {
      bool complete = true;
      try {
        complete = run_bounds_stage(*bounds, ws);
      } catch (const std::exception& e) {
        bounds->figures.error = e.what();
      }
      if (complete || !bounds->figures.error.empty()) {
        bounds->figures.milliseconds = ms_since(bounds->started);
        std::lock_guard lock(mutex_);
        if (!bounds_job_) bounds_result_ = std::move(bounds->figures);
        bounds.reset();
        bounds_running_ = bounds_job_.has_value();
      }
    }
  }
}

void BoundWorker::run_posterior(PosteriorJob job, Vae::Workspace& ws) {
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
  std::lock_guard lock(mutex_);
  posterior_result_ = std::move(view);
  posterior_running_ = false;
}

bool BoundWorker::run_bounds_stage(BoundsTask& task, Vae::Workspace& ws) {
  const BoundInput& in = task.job.input;
  if (!in.usable()) throw std::invalid_argument("no model or no x to look at");
  const Vae& vae = *in.vae;
  const float* params = in.params->data();
  BoundFigures& f = task.figures;
  const bool two_d = vae.latent_dim() == 2;
  if (task.stage == 0) {
    f.tag = tag_of(in);
    f.q = encode_one(vae, params, in.x, ws);
    QuadratureSettings settings;
    settings.max_resolution = task.job.max_resolution;
    if (two_d) f.quadrature = quadrature_marginal_likelihood(vae, params, in.x, f.q, settings, ws);
  } else if (task.stage == 1) {
    // The same ELBO methods as the command line's `bound` report.
    f.elbo = two_d ? point_elbo_by_quadrature(vae, params, in.x, f.q, 64, ws)
                   : point_elbo_by_sampling(vae, params, in.x, f.q, 10000, task.rng, ws);
  } else {
    const int k = task.job.ks[task.stage - 2];
    f.ladder.push_back(importance_weighted_bound(vae, params, in.x, f.q, k, task.job.repetitions, task.rng, ws));
  }
  ++task.stage;
  return task.stage >= 2 + task.job.ks.size();
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
