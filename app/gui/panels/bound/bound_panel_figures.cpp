// The bound panel's lower half: the ladder with KL(q || p(z|x)) beside it,
// the per-point VI controls with the two gaps, and the explanation.
#include <cmath>
#include <cstdio>

#include "gui/panels/bound/bound_ladder.hpp"
#include "gui/panels/bound/bound_panel.hpp"
#include "gui/shell/ui_style.hpp"

namespace latent {

namespace {
ImVec4 color4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }
ImVec4 warning_color() { return ImVec4(0.85f, 0.33f, 0.1f, 1.0f); }
}  // namespace

const BoundFigures* BoundPanel::figures_on_show() const {
  const BoundShown& shown = probe_.shown();
  return shown.figures && shown.figures->error.empty() ? &*shown.figures : nullptr;
}

const ViProgress* BoundPanel::vi_on_show() const {
  // q*'s row once it is finished; the probe keeps it to the figures' model.
  const BoundShown& shown = probe_.shown();
  return shown.vi && shown.vi->finished && shown.vi->error.empty() ? &*shown.vi : nullptr;
}

void BoundPanel::draw_ladder(ImVec2 size) {
  if (const BoundFigures* f = figures_on_show())
    draw_bound_ladder(*f, vi_on_show(), size, "step " + with_commas(f->tag.step));
  else
    ImGui::Dummy(size);  // holds the ladder's place, so nothing jumps when the figures come in
}

