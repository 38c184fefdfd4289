// The gradient lab's discrete tab (Tucker et al. 2017): z ~ Bernoulli(theta),
// f(z) = (z - t)^2, and each estimator's bias and variance against the
// relaxation's temperature tau (or against t), exact and sampled.
#pragma once
#include <string>
#include <vector>

#include "core/estimators/bernoulli_lab.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class BernoulliLabView {
 public:
  // Its own small world, like the Gaussian tab; a lesson's minimum plot height
  // keeps the plots tall and the controls on fewer rows.
  void draw(float min_plot_height);
  static const char* explanation();

 private:
  enum class Sweep { Temperature, Target };
  void draw_controls(bool compact);
  void recompute();
  void draw_plot(int which, ImVec2 size, bool x_labels);  // 0: bias, 1: variance

  BernoulliLabSettings settings_;
  Sweep sweep_ = Sweep::Temperature;
  bool dirty_ = true;
  std::string error_;
  std::vector<double> xs_;                     // tau or t along the sweep
  std::vector<BernoulliLabResult> exact_;      // at xs_
  std::vector<double> dot_xs_;                 // every few xs_: the sampled dots
  std::vector<BernoulliLabResult> sampled_;    // at dot_xs_
  BernoulliLabResult current_;                 // exact, at the sliders' setting (the note's numbers)
  plot::PlotChoice choice_;
};

}  // namespace latent
