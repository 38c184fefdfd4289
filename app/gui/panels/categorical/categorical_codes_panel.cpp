// Drawing the categorical VAE's code table: the decoding goes to the worker,
// the mass comes from the snapshot's held-out q(z|x).
#include "gui/panels/categorical/categorical_codes_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/conditional/conditional_style.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

const char* CategoricalCodesPanel::explanation() {
  return "The latent z is D categorical variables of K values each, and the decoder reads their one-hot codes, "
         "so there are only K^D different decodings. The table shows them for the first two groups: row z₁, "
         "column z₂, each cell the decoder's mean for that code (other groups at their most used value). A "
         "cell's brightness is the share of the held-out examples' posterior mass q(z|x) it holds: codes the "
         "encoder never uses fade. Hover a cell for its numbers.";
}

void CategoricalCodesPanel::refresh(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  const CategoricalVaeConfig& config = s.categorical->config();
  const int D = config.groups, K = config.categories;
  if (s.codes && s.codes->q.rows() == config.code_size()) {
    mass_ = code_table_mass(s.codes->q, D, K);
    // Groups past the second: each at the category with the most mean mass.
    fixed_.assign(size_t(std::max(0, D - 2)), 0);
    for (int d = 2; d < D; ++d) s.codes->q.middleRows(d * K, K).rowwise().sum().maxCoeff(&fixed_[size_t(d - 2)]);
  }
  rows_ = D == 1 ? 1 : K;
  cols_ = K;
  if (schedule_.due(s, uint64_t(fixed_.empty() ? 0 : fixed_.front()))) {
    Matrix codes = Matrix::Zero(config.code_size(), rows_ * cols_);  // (D*K, cells), one-hot per group
    for (int r = 0; r < rows_; ++r)
      for (int c = 0; c < cols_; ++c) {
        const int cell = r * cols_ + c;
        if (D == 1) {
          codes(c, cell) = 1.0f;
          continue;
        }
        codes(r, cell) = 1.0f;
        codes(K + c, cell) = 1.0f;
        for (int d = 2; d < D; ++d) codes(d * K + fixed_[size_t(d - 2)], cell) = 1.0f;
      }
    DecodeWorker::Job job;
    job.categorical = s.categorical;
    job.params = s.params;
    job.z = std::move(codes);
    job.step = s.step;
    ctx.worker.submit(DecodeWorker::CategoricalCodes, std::move(job));
  }
  if (auto result = ctx.worker.take(DecodeWorker::CategoricalCodes)) {
    if (s.data && result->mean.rows() == s.data->train.dim && result->mean.cols() == rows_ * cols_) {
      decoded_ = std::move(result->mean);
      decoded_step_ = result->step;
      if (s.data->train.is_image())
        tiles_.upload(decoded_, s.data->train.width, s.data->train.height, cols_, s.data->train.channels);
    }
  }
}

void CategoricalCodesPanel::draw(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (!s.categorical || !s.params || !s.data) {
    ImGui::TextDisabled("waiting for the model ...");
    return;
  }
  refresh(ctx);
  const CategoricalVaeConfig& config = s.categorical->config();
  ImGui::TextDisabled("%d group%s × %d categories = %s codes; decoded at step %s", config.groups,
                      config.groups == 1 ? "" : "s", config.categories,
                      with_commas(config.joint_codes()).c_str(), with_commas(std::max<int64_t>(0, decoded_step_)).c_str());
  if (config.groups > 2) {
    ImGui::SameLine();
    ImGui::TextDisabled("(z₃… at their most used value)");
  }
  if (decoded_.cols() != rows_ * cols_ || mass_.rows() != rows_ || mass_.cols() != cols_) {
    ImGui::TextDisabled("decoding ...");
    return;
  }
  if (s.data->train.is_image())
    draw_images(ctx);
  else
    draw_points(ctx);
}

