// Drawing and interaction of the latent view.
#include "gui/panels/latent/latent_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "live/probes/latent_probes.hpp"
#include "core/math/normal_quantile.hpp"
#include "gui/shell/ui_style.hpp"

namespace latent {

namespace {
float ui(float v) { return v * ImGui::GetFontSize() / UiStyle::kFontPixels; }  // sizes that follow the UI scale

int label_of(const Snapshot& s, int code) {
  const int index = s.codes->test_indices[size_t(code)];
  return s.data && index < int(s.data->test.labels.size()) ? s.data->test.labels[size_t(index)] : 0;
}

double percentile_of(std::vector<float>& v, double p) {
  if (v.empty()) return 0.0;
  const size_t k = std::min(v.size() - 1, size_t(p * double(v.size() - 1)));
  std::nth_element(v.begin(), v.begin() + long(k), v.end());
  return v[k];
}
}  // namespace

double LatentPanel::point_y(const Snapshot& s, const LatentProbes& probes, int code) const {
  if (probes.latent_dim() > 1) return s.codes->mu(probes.dim_y, code);
  // One latent dimension: spread the classes over rows so they can be told apart.
  const double jitter = (double((uint32_t(code) * 2654435761u) >> 16 & 0xFF) / 255.0 - 0.5) * 0.5;
  return label_of(s, code) + jitter;
}

void LatentPanel::draw(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  LatentProbes& probes = ctx.probes;
  if (s.vae) probes.conform(s.vae->latent_dim());
  draw_controls(ctx);

  // Legend: hovering a class fades the others, to find it in the cloud.
  std::vector<plot::LegendEntry> entries;
  if (s.data)
    for (int c = 0; c < s.data->test.class_count(); ++c) entries.push_back({class_name(s, c), plot::category_color(c)});
  const int hovered_entry = plot::legend("classes", entries);
  probes.highlighted_class = hovered_entry;

  const bool one_dim = probes.latent_dim() == 1;
  update_fit_target(s, probes);
  if (!view_.user_moved) {
    // Glide toward the data instead of jumping, so the eye can follow the change.
    plot::PanZoom goal;
    goal.fit(target_[0], target_[1], target_[2], target_[3], 0.05);
    // Fast, and only for visible moves: each animated frame is a full redraw
    // (on a software renderer, CPU the trainer would otherwise have).
    const double a = 0.45;
    view_.center_x += a * (goal.center_x - view_.center_x);
    view_.center_y += a * (goal.center_y - view_.center_y);
    view_.half_height += a * (goal.half_height - view_.half_height);
    // Arrive exactly, so a still view stays still (and the prior's picture is not redrawn).
    const double close = 0.02 * goal.half_height;
    if (std::fabs(goal.center_x - view_.center_x) < close && std::fabs(goal.center_y - view_.center_y) < close &&
        std::fabs(goal.half_height - view_.half_height) < close) {
      view_.center_x = goal.center_x;
      view_.center_y = goal.center_y;
      view_.half_height = goal.half_height;
    } else {
      ctx.animating = true;
    }
  }

  std::string title = "encoder means μ(x) of held-out data";
  if (s.codes)
    title = "μ(x) of " + with_commas(int64_t(s.codes->test_indices.size())) + " held-out points, step " + with_commas(s.codes->step);
  plot::Axis x_axis = view_.x_axis(latent_axis_name(probes.dim_x));
  plot::Axis y_axis = view_.y_axis(one_dim ? "" : latent_axis_name(probes.dim_y));
  plot::FrameOptions options;
  options.title = title;
  options.equal_aspect = !one_dim;
  options.fill_background = !(show_prior_ && !one_dim && backdrop_.usable());
  if (one_dim) {
    const int classes = s.data ? std::max(1, s.data->test.class_count()) : 1;
    y_axis = plot::Axis{"class row (one latent dimension)", -1.6, classes - 0.4, plot::Scale::Linear};
  }
  plot::Frame frame("latent_plot", ImVec2(0, 0), x_axis, y_axis, options);

  const int hovered_pin = frame.hovered() || dragging_pin_ >= 0 ? nearest_pin(probes, frame) : -1;
  const int hovered_code = frame.hovered() && dragging_pin_ < 0 && hovered_pin < 0 ? nearest_code(s, probes, frame) : -1;
  handle_mouse(ctx, frame, hovered_pin, hovered_code);
  context_menu(ctx);

  // The prior.
  if (show_prior_ && !one_dim) {
    backdrop_.draw(frame);  // the density's shading
    for (int r = 1; r <= 3; ++r) frame.ellipse(0, 0, r, r, plot::with_alpha(plot::colors().prior, 0.6f), ui(1.2f), 64);
    for (int r = 1; r <= 3; ++r) {
      char label[32];
      std::snprintf(label, sizeof label, "%dσ", r);  // "1σ"
      const double d = r / std::sqrt(2.0);
      // Up and right of the ring's 45° point; left out where it would be cut
      // by the plot's edge or run into the title line along its top (the
      // ring itself still shows, and the others name the spacing).
      const ImVec2 at = frame.to_px(d, d), size = ImGui::CalcTextSize(label);
      const bool fits = at.x + ui(3) + size.x <= frame.area_max().x &&
                        at.y - ui(3) - size.y >= frame.area_min().y + ImGui::GetTextLineHeightWithSpacing();
      if (fits)
        frame.text(d, d, label, plot::with_alpha(plot::colors().prior, 0.95f), ImVec2(0, 1), ImVec2(ui(3), -ui(3)));
    }
  }
  // Where the manifold grid's z's are (denser near the origin: inverse CDF spacing).
  if (show_grid_points_ && !one_dim && s.vae) {
    const int n = probes.manifold_size;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const ImVec2 p = frame.to_px(manifold_grid_z(i, n), manifold_grid_z(j, n));
        const float r = ui(2.5f);
        frame.draw_list()->AddLine({p.x - r, p.y}, {p.x + r, p.y}, plot::colors().axis_text, 1.0f);
        frame.draw_list()->AddLine({p.x, p.y - r}, {p.x, p.y + r}, plot::colors().axis_text, 1.0f);
      }
  }
  if (s.codes && s.codes->mu.rows() == probes.latent_dim()) draw_points(ctx, frame, hovered_code);
  if (probes.has_hover_z) {
    const ImVec2 p = frame.to_px(probes.hover_z[0], probes.hover_z[1]);
    frame.draw_list()->AddCircle(p, ui(9), plot::colors().accent, 24, ui(2.5f));
  }
  draw_pins(ctx, frame, hovered_pin);