void BoundPanel::draw_bounds(PanelContext& ctx, bool ladder) {
  const float font = ImGui::GetFontSize();
  const BoundShown& shown = probe_.shown();
  if (!shown.figures) {
    ImGui::TextDisabled("computing log p(x), the ELBO and the IWAE bounds ...");
    // Hold the ladder's place, so the picture above keeps its size when the figures come in.
    if (ladder) ImGui::Dummy(ImVec2(1, font * (6 * 1.45f + 2.6f + 2.6f)));
    return;
  }
  const BoundFigures& f = *shown.figures;
  if (!f.error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(warning_color(), "could not compute the bounds: %s", f.error.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  if (ladder) draw_ladder(ImVec2(0, font * (bound_ladder_rows(f, vi_on_show()) * 1.45f + 2.6f)));

  const double elbo = f.elbo.elbo();
  if (f.quadrature) {
    const QuadratureResult& r = *f.quadrature;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("KL(q(z|x) ‖ p(z|x)) = log p(x) − ELBO =");
    // The lecture's one number, in the large font.
    ImGui::SameLine();
    if (ctx.style.large_font()) ImGui::PushFont(ctx.style.large_font());
    ImGui::Text("%s nats", nats_text(r.log_marginal - elbo).c_str());
    if (ctx.style.large_font()) ImGui::PopFont();
    if (r.converged)
      ImGui::TextDisabled("log p(x) by quadrature, converged: |Δ| %.0e nats at %d² cells", r.last_change,
                          r.grid.resolution);
    else
      ImGui::TextColored(warning_color(), "log p(x) by quadrature NOT converged: |Δ| %.1e nats at %d² cells",
                         r.last_change, r.grid.resolution);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s\n%s decoder evaluations in %.0f ms", r.status.c_str(), with_commas(r.decodes).c_str(),
                        r.milliseconds);
  } else {
    double best = elbo;
    int best_k = 1;
    for (const ImportanceWeightedBound& b : f.ladder)
      if (b.mean > best) best = b.mean, best_k = b.k;
    ImGui::Text("KL(q(z|x) ‖ p(z|x)) ≥ IWAE(k=%d) − ELBO = %s nats", best_k, nats_text(best - elbo).c_str());
    ImGui::TextDisabled("no quadrature for latent size %d: log p(x) itself is unknown", f.q.dim());
  }
}

void BoundPanel::draw_per_point_vi(PanelContext& ctx) {
  ImGui::Separator();
  const std::optional<ViProgress>& vi = probe_.shown().vi;
  if (!probe_.frozen()) {
    ImGui::BeginDisabled(!probe_.can_start_vi());
    const bool pressed = ImGui::Button("Optimize q* for this x (per-point VI)");
    ImGui::EndDisabled();
    if (pressed || (auto_start_vi_ && probe_.can_start_vi() && ctx.frame >= auto_start_frame_)) {
      auto_start_vi_ = false;
      probe_.start_vi();
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Gradient ascent on this x's own ELBO over its own (μ, log σ²), from the encoder's guess.\n"
                        "The model on show is held meanwhile, so both ELBOs are measured on the same decoder.");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("The encoder guesses q(z|x) in one pass for every x. Fitting this x's own Gaussian shows "
                        "how much of the KL is the encoder's fault and how much is the Gaussian's.");
    ImGui::PopTextWrapPos();
    return;
  }
  if (probe_.vi_running()) {
    if (vi)
      ImGui::Text("per-point VI: step %d / %d, ELBO ≈ %s nats", vi->steps, vi->total_steps,
                  nats_text(vi->elbo_estimate).c_str());
    else
      ImGui::TextUnformatted("per-point VI: starting ...");
    ImGui::SameLine();
    if (ImGui::SmallButton("stop")) probe_.follow_training();
    return;
  }
  if (ImGui::SmallButton("follow training again")) {
    probe_.follow_training();
    return;
  }
  if (!vi) return;
  if (!vi->error.empty()) {
    ImGui::TextColored(warning_color(), "per-point VI failed: %s", vi->error.c_str());
    return;
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%d steps, %.0f ms of compute", vi->steps, vi->milliseconds);
  const char* ge = vi->reference_is_exact ? "=" : "≥";
  ImGui::TextColored(color4(IM_COL32(200, 95, 0, 255)), "amortization gap  = ELBO(q*) − ELBO(q) = %s nats",
                     nats_text(vi->amortization_gap()).c_str());
  ImGui::TextColored(color4(IM_COL32(110, 80, 160, 255)), "approximation gap %s log p(x) − ELBO(q*) = %s nats", ge,
                     nats_text(vi->approximation_gap()).c_str());
  ImGui::TextDisabled("Their sum is the KL above (Cremer, Li & Duvenaud 2018).");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Amortization gap: what sharing one encoder across every x costs this x.\n"
                      "Approximation gap: what remains with the best diagonal Gaussian for this x alone.");
}

void BoundPanel::draw_explanation() {
  if (!ImGui::CollapsingHeader("What am I looking at?")) return;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(
      "The ELBO is a lower bound on log p(x), and the gap between them is exactly KL(q(z|x) ‖ p(z|x)): how far the "
      "encoder's Gaussian (white ellipses) is from the true posterior (colours, computed by brute force on a grid "
      "over z). Averaging k importance weights (IWAE) tightens the bound toward log p(x) as k grows. Optimizing this "
      "one x's own Gaussian q* closes part of the gap, the amortization gap that sharing one encoder costs; what "
      "remains, the approximation gap, is the price of insisting that q be a diagonal Gaussian.");
  const double us = probe_.microseconds_per_decode();
  const std::optional<PosteriorView>& posterior = probe_.shown().posterior;
  const std::optional<BoundFigures>& figures = probe_.shown().figures;
  ImGui::TextDisabled("Cost: this panel %.2f ms per frame on the UI thread; its worker decodes at %.0f µs per z%s%s.",
                      ui_milliseconds_, us, posterior ? ", last grid " : "",
                      posterior ? (std::to_string(posterior->resolution) + "² in " +
                                   std::to_string(int(std::lround(posterior->milliseconds))) + " ms")
                                       .c_str()
                                 : "");
  if (figures)
    ImGui::TextDisabled("Bound figures: %.0f ms per refresh (IWAE: %d repetitions each, same noise every time).",
                        figures->milliseconds, figures->ladder.empty() ? 0 : figures->ladder.front().repetitions);
  ImGui::PopTextWrapPos();
}

}  // namespace latent