void CategoricalCodesPanel::draw_images(PanelContext& ctx) {
  const plot::Colors& colors = plot::colors();
  const float font = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label_w = ImGui::CalcTextSize("z₁ = 00").x + font * 0.5f, label_h = font * 1.4f;
  const float cell = std::floor(std::max(font, std::min((avail.x - label_w) / cols_, (avail.y - label_h - font * 1.6f) / rows_)));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 top_left(origin.x + label_w, origin.y + label_h);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const double most = std::max(1e-12, mass_.maxCoeff());
  const int every = std::max(1, int(std::ceil(ImGui::CalcTextSize("00").x * 1.4f / cell)));
  for (int c = 0; c < cols_; c += every) {
    char text[16];
    std::snprintf(text, sizeof text, "%d", c);
    const ImVec2 size = ImGui::CalcTextSize(text);
    draw->AddText({top_left.x + (c + 0.5f) * cell - size.x * 0.5f, origin.y}, colors.axis_text, text);
  }
  if (rows_ > 1)
    for (int r = 0; r < rows_; r += every) {
      char text[16];
      std::snprintf(text, sizeof text, "%d", r);
      const ImVec2 size = ImGui::CalcTextSize(text);
      draw->AddText({top_left.x - size.x - font * 0.4f, top_left.y + (r + 0.5f) * cell - size.y * 0.5f},
                    colors.axis_text, text);
    }
  draw->AddText({origin.x, origin.y}, colors.axis_text, rows_ > 1 ? "z₁ \\ z₂" : "z₁");
  int hovered_r = -1, hovered_c = -1;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (int r = 0; r < rows_; ++r)
    for (int c = 0; c < cols_; ++c) {
      const ImVec2 p0(top_left.x + c * cell, top_left.y + r * cell), p1(p0.x + cell - 1.0f, p0.y + cell - 1.0f);
      // Brightness by share of the mass (square root: a code with a quarter of the top one's mass is half as bright).
      const float share = float(std::sqrt(mass_(r, c) / most));
      tiles_.draw(draw, r * cols_ + c, p0, p1, IM_COL32(255, 255, 255, int(40 + 215 * share)));
      if (mouse.x >= p0.x && mouse.x < p1.x && mouse.y >= p0.y && mouse.y < p1.y && ImGui::IsWindowHovered()) {
        hovered_r = r;
        hovered_c = c;
        draw->AddRect(p0, p1, colors.accent, 0.0f, 0, ui_px(2.0f));
      }
    }
  ImGui::Dummy(ImVec2(label_w + cell * cols_, label_h + cell * rows_));
  ImGui::TextDisabled("brightness: share of the held-out q(z|x) mass; hover a cell");
  if (hovered_r >= 0) cell_tooltip(hovered_r, hovered_c);
}

void CategoricalCodesPanel::draw_points(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  const Dataset& test = s.data->test;
  const plot::Colors& colors = plot::colors();
  float lo[2] = {0, 0}, hi[2] = {0, 0};
  const size_t n = std::min<size_t>(test.size(), 2000);
  for (size_t i = 0; i < n; ++i)
    for (int k = 0; k < 2; ++k) {
      const float v = test.point(i)[k];
      lo[k] = i == 0 ? v : std::min(lo[k], v);
      hi[k] = i == 0 ? v : std::max(hi[k], v);
    }
  const float pad[2] = {0.1f * (hi[0] - lo[0]) + 1e-3f, 0.1f * (hi[1] - lo[1]) + 1e-3f};
  plot::FrameOptions options;
  options.equal_aspect = true;
  options.y_label = true;
  plot::Frame frame("codes_plot", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()),
                    data_axis(plot::Axis{"", lo[0] - pad[0], hi[0] + pad[0]}, test, 0),
                    data_axis(plot::Axis{"", lo[1] - pad[1], hi[1] + pad[1]}, test, 1), options);
  std::vector<float> xs(n), ys(n);
  for (size_t i = 0; i < n; ++i) {
    xs[i] = test.point(i)[0];
    ys[i] = test.point(i)[1];
  }
  frame.markers(xs.data(), ys.data(), int(n), plot::with_alpha(colors.axis_text, 0.25f), ui_px(2.0f));
  // Each code a disc at its decoded mean, its area the share of the mass: a code nobody uses is a dot.
  const float full = ui_px(26.0f);
  int hovered = -1;
  float nearest = ui_px(12.0f);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (int cell = 0; cell < rows_ * cols_; ++cell) {
    const double share = mass_(cell / cols_, cell % cols_);
    const ImVec2 at = frame.to_px(decoded_(0, cell), decoded_(1, cell));
    const float radius = std::max(ui_px(1.5f), full * float(std::sqrt(share)));
    frame.draw_list()->AddCircleFilled(at, radius, plot::with_alpha(colors.accent, 0.55f));
    frame.draw_list()->AddCircle(at, radius, colors.accent, 0, ui_px(1.0f));
    if (share > 0.03) {
      char text[16];
      std::snprintf(text, sizeof text, rows_ > 1 ? "%d,%d" : "%d", rows_ > 1 ? cell / cols_ : cell % cols_, cell % cols_);
      frame.draw_list()->AddText({at.x + radius + ui_px(2.0f), at.y - ImGui::GetFontSize() * 0.5f}, colors.axis_text, text);
    }
    const float d = std::hypot(mouse.x - at.x, mouse.y - at.y);
    if (frame.hovered() && d < std::max(nearest, radius)) {
      nearest = d;
      hovered = cell;
    }
  }
  ImGui::TextDisabled("grey: held-out points; discs: each code's decoded mean, area ∝ its share of q(z|x)");
  if (hovered >= 0) cell_tooltip(hovered / cols_, hovered % cols_);
}

void CategoricalCodesPanel::cell_tooltip(int r, int c) const {
  ImGui::BeginTooltip();
  if (rows_ > 1)
    ImGui::Text("z₁ = %d, z₂ = %d", r, c);
  else
    ImGui::Text("z₁ = %d", c);
  const double total = mass_.sum();
  ImGui::Text("%.2f%% of the held-out q(z|x) mass", 100.0 * mass_(r, c) / std::max(1e-12, total));
  ImGui::TextDisabled("uniform prior: %.2f%% per cell", 100.0 / double(rows_ * cols_));
  ImGui::EndTooltip();
}

}  // namespace latent