  if (!s.codes) {
    const char* text = s.vae ? "encoding held-out data ..." : "waiting for the model ...";
    frame.text(view_.center_x, view_.center_y, text, plot::colors().axis_text, ImVec2(0.5f, 0.5f));
  }
}

void LatentPanel::draw_controls(PanelContext& ctx) {
  // One small button before the legend: the view's options live in its popup.
  LatentProbes& probes = ctx.probes;
  const int L = probes.latent_dim();
  if (ImGui::SmallButton("view ▾")) ImGui::OpenPopup("latent_view");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("prior, q(z|x) ellipses, grid points%s", L > 2 ? ", which dimensions" : "");
  ImGui::SameLine();
  if (!ImGui::BeginPopup("latent_view")) return;
  ImGui::Checkbox("prior p(z): density and 1, 2, 3σ contours", &show_prior_);
  ImGui::Checkbox("1σ ellipses of q(z|x)", &show_ellipses_);
  ImGui::Checkbox("grid z's of the manifold panel", &show_grid_points_);
  if (L > 2) {
    // Two of L dimensions: the rest of every pin stays where it is.
    ImGui::Separator();
    auto chooser = [&](const char* label, int& dim, int other) {
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.0f);
      if (ImGui::BeginCombo(label, latent_axis_name(dim).c_str())) {
        for (int d = 0; d < L; ++d)
          if (d != other && ImGui::Selectable(latent_axis_name(d).c_str(), d == dim)) {
            dim = d;
            ++probes.version;
          }
        ImGui::EndCombo();
      }
    };
    chooser("across", probes.dim_x, probes.dim_y);
    chooser("up", probes.dim_y, probes.dim_x);
    ImGui::TextDisabled("the other %d dimensions of each pin stay as they are", L - 2);
  }
  ImGui::Separator();
  if (ImGui::Button("fit the view to the data")) {
    view_.user_moved = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::TextDisabled("or double-click the plot");
  ImGui::EndPopup();
}

