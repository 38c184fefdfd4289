// The Gradient lab window: switch the VAE encoder's gradient estimator while it
// trains and watch the trainer's variance probe; and the 1-D Gaussian lab beside it.
// In a lesson the probe's table sits left of one plot at a time, each keeping its height.
#pragma once
#include <optional>

#include "gui/panels/gradient_lab/bernoulli_lab_view.hpp"
#include "gui/panels/gradient_lab/gaussian_lab_view.hpp"
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class GradientLabPanel {
 public:
  enum class Tab { LiveProbe, GaussianLab, DiscreteLab };

  void draw(PanelContext& ctx);
  // Brings a tab to the front at the next draw (e.g. from --open).
  void select_tab(Tab tab) { requested_tab_ = tab; }
  // The 1-D tab's cost by a lesson file's name for it: "quadratic", "bump" or "cosine".
  void set_lab_cost(const std::string& name) {
    gaussian_.set_cost(name == "cosine" ? CostKind::Cosine : name == "bump" ? CostKind::Bump : CostKind::Quadratic);
  }
  // The student-facing explanation of the live tab, also used by the README.
  static const char* explanation();

 private:
  // The probe's plots: three over training (a probe per point) and the spread of one gradient coordinate.
  enum class ProbePlot { Variance, Snr, Cosine, Spread };

  void draw_probe_tab(PanelContext& ctx);
  // `width`: what the table and its notes may take.
  void draw_estimator_table(PanelContext& ctx, const VarianceProbeResult* latest, float width);
  // A categorical latent's tau slider (posted with the current estimator).
  void draw_temperature(PanelContext& ctx, float width);
  // In gradient_lab_probe_plots.cpp: the plots in free play's three bands, or as many as keep a
  // lesson's height; one of them; and the readout of the probe under the mouse.
  void draw_probe_plots(const std::vector<VarianceProbeResult>& probes, float min_plot_height);
  void draw_probe_plot(ProbePlot which, const std::vector<VarianceProbeResult>& probes, ImVec2 size, bool x_labels);
  void draw_spread(const VarianceProbeResult& latest, ImVec2 size);
  void draw_probe_tooltip(const std::vector<VarianceProbeResult>& probes) const;

  GaussianLabView gaussian_;
  BernoulliLabView discrete_;
  std::optional<Tab> requested_tab_;
  plot::PlotChoice choice_;       // which probe plot shows when not all keep a lesson's height
  bool history_hovered_ = false;  // the mouse was over a probe plot last frame
  bool hovered_now_ = false;      // ... this frame
  double hover_step_ = 0.0;
  std::optional<float> temperature_;  // the slider's value, from the first snapshot on
};

}  // namespace latent
