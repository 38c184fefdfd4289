// What the conditional-density panels share: the slice x the lecturer drags,
// and the models' answers on the snapshot's parameter copy (p(y|x) on a grid,
// the mixture and the regressor along x, the densities on the slice).
#pragma once
#include <concepts>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/models/cvae.hpp"
#include "core/train/snapshot.hpp"

namespace latent {

// True once ConditionalModels carries the conditional VAE; until then the
// panels leave its curves out (the code for them compiles either way).
template <class Models>
concept HasConditionalVae = requires(const Models& m, const float* p) {
  { m.cvae() } -> std::convertible_to<const ConditionalVae&>;
  { m.cvae_params(p) } -> std::convertible_to<const float*>;
};
inline constexpr bool kHasConditionalVae = HasConditionalVae<ConditionalModels>;

// Everything drawn against x, for one parameter copy. Cell c of the grid is
// centred at xs[c], row r at ys[r] (row 0 at the bottom), as Heatmap expects
// for the rectangle [x0, x1] x [y0, y1].
struct ConditionalGrid {
  std::shared_ptr<const FloatBuffer> params;  // which parameters made it
  int nx = 0, ny = 0, components = 0;
  std::vector<float> xs, ys;
  std::vector<float> log_density;  // (ny * nx) row-major: log p(ys[r] | xs[c]) under the MDN
  float log_density_max = 0.0f;
  // (K, nx) each: the mixture at every xs, and the regressor's f(xs) (nx).
  std::vector<float> pi, mu, sigma, regression;
  float at(const std::vector<float>& km, int k, int c) const { return km[size_t(c) * size_t(components) + size_t(k)]; }
};

// The densities over y at one x.
struct ConditionalSlice {
  std::shared_ptr<const FloatBuffer> params;
  double x = 0.0;
  int components = 0;
  std::vector<float> ys;                 // G points over [y0, y1]
  std::vector<float> mdn_density;        // p(y|x) at ys
  std::vector<float> component_density;  // (K, G) row-major: pi_k N(y; mu_k, sigma_k^2)
  std::vector<float> pi, mu, sigma;      // the mixture at x (K)
  float regression = 0.0f;               // f(x)
  // The conditional VAE's Monte Carlo p(y|x) at ys and draws y ~ p(y|x); empty without one.
  std::vector<float> cvae_density, cvae_samples;
  // The training data with x_i within `data_halfwidth` of x: their y, as evidence to compare with.
  std::vector<float> data_y;
  double data_halfwidth = 0.0;
};

class ConditionalProbes {
 public:
  // Once per frame before the conditional panels: on a new run, new ranges
  // and the slice back in the middle; on a new parameter copy, a new grid.
  void refresh(const Snapshot& s);
  bool ready() const { return current_ && grid_.nx > 0; }
  // Why nothing can be drawn (waiting, or data that are not 1-D x and 1-D y), or null.
  const char* unavailable(const Snapshot& s) const;

  // Plotted ranges: the data's extent with a margin.
  double x0() const { return x0_; }
  double x1() const { return x1_; }
  double y0() const { return y0_; }
  double y1() const { return y1_; }
  const ConditionalGrid& grid() const { return grid_; }

  double slice_x() const { return x_; }
  // A drag or the slider moved the slice (clamped to the x range) in `frame`.
  void move_slice(double x, int64_t frame);
  // The slice at slice_x(), recomputed here if x or the parameters changed
  // (so it is current in the frame the drag happened).
  const ConditionalSlice& slice(const Snapshot& s, int64_t frame);
  // After the panels: counts this frame's drag, and whether its slice was drawn in it.
  void end_frame(int64_t frame);
  // slice_drags, slice_drags_same_frame, grid and slice costs (µs percentiles) for --stats.
  void add_stats(nlohmann::json& j) const;

 private:
  void fit_ranges(const Snapshot& s);
  void compute_grid(const Snapshot& s);
  void compute_slice(const Snapshot& s);

  // Held, not just compared by address: a new run's objects could reuse a freed one's address.
  std::shared_ptr<const DataSplit> fitted_data_;
  std::shared_ptr<const ConditionalModels> fitted_models_;
  double x0_ = 0, x1_ = 1, y0_ = 0, y1_ = 1;
  double x_ = 0.5;
  bool current_ = false;  // the grid belongs to this frame's run (not one being replaced)
  ConditionalGrid grid_;
  ConditionalSlice slice_;
  ConditionalModels::Workspace workspace_;  // this (the UI) thread's own scratch
  int64_t moved_frame_ = -1, sliced_frame_ = -1;
  int64_t drags_ = 0, same_frame_ = 0;
  std::deque<double> grid_us_, slice_us_;
};

}  // namespace latent
