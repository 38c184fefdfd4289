// The Gradient lab window (issue 4): switch the VAE encoder's gradient estimator while it
// trains and watch the trainer's variance probe; and the 1-D Gaussian lab beside it.
#pragma once
#include <optional>

#include "gui/panels/gradient_lab/gaussian_lab_view.hpp"
#include "gui/panels/shared/panel_context.hpp"

namespace latent {

class GradientLabPanel {
 public:
  enum class Tab { LiveProbe, GaussianLab };

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
  void draw_probe_tab(PanelContext& ctx);
  void draw_estimator_table(PanelContext& ctx, const VarianceProbeResult* latest);
  void draw_history(const std::vector<VarianceProbeResult>& probes, float variance_height, float small_height);
  void draw_histograms(const VarianceProbeResult& latest, float row_height);

  GaussianLabView gaussian_;
  std::optional<Tab> requested_tab_;
  bool history_hovered_ = false;  // the mouse was over a probe plot last frame
  double hover_step_ = 0.0;
};

}  // namespace latent