void LatentPanel::update_fit_target(const Snapshot& s, const LatentProbes& probes) {
  if (!s.codes || s.codes->mu.rows() != probes.latent_dim()) return;
  if (s.codes.get() == fitted_codes_ && fitted_dims_[0] == probes.dim_x && fitted_dims_[1] == probes.dim_y) return;
  fitted_codes_ = s.codes.get();
  fitted_dims_[0] = probes.dim_x;
  fitted_dims_[1] = probes.dim_y;
  // Robust bounds (a few outliers should not shrink the cloud), and never
  // smaller than the prior's 3-sigma circle, which is the reference frame.
  const Matrix& mu = s.codes->mu;
  std::vector<float> xs(size_t(mu.cols())), ys(size_t(mu.cols()));
  for (Eigen::Index i = 0; i < mu.cols(); ++i) {
    xs[size_t(i)] = mu(probes.dim_x, i);
    ys[size_t(i)] = probes.latent_dim() > 1 ? mu(probes.dim_y, i) : 0.0f;
  }
  target_[0] = std::min(-3.0, percentile_of(xs, 0.005));
  target_[1] = std::max(3.0, percentile_of(xs, 0.995));
  target_[2] = std::min(-3.0, percentile_of(ys, 0.005));
  target_[3] = std::max(3.0, percentile_of(ys, 0.995));
}

int LatentPanel::nearest_code(const Snapshot& s, const LatentProbes& probes, const plot::Frame& frame) const {
  if (!s.codes || s.codes->mu.rows() != probes.latent_dim()) return -1;
  const ImVec2 m = frame.mouse_px();
  float best = ui(7) * ui(7);
  int found = -1;
  for (Eigen::Index i = 0; i < s.codes->mu.cols(); ++i) {
    const ImVec2 p = frame.to_px(s.codes->mu(probes.dim_x, i), point_y(s, probes, int(i)));
    const float d = (p.x - m.x) * (p.x - m.x) + (p.y - m.y) * (p.y - m.y);
    if (d < best) {
      best = d;
      found = int(i);
    }
  }
  return found;
}

int LatentPanel::nearest_pin(const LatentProbes& probes, const plot::Frame& frame) const {
  if (dragging_pin_ >= 0) return dragging_pin_;
  const ImVec2 m = frame.mouse_px();
  const float reach = ui(12);
  for (int i = int(probes.pins.size()) - 1; i >= 0; --i) {
    const Pin& p = probes.pins[size_t(i)];
    const double y = probes.latent_dim() > 1 ? p.z[size_t(probes.dim_y)] : -1.0;
    const ImVec2 c = frame.to_px(p.z[size_t(probes.dim_x)], y);
    if ((c.x - m.x) * (c.x - m.x) + (c.y - m.y) * (c.y - m.y) <= reach * reach) return i;
  }
  return -1;
}

