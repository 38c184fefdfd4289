// The gradient lab's 1-D tab (Mohamed et al. 2020): x ~ N(mu, sigma^2), a cost f(x) with a
// knob k, and the variance of each gradient estimator against k, exact and sampled.
#pragma once
#include <string>
#include <vector>

#include "core/estimators/gaussian_lab.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class GaussianLabView {
 public:
  // Needs nothing from the run: the 1-D lab is its own small world. With a minimum plot
  // height (a lesson), the controls take fewer rows and the plots as much as they can.
  void draw(float min_plot_height);
  // The cost as the radio buttons choose it (a lesson step sets it too).
  void set_cost(CostKind cost) {
    dirty_ = dirty_ || settings_.cost != cost;
    settings_.cost = cost;
  }
  // The student-facing explanation, also used by the README.
  static const char* explanation();

 private:
  // Where, along the sweep, pathwise has the larger variance than the plain score function.
  struct Span {
    double from, to;
    bool open_end;  // still noisier at the last k of the sweep
  };

  void draw_controls(bool compact);
  void recompute();
  void draw_plot(GaussianParameter p, ImVec2 size, bool x_labels);
  std::string note() const;

  GradientLabSettings settings_;  // cost, mu, sigma, samples, seed as the controls set them
  bool dirty_ = true;
  std::string error_;
  double compute_ms_ = 0.0;
  std::vector<double> ks_;                   // dense: the exact curves
  std::vector<GradientLabPoint> exact_;      // at ks_
  std::vector<GradientLabPoint> sampled_;    // at every few k: the dots
  std::vector<Span> pathwise_noisier_[2];    // per GaussianParameter
  plot::PlotChoice choice_;   // which plot shows when only one keeps a lesson's height
  bool hover_ = false;        // a plot is under the mouse this frame
  bool hover_shown_ = false;  // ... last frame: both plots draw the cursor
  double hover_k_ = 0.0;
};

}  // namespace latent
