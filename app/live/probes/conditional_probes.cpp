// Asking the conditional models (on the snapshot's immutable parameter copy)
// for what the conditional panels draw, on the UI thread: the whole grid is
// ~16k mixture densities, well under a millisecond (see --stats).
#include "live/probes/conditional_probes.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/data/regression_sets.hpp"
#include "core/math/log_density.hpp"
#include "core/math/rng.hpp"

namespace latent {

namespace {
constexpr int kGridX = 128, kGridY = 128;  // heatmap cells; the curves against x use the same columns
constexpr int kSlicePoints = 256;          // along y on the slice
constexpr int kCvaeSamples = 512;          // z draws for the CVAE's slice density
constexpr int kCvaeDraws = 200;            // y draws shown as a rug
constexpr size_t kKeep = 20000;            // timing samples kept for --stats

using Clock = std::chrono::steady_clock;
double microseconds_since(Clock::time_point t) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t).count();
}
void keep(std::deque<double>& d, double v) {
  d.push_back(v);
  if (d.size() > kKeep) d.pop_front();
}
double percentile(std::deque<double> d, double p) {
  if (d.empty()) return 0.0;
  const size_t k = std::min(d.size() - 1, size_t(p / 100.0 * double(d.size() - 1) + 0.5));
  std::nth_element(d.begin(), d.begin() + std::ptrdiff_t(k), d.end());
  return d[k];
}
Matrix row_matrix(const std::vector<float>& v) {
  return Eigen::Map<const Matrix>(v.data(), 1, Eigen::Index(v.size()));
}

// The conditional VAE's slice, once ConditionalModels has one: a template,
// so the calls compile only when they exist.
template <class Models>
void cvae_slice(const Models& models, const float* params, double x, ConditionalSlice& out) {
  if constexpr (HasConditionalVae<Models>) {
    const ConditionalVae& cvae = models.cvae();
    if (cvae.input_dim() != 1 || cvae.output_dim() != 1) return;
    static thread_local ConditionalVae::Workspace ws;
    // The same random numbers every time: the curve moves with x and the
    // parameters, not with Monte Carlo noise.
    Rng rng(20240607);
    const float* p = models.cvae_params(params);
    Matrix x1 = Matrix::Constant(1, 1, float(x));
    Vector log_p;
    cvae.slice_log_density(p, x1, row_matrix(out.ys), kCvaeSamples, rng, log_p, ws);
    out.cvae_density.resize(out.ys.size());
    for (size_t g = 0; g < out.ys.size() && g < size_t(log_p.size()); ++g)
      out.cvae_density[g] = std::exp(log_p(Eigen::Index(g)));
    Matrix xs = Matrix::Constant(1, kCvaeDraws, float(x)), ys;
    cvae.sample(p, xs, ys, rng, ws);
    out.cvae_samples.assign(ys.data(), ys.data() + ys.size());
  }
}
}  // namespace

const char* ConditionalProbes::unavailable(const Snapshot& s) const {
  if (!s.conditional || !s.params || !s.data) return "waiting for the model ...";
  if (s.conditional->mdn().input_dim() != 1 || s.conditional->mdn().output_dim() != 1) return "these views need 1-D x and 1-D y";
  if (!ready()) return "waiting for the model ...";
  return nullptr;
}

void ConditionalProbes::fit_ranges(const Snapshot& s) {
  fitted_data_ = s.data;
  double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
  for (const Dataset* d : {&s.data->train, &s.data->test})
    for (size_t i = 0; i < d->size(); ++i)
      for (int k = 0; k < 2; ++k) {
        lo[k] = std::min(lo[k], double(d->point(i)[k]));
        hi[k] = std::max(hi[k], double(d->point(i)[k]));
      }
  if (!(hi[0] > lo[0])) lo[0] = -1, hi[0] = 1;
  if (!(hi[1] > lo[1])) lo[1] = -1, hi[1] = 1;
  // A little room in x; more in y, where a broad component's tails still show.
  const double mx = 0.02 * (hi[0] - lo[0]), my = 0.08 * (hi[1] - lo[1]);
  x0_ = lo[0] - mx, x1_ = hi[0] + mx, y0_ = lo[1] - my, y1_ = hi[1] + my;
  x_ = x0_ + 0.62 * (x1_ - x0_);  // off centre: on the inverse toys the middle is where the modes cross
  grid_ = ConditionalGrid{};
  slice_ = ConditionalSlice{};
}

void ConditionalProbes::refresh(const Snapshot& s) {
  current_ = false;
  if (!s.conditional || !s.params || !s.data || s.data->train.dim != 2) return;
  if (s.conditional->mdn().input_dim() != 1 || s.conditional->mdn().output_dim() != 1) return;
  current_ = true;
  if (s.data != fitted_data_ || s.conditional != fitted_models_) {
    fit_ranges(s);
    fitted_models_ = s.conditional;
  }
  if (grid_.params != s.params) compute_grid(s);
}