void LatentPanel::handle_mouse(PanelContext& ctx, const plot::Frame& frame, int hovered_pin, int hovered_code) {
  LatentProbes& probes = ctx.probes;
  const ImGuiIO& io = ImGui::GetIO();
  if (frame.hovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    dragging_pin_ = hovered_pin;
    pressed_on_background_ = hovered_pin < 0;
  }
  if (dragging_pin_ >= 0) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      if (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f)
        probes.move_pin(dragging_pin_, frame.mouse_x(), frame.mouse_y(), ctx.frame);
    } else {
      dragging_pin_ = -1;
    }
  } else if (hovered_pin >= 0) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  }
  view_.handle_input(frame, pressed_on_background_ && dragging_pin_ < 0);
  if (pressed_on_background_ && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    // A click (not a drag) picks the example under the mouse, or clears the pick.
    if (io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < ui(4) * ui(4) && frame.hovered()) {
      probes.selected_test_index = hovered_code >= 0 ? ctx.snap().codes->test_indices[size_t(hovered_code)] : -1;
      ++probes.version;
    }
    pressed_on_background_ = false;
  }
  if (frame.hovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && hovered_pin < 0) view_.user_moved = false;
  if (frame.hovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
    menu_x_ = frame.mouse_x();
    menu_y_ = frame.mouse_y();
    ImGui::OpenPopup("latent_menu");
  }
  if (hovered_code >= 0 && dragging_pin_ < 0) {
    const Snapshot& s = ctx.snap();
    const int index = s.codes->test_indices[size_t(hovered_code)];
    ImGui::BeginTooltip();
    ImGui::Text("%s  (held-out #%d)", class_name(s, label_of(s, hovered_code)).c_str(), index);
    const int L = probes.latent_dim();
    for (int d = 0; d < std::min(L, 4); ++d)
      ImGui::Text("%s: μ = %+.2f, σ = %.3f", latent_axis_name(d).c_str(), s.codes->mu(d, hovered_code),
                  std::exp(0.5f * s.codes->log_var(d, hovered_code)));
    if (L > 4) ImGui::TextDisabled("... %d more dimensions", L - 4);
    ImGui::TextDisabled("click: inspect it");
    ImGui::EndTooltip();
  } else if (hovered_pin >= 0 && dragging_pin_ < 0) {
    ImGui::SetTooltip("pin %c: drag to decode other z's", probes.pins[size_t(hovered_pin)].name);
  }
}

void LatentPanel::context_menu(PanelContext& ctx) {
  LatentProbes& probes = ctx.probes;
  if (!ImGui::BeginPopup("latent_menu")) return;
  ImGui::TextDisabled("z = (%.2f, %.2f)", menu_x_, menu_y_);
  for (size_t i = 0; i < probes.pins.size(); ++i) {
    char label[48];
    std::snprintf(label, sizeof label, "move pin %c here", probes.pins[i].name);
    if (ImGui::MenuItem(label)) probes.move_pin(int(i), menu_x_, menu_y_, ctx.frame);
  }
  if (ImGui::MenuItem("add a pin here", nullptr, false, probes.pins.size() < 6)) probes.add_pin(menu_x_, menu_y_, ctx.frame);
  ImGui::Separator();
  if (ImGui::MenuItem("clear the selected example", nullptr, false, probes.selected_test_index >= 0)) {
    probes.selected_test_index = -1;
    ++probes.version;
  }
  if (ImGui::MenuItem("fit the view to the data")) view_.user_moved = false;
  ImGui::EndPopup();
}

