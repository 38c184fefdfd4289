// Drawing the bound ladder with the plot module: rows as the ladder's rungs,
// dots with +-2 standard-error whiskers, log p(x) as a line through them all.
#include "gui/panels/bound/bound_ladder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/plot/plot.hpp"

namespace latent {

namespace {
using plot::kMinus;

struct Row {
  std::string label;
  double value = 0.0;
  double error = 0.0;  // one standard error; 0 for figures computed by quadrature
  ImU32 color = 0;
  bool diamond = false;
};
}  // namespace

const BoundColors& bound_colors() {
  // Chosen against the viridis heatmap (no orange in it) and both themes'
  // plot backgrounds; log p(x) takes the theme's text colour.
  static BoundColors colors;
  colors = {plot::colors().train, IM_COL32(240, 110, 0, 255), plot::colors().axis_text, IM_COL32(240, 110, 0, 90),
            IM_COL32(120, 90, 170, 110)};
  return colors;
}

std::string nats_text(double value) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%.2f", value < 0 ? kMinus : "", std::fabs(value));
  return buf;
}

int bound_ladder_rows(const BoundFigures& f, const ViProgress* vi) {
  int rows = 2 + (f.quadrature ? 1 : 0) + (vi ? 1 : 0);  // ELBO and the gap bar, log p(x), q*
  for (const ImportanceWeightedBound& b : f.ladder) rows += b.k > 1 ? 1 : 0;
  return rows;
}

void draw_bound_ladder(const BoundFigures& f, const ViProgress* vi, ImVec2 size, const std::string& title) {
  const BoundColors& bc = bound_colors();
  const plot::Colors& pc = plot::colors();
  // Top to bottom: the ladder climbs from the ELBO toward log p(x).
  std::vector<Row> rows;
  const bool exact = f.quadrature.has_value();
  if (exact) rows.push_back({"log p(x)", f.quadrature->log_marginal, 0.0, bc.marginal, true});
  for (auto it = f.ladder.rbegin(); it != f.ladder.rend(); ++it)
    if (it->k > 1) rows.push_back({"IWAE k=" + std::to_string(it->k), it->mean, it->standard_error, bc.encoder});
  rows.push_back({"ELBO (k=1)", f.elbo.elbo(), f.elbo.error, bc.encoder});
  if (vi) rows.push_back({"ELBO of q*", vi->optimized_elbo.elbo(), vi->optimized_elbo.error, bc.optimized});
  // Without quadrature the tightest lower bound stands in for log p(x).
  double top = exact ? f.quadrature->log_marginal : -INFINITY;
  if (!exact) {
    for (const Row& r : rows) top = std::max(top, r.value);
    if (vi) top = std::max(top, vi->reference);  // it may hold IWAE with q* as proposal, tighter still
  }

  double lo = INFINITY, hi = -INFINITY;
  for (const Row& r : rows) {
    lo = std::min(lo, r.value - 2 * r.error);
    hi = std::max(hi, r.value + 2 * r.error);
  }
  const double span = std::max(hi - lo, 0.5);
  const double mid = 0.5 * (lo + hi);
  plot::Axis x{"nats", mid - 0.5 * span - 0.08 * span, mid + 0.5 * span + 0.08 * span};
  // One more rung at the bottom: the gap log p(x) - ELBO = KL(q || p(z|x)) as a bar.
  const int n = int(rows.size()) + 1;
  plot::Axis y{"", -0.5, n - 0.5};
  plot::FrameOptions options;
  options.title = title;
  for (int i = 0; i < n - 1; ++i) {
    const Row& r = rows[size_t(i)];
    options.y_ticks.push_back({double(n - 1 - i), r.label + "  " + nats_text(r.value)});
  }
  options.y_ticks.push_back({0.0, std::string(exact ? "KL(q ‖ p(z|x))" : "KL ≥") + "  " + nats_text(top - f.elbo.elbo())});
  if (size.y <= 0) size.y = ImGui::GetContentRegionAvail().y;
  plot::Frame frame("bound_ladder", size, x, y, options);
  ImDrawList* draw = frame.draw_list();
  const float font = ImGui::GetFontSize();
  const float radius = std::round(font * 0.32f);
  const float row_px = std::fabs(frame.y_to_px(0) - frame.y_to_px(1));
  auto row_y = [&](int i) { return double(n - 1 - i); };

  // The reference as a line through every rung: no bound may cross it.
  {
    const float px = frame.x_to_px(top);
    draw->AddLine({px, frame.area_min().y}, {px, frame.area_max().y}, plot::with_alpha(bc.marginal, exact ? 0.8f : 0.35f),
                  std::max(1.5f, font * 0.1f));
  }
  // The gap bar: all of KL(q || p(z|x)) in grey; after per-point VI, split at
  // q*'s ELBO into amortization and approximation gaps (Cremer et al. 2018).
  {
    const float yc = frame.y_to_px(0.0), h = std::min(row_px * 0.3f, font * 0.5f);
    const float e = frame.x_to_px(f.elbo.elbo()), t = frame.x_to_px(top);
    if (vi) {
      const float s = std::clamp(frame.x_to_px(vi->optimized_elbo.elbo()), std::min(e, t), std::max(e, t));
      draw->AddRectFilled({std::min(e, s), yc - h}, {std::max(e, s), yc + h}, bc.amortization);
      draw->AddRectFilled({std::min(s, t), yc - h}, {std::max(s, t), yc + h}, bc.approximation);
    } else {
      draw->AddRectFilled({std::min(e, t), yc - h}, {std::max(e, t), yc + h}, plot::with_alpha(pc.axis_text, 0.25f));
    }
  }
  for (int i = 0; i < n - 1; ++i) {
    const Row& r = rows[size_t(i)];
    const double yv = row_y(i);
    const float yc = frame.y_to_px(yv);
    if (r.error > 0) {
      const float a = frame.x_to_px(r.value - 2 * r.error), b = frame.x_to_px(r.value + 2 * r.error), cap = font * 0.2f;
      draw->AddLine({a, yc}, {b, yc}, r.color, 2.0f);
      draw->AddLine({a, yc - cap}, {a, yc + cap}, r.color, 2.0f);
      draw->AddLine({b, yc - cap}, {b, yc + cap}, r.color, 2.0f);
    }
    const ImVec2 c = frame.to_px(r.value, yv);
    if (r.diamond)
      draw->AddQuadFilled({c.x, c.y - radius * 1.3f}, {c.x + radius * 1.3f, c.y}, {c.x, c.y + radius * 1.3f},
                          {c.x - radius * 1.3f, c.y}, r.color);
    else
      draw->AddCircleFilled(c, radius, r.color, 16);
  }
}

}  // namespace latent
