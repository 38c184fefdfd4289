// How the gradient estimators look in every panel: one colour and one short name each, so
// the gradient lab, its table and the training curves' markers agree.
#pragma once
#include <imgui.h>

#include <array>
#include <vector>

#include "core/estimators/bernoulli_lab.hpp"
#include "core/estimators/gaussian_lab.hpp"
#include "core/models/vae.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

// The encoders' estimators: pathwise blue, plain score function red, its baselined
// variants orange (running mean) and green (leave-one-out); for categorical latents
// exact enumeration grey, the Gumbel-softmax relaxation blue (it is pathwise, as in the
// discrete lab) and its straight-through variant brown.
inline ImU32 estimator_color(EncoderGradient e, float alpha = 1.0f) {
  static constexpr int kCategory[kEncoderGradientCount] = {0, 3, 1, 2, 7, 0, 5};
  return plot::category_color(kCategory[int(e)], alpha);
}

// Short enough for a table cell or a marker on a curve.
inline const char* estimator_label(EncoderGradient e) {
  switch (e) {
    case EncoderGradient::Reparameterization: return "pathwise";
    case EncoderGradient::ScoreFunction: return "score function";
    case EncoderGradient::ScoreFunctionRunningMean: return "SF + running mean";
    case EncoderGradient::ScoreFunctionLeaveOneOut: return "SF + leave-one-out";
    case EncoderGradient::Enumerate: return "enumeration (exact)";
    case EncoderGradient::GumbelSoftmax: return "Gumbel-softmax";
    case EncoderGradient::StraightThrough: return "straight-through";
  }
  return "?";
}

// Shorter still, for a table a projector's UI scale makes narrow (the table's
// header tooltip spells the abbreviations out).
inline const char* estimator_short_label(EncoderGradient e) {
  switch (e) {
    case EncoderGradient::ScoreFunction: return "SF";
    case EncoderGradient::ScoreFunctionRunningMean: return "SF + mean";
    case EncoderGradient::ScoreFunctionLeaveOneOut: return "SF + LOO";
    case EncoderGradient::Enumerate: return "exact";
    case EncoderGradient::GumbelSoftmax: return "Gumbel";
    case EncoderGradient::StraightThrough: return "ST";
    default: return estimator_label(e);
  }
}

// The 1-D lab's estimators, in the same family colours: pathwise blue, score function red,
// score function with the optimal constant baseline purple (not one of the VAE's baselines).
inline ImU32 estimator_color(GradientEstimator e, float alpha = 1.0f) {
  static constexpr int kCategory[3] = {0, 3, 4};
  return plot::category_color(kCategory[int(e)], alpha);
}

// The discrete lab's: REINFORCE red and its baselined form purple as the score
// function above; the relaxation, a pathwise estimator, blue; straight-through green.
inline ImU32 estimator_color(DiscreteEstimator e, float alpha = 1.0f) {
  static constexpr int kCategory[4] = {3, 4, 0, 2};
  return plot::category_color(kCategory[int(e)], alpha);
}

// A legend with a short line per estimator in its colour, labelled by label(e).
template <class Estimator, size_t N, class Label>
void estimator_legend(const char* id, const std::array<Estimator, N>& estimators, Label label) {
  std::vector<plot::LegendEntry> legend;
  for (Estimator e : estimators) {
    plot::LegendEntry entry;
    entry.label = label(e);
    entry.color = estimator_color(e);
    entry.line = true;
    legend.push_back(entry);
  }
  plot::legend(id, legend);
}

}  // namespace latent
