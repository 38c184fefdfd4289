// The bound panel's picture: the posterior grid as a heatmap that follows
// its own pan/zoom (fitted to where the posterior lives until the user moves
// it), q(z|x)'s and q*'s ellipses over it, and when to ask for a new grid.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/bound/bound_ladder.hpp"
#include "gui/panels/bound/bound_panel.hpp"
#include "gui/shell/ui_style.hpp"

namespace latent {

namespace {
float ui(float v) { return v * ImGui::GetFontSize() / UiStyle::kFontPixels; }  // sizes that follow the UI scale
double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
bool rect_moved(const LatentRect& a, const LatentRect& b) {
  const double tol = 0.002 * std::max(a.width(), a.height());
  return std::fabs(a.min0 - b.min0) >= tol || std::fabs(a.max0 - b.max0) >= tol || std::fabs(a.min1 - b.min1) >= tol ||
         std::fabs(a.max1 - b.max1) >= tol;
}

constexpr float kPosteriorLogRange = 10.0f;  // the log colour scale shows 10 nats below the peak

// Dark halo under a light line: readable on every colour of the heatmap.
void halo_ellipse(const plot::Frame& f, const DiagonalGaussian& q, double scale, ImU32 color, float thickness) {
  const Eigen::VectorXd s = q.sigma();
  f.ellipse(q.mu(0), q.mu(1), scale * s(0), scale * s(1), IM_COL32(0, 0, 0, 140), thickness + ui(2.0f), 72);
  f.ellipse(q.mu(0), q.mu(1), scale * s(0), scale * s(1), color, thickness, 72);
}

void legend_line(ImU32 color, const char* label) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight(), w = h * 1.4f, y = p.y + h * 0.55f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddLine({p.x, y}, {p.x + w, y}, IM_COL32(0, 0, 0, 140), ui(4.5f));
  draw->AddLine({p.x, y}, {p.x + w, y}, color, ui(2.5f));
  ImGui::Dummy(ImVec2(w, h));
  ImGui::SameLine();
  ImGui::TextUnformatted(label);
}

}  // namespace

void BoundPanel::upload_heatmap() {
  const std::optional<PosteriorView>& posterior = probe_.shown().posterior;
  heatmap_stale_ = false;
  uploaded_picture_ = probe_.shown().picture_revision;
  if (!posterior) return;
  const int n = posterior->resolution;
  std::vector<float> values(posterior->log_joint.size());
  // Relative to the peak in view: the picture's brightest cell is the most probable z on screen.
  const float peak = posterior->log_joint_max;
  for (size_t i = 0; i < values.size(); ++i) {
    const float relative = posterior->log_joint[i] - peak;
    values[i] = log_scale_ ? relative : std::exp(relative);
  }
  heatmap_.set_data(n, n, values.data());
  heatmap_.set_range(log_scale_ ? -kPosteriorLogRange : 0.0f, log_scale_ ? 0.0f : 1.0f);
  heatmap_.set_colormap(magma_ ? Colormap::Magma : Colormap::Viridis);
}