void ConditionalProbes::compute_grid(const Snapshot& s) {
  const auto start = Clock::now();
  const ConditionalModels& models = *s.conditional;
  const Mdn& mdn = models.mdn();
  const float* params = s.params->data();
  ConditionalGrid g;
  g.params = s.params;
  g.nx = kGridX;
  g.ny = kGridY;
  g.components = mdn.components();
  for (int c = 0; c < kGridX; ++c) g.xs.push_back(float(x0_ + (c + 0.5) * (x1_ - x0_) / kGridX));
  for (int r = 0; r < kGridY; ++r) g.ys.push_back(float(y0_ + (r + 0.5) * (y1_ - y0_) / kGridY));
  const Matrix x = row_matrix(g.xs), y = row_matrix(g.ys);
  Matrix out;  // (ny, nx): column c is the density over y at xs[c]
  mdn.log_density(params, x, y, out, workspace_.mdn);
  g.log_density.resize(size_t(kGridX) * kGridY);
  g.log_density_max = -INFINITY;
  for (int c = 0; c < kGridX; ++c)
    for (int r = 0; r < kGridY; ++r) {
      const float v = out(r, c);
      g.log_density[size_t(r) * kGridX + size_t(c)] = v;
      if (std::isfinite(v)) g.log_density_max = std::max(g.log_density_max, v);
    }
  Mixture m;
  mdn.mixture(params, x, m, workspace_.mdn);
  g.pi.assign(m.pi.data(), m.pi.data() + m.pi.size());
  g.mu.assign(m.mu.data(), m.mu.data() + m.mu.size());
  g.sigma.assign(m.sigma.data(), m.sigma.data() + m.sigma.size());
  Matrix f;
  models.regressor().predict(models.regressor_params(params), x, f, workspace_.regressor);
  g.regression.assign(f.data(), f.data() + f.size());
  grid_ = std::move(g);
  keep(grid_us_, microseconds_since(start));
}

void ConditionalProbes::move_slice(double x, int64_t frame) {
  x = std::clamp(x, x0_, x1_);
  if (x == x_) return;
  x_ = x;
  moved_frame_ = frame;
}

const ConditionalSlice& ConditionalProbes::slice(const Snapshot& s, int64_t frame) {
  if (ready() && s.conditional == fitted_models_ && s.params && (slice_.params != s.params || slice_.x != x_)) {
    compute_slice(s);
    sliced_frame_ = frame;
  }
  return slice_;
}

void ConditionalProbes::compute_slice(const Snapshot& s) {
  const auto start = Clock::now();
  const ConditionalModels& models = *s.conditional;
  const Mdn& mdn = models.mdn();
  const float* params = s.params->data();
  ConditionalSlice out;
  out.params = s.params;
  out.x = x_;
  out.components = mdn.components();
  const int K = out.components;
  for (int g = 0; g < kSlicePoints; ++g) out.ys.push_back(float(y0_ + (y1_ - y0_) * g / (kSlicePoints - 1)));
  const Matrix x = Matrix::Constant(1, 1, float(x_)), y = row_matrix(out.ys);
  Matrix log_p;
  mdn.log_density(params, x, y, log_p, workspace_.mdn);
  out.mdn_density.resize(out.ys.size());
  for (int g = 0; g < kSlicePoints; ++g) out.mdn_density[size_t(g)] = std::exp(log_p(g, 0));
  Mixture m;
  mdn.mixture(params, x, m, workspace_.mdn);
  out.pi.assign(m.pi.data(), m.pi.data() + K);
  out.mu.assign(m.mu.data(), m.mu.data() + K);
  out.sigma.assign(m.sigma.data(), m.sigma.data() + K);
  out.component_density.resize(size_t(K) * kSlicePoints);
  for (int k = 0; k < K; ++k)
    for (int g = 0; g < kSlicePoints; ++g)
      out.component_density[size_t(k) * kSlicePoints + size_t(g)] =
          out.pi[size_t(k)] * float(std::exp(gaussian_log_prob(out.ys[size_t(g)], out.mu[size_t(k)],
                                                               std::log(out.sigma[size_t(k)]))));
  Matrix f;
  models.regressor().predict(models.regressor_params(params), x, f, workspace_.regressor);
  out.regression = f(0, 0);
  cvae_slice(models, params, x_, out);
  // The data near x: 3% of the x range either side holds ~60 of 1000 points on the toys.
  out.data_halfwidth = 0.03 * (x1_ - x0_);
  const Dataset& train = s.data->train;
  for (size_t i = 0; i < train.size(); ++i)
    if (std::fabs(train.point(i)[0] - x_) <= out.data_halfwidth) out.data_y.push_back(train.point(i)[1]);
  slice_ = std::move(out);
  keep(slice_us_, microseconds_since(start));
}

void ConditionalProbes::end_frame(int64_t frame) {
  if (moved_frame_ != frame) return;
  ++drags_;
  if (sliced_frame_ == frame && slice_.x == x_) ++same_frame_;
}

void ConditionalProbes::add_stats(nlohmann::json& j) const {
  j["slice_drags"] = drags_;
  j["slice_drags_same_frame"] = same_frame_;
  j["conditional_grid_us_p50"] = percentile(grid_us_, 50);
  j["conditional_grid_us_p99"] = percentile(grid_us_, 99);
  j["conditional_grids"] = grid_us_.size();
  j["conditional_slice_us_p50"] = percentile(slice_us_, 50);
  j["conditional_slice_us_p99"] = percentile(slice_us_, 99);
}

}  // namespace latent