void LatentPanel::draw_points(PanelContext& ctx, const plot::Frame& frame, int hovered_code) {
  const Snapshot& s = ctx.snap();
  const LatentProbes& probes = ctx.probes;
  const Matrix& mu = s.codes->mu;
  const int n = int(mu.cols());
  ImDrawList* draw = frame.draw_list();
  const float radius = ui(3.0f);
  const int highlight = probes.highlighted_class;

  if (show_ellipses_ && probes.latent_dim() > 1) {
    // q(z|x) is diagonal, so its 1-sigma ellipse is a circle stretched along the axes: one quad each.
    const float px_per_unit = float(1.0 / frame.x_per_px());
    for (int i = 0; i < n; ++i) {
      const int label = label_of(s, i);
      if (highlight >= 0 && label != highlight) continue;
      const float rx = float(std::exp(0.5 * s.codes->log_var(probes.dim_x, i))) * px_per_unit;
      const float ry = float(std::exp(0.5 * s.codes->log_var(probes.dim_y, i))) * px_per_unit;
      plot::sprite(draw, plot::Sprite::ThinRing, frame.to_px(mu(probes.dim_x, i), mu(probes.dim_y, i)), rx, ry,
                   plot::category_color(label, 0.35f));
    }
  }
  codes_cloud_.clear();
  for (int i = 0; i < n; ++i) {
    const int label = label_of(s, i);
    const float alpha = highlight < 0 ? 0.8f : (label == highlight ? 1.0f : 0.08f);
    codes_cloud_.add(mu(probes.dim_x, i), float(point_y(s, probes, i)), plot::category_color(label, alpha));
  }
  codes_cloud_.draw(frame, plot::Sprite::Disc, radius);
  auto ring = [&](int code, float width) {
    const ImVec2 p = frame.to_px(mu(probes.dim_x, code), point_y(s, probes, code));
    draw->AddCircle(p, radius + ui(3), plot::colors().axis_text, 16, width);
  };
  if (hovered_code >= 0) ring(hovered_code, ui(1.5f));
  const int selected = probes.selected_code(s);
  if (selected >= 0) {
    ring(selected, ui(2.5f));
    if (probes.latent_dim() > 1)
      frame.ellipse(mu(probes.dim_x, selected), mu(probes.dim_y, selected),
                    std::exp(0.5 * s.codes->log_var(probes.dim_x, selected)),
                    std::exp(0.5 * s.codes->log_var(probes.dim_y, selected)), plot::colors().axis_text, ui(2.0f), 48);
  }
}

void LatentPanel::draw_pins(PanelContext& ctx, const plot::Frame& frame, int hovered_pin) {
  const LatentProbes& probes = ctx.probes;
  ImDrawList* draw = frame.draw_list();
  const bool one_dim = probes.latent_dim() == 1;
  auto pin_px = [&](const std::vector<float>& z) {
    return frame.to_px(z[size_t(probes.dim_x)], one_dim ? -1.0 : z[size_t(probes.dim_y)]);
  };
  // The interpolation path between the two chosen pins, with its decoded steps as dots.
  const Matrix path = probes.interpolation_path(probes.spherical ? 48 : 2);
  std::vector<ImVec2> points;
  for (Eigen::Index i = 0; i < path.cols(); ++i) {
    std::vector<float> z(path.col(i).data(), path.col(i).data() + path.rows());
    points.push_back(pin_px(z));
  }
  draw->AddPolyline(points.data(), int(points.size()), plot::with_alpha(plot::colors().accent, 0.8f), ImDrawFlags_None,
                    ui(2.0f));
  const Matrix steps = probes.interpolation_path(10);
  for (Eigen::Index i = 1; i + 1 < steps.cols(); ++i) {
    std::vector<float> z(steps.col(i).data(), steps.col(i).data() + steps.rows());
    draw->AddCircleFilled(pin_px(z), ui(2.5f), plot::colors().accent, 8);
  }
  const float r = ui(10);
  for (size_t i = 0; i < probes.pins.size(); ++i) {
    const Pin& p = probes.pins[i];
    const ImVec2 c = pin_px(p.z);
    const bool hot = int(i) == hovered_pin;
    draw->AddCircleFilled(c, r + ui(1.5f), plot::colors().axis_text, 24);
    draw->AddCircleFilled(c, r, hot ? plot::with_alpha(plot::colors().accent, 1.0f) : IM_COL32(255, 255, 255, 255), 24);
    const char name[2] = {p.name, 0};
    const ImVec2 ts = ImGui::CalcTextSize(name);
    draw->AddText({std::round(c.x - ts.x * 0.5f), std::round(c.y - ts.y * 0.5f)},
                  hot ? IM_COL32(255, 255, 255, 255) : IM_COL32(20, 20, 24, 255), name);
  }
}

}  // namespace latent