void BoundPanel::fit_view(PanelContext& ctx) {
  if (view_.user_moved) return;
  const BoundShown& shown = probe_.shown();
  const std::optional<PosteriorView>& posterior = shown.posterior;
  // Where the posterior lives and where the Gaussians sit: the grid on
  // screen, its q, the quadrature's global moments and q*, all of one model.
  double box[4] = {-4, 4, -4, 4};
  bool any = false;
  auto unite = [&](double cx, double cy, double hx, double hy) {
    const double b[4] = {cx - hx, cx + hx, cy - hy, cy + hy};
    if (!any) std::copy(b, b + 4, box);
    box[0] = std::min(box[0], b[0]);
    box[1] = std::max(box[1], b[1]);
    box[2] = std::min(box[2], b[2]);
    box[3] = std::max(box[3], b[3]);
    any = true;
  };
  auto unite_gaussian = [&](const Eigen::Vector2d& mean, const Eigen::Matrix2d& cov, double sds) {
    unite(mean(0), mean(1), sds * std::sqrt(std::max(cov(0, 0), 0.0)), sds * std::sqrt(std::max(cov(1, 1), 0.0)));
  };
  if (posterior) {
    unite_gaussian(posterior->mean, posterior->covariance, 3.5);
    // Mass at the border: the view cuts the posterior off, so look wider.
    if (posterior->border_mass > 1e-3) {
      const LatentRect wide = posterior->rect.scaled(1.6);
      unite(0.5 * (wide.min0 + wide.max0), 0.5 * (wide.min1 + wide.max1), 0.5 * wide.width(), 0.5 * wide.height());
    }
    if (posterior->q.dim() == 2)
      unite_gaussian(posterior->q.mu.head<2>(), posterior->q.sigma().head<2>().array().square().matrix().asDiagonal(),
                     3.0);
  }
  if (shown.figures && shown.figures->quadrature)
    unite_gaussian(shown.figures->quadrature->grid.posterior_mean, shown.figures->quadrature->grid.posterior_covariance,
                   3.5);
  if (shown.vi && shown.vi->current.dim() == 2)
    unite_gaussian(shown.vi->current.mu.head<2>(),
                   shown.vi->current.sigma().head<2>().array().square().matrix().asDiagonal(), 3.0);
  plot::PanZoom goal;
  goal.fit(box[0], box[1], box[2], box[3], 0.06);
  goal.half_height = std::max(goal.half_height, 0.05);
  // Glide (as the latent view does) so the eye can follow a zoom toward a sharpening posterior.
  const double a = 0.2, close = 1e-3 * goal.half_height;
  view_.center_x += a * (goal.center_x - view_.center_x);
  view_.center_y += a * (goal.center_y - view_.center_y);
  view_.half_height += a * (goal.half_height - view_.half_height);
  if (std::fabs(goal.center_x - view_.center_x) < close && std::fabs(goal.center_y - view_.center_y) < close &&
      std::fabs(goal.half_height - view_.half_height) < close)
    view_ = goal;
  else
    ctx.animating = true;
}

void BoundPanel::draw_posterior(PanelContext& ctx, ImVec2 size) {
  const Snapshot& s = ctx.snap();
  const std::optional<PosteriorView>& posterior = probe_.shown().posterior;
  fit_view(ctx);
  const float font = ImGui::GetFontSize();
  std::vector<plot::Tick> bar_ticks;
  if (log_scale_)
    for (int v = 0; v >= -int(kPosteriorLogRange); v -= 2) bar_ticks.push_back({double(v), plot::format_number(v, 1)});
  else
    for (int i = 0; i <= 4; ++i) bar_ticks.push_back({i * 0.25, plot::format_number(i * 0.25, 0.25)});
  const float bar_room = Heatmap::colorbar_width(bar_ticks) + font * 1.2f;
  char title[160];
  std::snprintf(title, sizeof title, "%s%s",
                log_scale_ ? "true posterior: log p(z|x) − log of its peak, nats" : "true posterior p(z|x) ÷ its peak",
                posterior ? "" : "  (computing ...)");
  plot::FrameOptions options;
  options.equal_aspect = true;
  options.title = title;
  // The Frame names only the x axis: make room left of the y tick labels for z₂.
  const std::string y_name = latent_axis_name(1);
  const float pad = std::round(font * 0.35f);
  {
    const plot::Axis y = view_.y_axis("");
    float widest = 0.0f;
    for (const plot::Tick& t : plot::make_ticks(y.min, y.max, y.scale, 8))
      widest = std::max(widest, ImGui::CalcTextSize(t.label.c_str()).x);
    options.left_margin = std::round(widest + 2 * pad + ImGui::CalcTextSize(y_name.c_str()).x + font * 0.6f);
  }
  ImVec2 bar_min, bar_max, y_label_at;
  {
    plot::Frame frame("posterior", ImVec2(size.x - bar_room, size.y), view_.x_axis(latent_axis_name(0)),
                      view_.y_axis(latent_axis_name(1)), options);
    const LatentRect rect{frame.x_axis().min, frame.x_axis().max, frame.y_axis().min, frame.y_axis().max};
    if (posterior && heatmap_.has_data()) {
      const LatentRect& r = posterior->rect;
      heatmap_.draw(frame, r.min0, r.min1, r.max0, r.max1);
    }
    draw_overlays(frame);
    view_.handle_input(frame, true);
    if (frame.hovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) view_.user_moved = false;
    if (frame.hovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) ImGui::OpenPopup("posterior_menu");
    if (ImGui::BeginPopup("posterior_menu")) {
      if (ImGui::MenuItem("viridis", nullptr, !magma_)) magma_ = false, heatmap_stale_ = true;
      if (ImGui::MenuItem("magma", nullptr, magma_)) magma_ = true, heatmap_stale_ = true;
      if (ImGui::MenuItem("log colours", nullptr, &log_scale_)) heatmap_stale_ = true;
      ImGui::Separator();
      if (ImGui::MenuItem("fit the view to the posterior")) view_.user_moved = false;
      ImGui::EndPopup();
    }
    if (frame.hovered() && posterior && posterior->resolution > 0) {
      const LatentRect& r = posterior->rect;
      const int n = posterior->resolution;
      const int c = int(std::floor((frame.mouse_x() - r.min0) / r.width() * n));
      const int row = int(std::floor((frame.mouse_y() - r.min1) / r.height() * n));
      if (c >= 0 && c < n && row >= 0 && row < n) {
        const float rel = posterior->log_joint[size_t(row) * size_t(n) + size_t(c)] - posterior->log_joint_max;
        ImGui::SetTooltip("z = (%.3f, %.3f)\np(z|x) = %.3g × its peak in view (%.1f nats below)\n"
                          "wheel: zoom, drag: pan, double-click: fit",
                          frame.mouse_x(), frame.mouse_y(), std::exp(rel), -rel);
      }
    }

    // The grid's size: about 30 ms of decoding while things move, 150 ms for
    // the still picture; the probe decides when to ask for it.
    if (rect_moved(rect, last_rect_)) view_moved_at_ = std::chrono::steady_clock::now();
    last_rect_ = rect;
    PictureRequest picture;
    picture.rect = rect;
    picture.live = (!probe_.frozen() && s.state == RunState::Running) || seconds_since(view_moved_at_) < 0.4;
    const double us = probe_.microseconds_per_decode();
    int n = us > 0 ? int(std::sqrt((picture.live ? 30e3 : 150e3) / us)) : 48;
    n = std::min(n, int((frame.area_max().x - frame.area_min().x) * ctx.pixel_scale / 2.0f));
    picture.resolution = std::clamp(n / 8 * 8, 24, 192);
    probe_.update(s, picture);
    bar_min = ImVec2(frame.area_max().x + font * 0.9f, frame.area_min().y);
    bar_max = ImVec2(bar_min.x + std::round(font * 0.9f), frame.area_max().y);
    const ImVec2 ts = ImGui::CalcTextSize(y_name.c_str());
    y_label_at = ImVec2(frame.area_min().x - options.left_margin + pad,
                        std::round(0.5f * (frame.area_min().y + frame.area_max().y - ts.y)));
  }
  ImGui::GetWindowDrawList()->AddText(y_label_at, plot::colors().axis_text, y_name.c_str());
  heatmap_.colorbar(bar_min, bar_max, bar_ticks, nullptr);
  draw_posterior_legend();
}

void BoundPanel::draw_overlays(const plot::Frame& frame) {
  const BoundColors& bc = bound_colors();
  const BoundShown& shown = probe_.shown();
  // The encoder's q(z|x) under the heatmap's own parameters, so both show the same model.
  if (shown.posterior && shown.posterior->q.dim() == 2) {
    halo_ellipse(frame, shown.posterior->q, 1.0, IM_COL32(255, 255, 255, 255), ui(2.5f));
    halo_ellipse(frame, shown.posterior->q, 2.0, IM_COL32(255, 255, 255, 230), ui(1.5f));
  }
  if (shown.vi && shown.vi->current.dim() == 2) {
    const std::vector<double>& trail = shown.vi_trail;
    if (trail.size() >= 4) {
      std::vector<ImVec2> points;
      for (size_t i = 0; i + 1 < trail.size(); i += 2) points.push_back(frame.to_px(trail[i], trail[i + 1]));
      frame.draw_list()->AddPolyline(points.data(), int(points.size()), bc.optimized, ImDrawFlags_None, ui(1.5f));
    }
    halo_ellipse(frame, shown.vi->current, 1.0, bc.optimized, ui(2.5f));
    halo_ellipse(frame, shown.vi->current, 2.0, bc.optimized, ui(1.5f));
  }
}

void BoundPanel::draw_posterior_legend() {
  legend_line(IM_COL32(255, 255, 255, 255), "encoder's q(z|x): 1σ, 2σ");
  if (probe_.shown().vi) {
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.2f);
    legend_line(bound_colors().optimized, "per-point q*(z)");
  }
  same_line_if_fits(check_width("log scale") + ImGui::GetFontSize() * 0.6f);
  if (ImGui::Checkbox("log scale", &log_scale_)) heatmap_stale_ = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("colour by log p(z|x), the %.0f nats below the peak: shows the tails\n"
                      "(right-click the picture for the magma colormap)", kPosteriorLogRange);
  if (heatmap_stale_ || uploaded_picture_ != probe_.shown().picture_revision) upload_heatmap();
}

}  // namespace latent
