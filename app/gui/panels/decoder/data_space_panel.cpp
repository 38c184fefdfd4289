// Drawing the 2-D data view and feeding its decodes to the worker.
#include "gui/panels/decoder/data_space_panel.hpp"

#include <algorithm>
#include <cmath>

#include "core/math/rng.hpp"
#include "live/probes/latent_probes.hpp"
#include "live/probes/snapshot_decoder.hpp"
#include "gui/shell/ui_style.hpp"

namespace latent {

namespace {
float ui(float v) { return v * ImGui::GetFontSize() / UiStyle::kFontPixels; }
constexpr int kSamples = 1000;
const double kLineLevels[] = {-2.0, -1.0, 0.0, 1.0, 2.0};  // z values held fixed along each line
constexpr int kPathPoints = 24;
}  // namespace

void DataSpacePanel::fit(const Snapshot& s) {
  const Dataset& test = s.data->test;
  float x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (size_t i = 0; i < test.size(); ++i) {
    x0 = std::min(x0, test.point(i)[col_x_]);
    x1 = std::max(x1, test.point(i)[col_x_]);
    y0 = std::min(y0, test.point(i)[col_y_]);
    y1 = std::max(y1, test.point(i)[col_y_]);
  }
  if (x0 <= x1) view_.fit(x0, x1, y0, y1, 0.1);
  fitted_data_ = s.data.get();
  view_.user_moved = false;
}

void DataSpacePanel::draw_column_choice(const Dataset& data) {
  // "[length] across, [width] up"; a change refits the view.
  const auto combo = [&](const char* id, int& column, int other) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
    if (!ImGui::BeginCombo(id, data_column_name(data, column).c_str())) return;
    for (int c = 0; c < data.dim; ++c)
      if (c != other && ImGui::Selectable(data_column_name(data, c).c_str(), c == column)) {
        column = c;
        fitted_data_ = nullptr;
      }
    ImGui::EndCombo();
  };
  ImGui::AlignTextToFramePadding();
  combo("##data_x", col_x_, col_y_);
  ImGui::SameLine();
  ImGui::TextUnformatted("across,");
  same_line_if_fits(ImGui::GetFontSize() * 9.0f);
  combo("##data_y", col_y_, col_x_);
  ImGui::SameLine();
  ImGui::TextUnformatted("up");
}

void DataSpacePanel::request(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  const LatentProbes& probes = ctx.probes;
  const int L = probes.latent_dim();
  // Reconstructions of the held-out codes, decoded with the parameters they
  // were encoded with, so each line x -> reconstruction is of one model.
  if (s.codes && s.codes->mu.rows() == L && s.codes->params && s.codes != submitted_codes_ &&
      !ctx.worker.pending(DecodeWorker::DataSpaceCodes)) {
    submitted_codes_ = s.codes;
    ctx.worker.submit(DecodeWorker::DataSpaceCodes,
                      {s.vae, s.codes->params, s.codes->mu, ++codes_generation_, s.codes->step});
  }
  // Model samples from fixed z and eps.
  if (prior_z_.rows() != L) {
    Rng rng(1234);
    prior_z_.resize(L, kSamples);
    noise_.resize(s.data->train.dim, kSamples);
    for (Eigen::Index i = 0; i < prior_z_.size(); ++i) prior_z_.data()[i] = float(rng.normal());
    for (Eigen::Index i = 0; i < noise_.size(); ++i) noise_.data()[i] = float(rng.normal());
    samples_schedule_.invalidate();
  }
  if (samples_schedule_.due(s, uint64_t(L))) ctx.worker.submit(DecodeWorker::DataSpaceSamples, {s.vae, s.params, prior_z_, 0});
  // Decoder mean along lines of the latent plane, plus the interpolation path.
  if (curves_schedule_.due(s, probes.version)) {
    const int points = 61;
    const int lines = L > 1 ? 2 * int(std::size(kLineLevels)) : 1;
    Matrix z = Matrix::Zero(L, lines * points + kPathPoints);
    int col = 0;
    for (int line = 0; line < lines; ++line)
      for (int k = 0; k < points; ++k, ++col) {
        const double t = -3.0 + 6.0 * k / (points - 1);
        if (L == 1) {
          z(0, col) = float(t * 3.5 / 3.0);
        } else if (line < int(std::size(kLineLevels))) {
          z(probes.dim_x, col) = float(t);
          z(probes.dim_y, col) = float(kLineLevels[line]);
        } else {
          z(probes.dim_x, col) = float(kLineLevels[line - int(std::size(kLineLevels))]);
          z(probes.dim_y, col) = float(t);
        }
      }
    z.rightCols(kPathPoints) = probes.interpolation_path(kPathPoints);
    curve_lines_ = lines;
    curve_points_ = points;
    path_points_ = kPathPoints;
    ctx.worker.submit(DecodeWorker::DataSpaceCurves, {s.vae, s.params, std::move(z), 0});
  }
}

void DataSpacePanel::collect(PanelContext& ctx) {
  if (auto r = ctx.worker.take(DecodeWorker::DataSpaceCodes); r && r->generation == codes_generation_) {
    reconstructions_ = std::move(r->mean);
    reconstructed_codes_ = submitted_codes_;
  }
  if (auto r = ctx.worker.take(DecodeWorker::DataSpaceSamples)) {
    sample_means_ = std::move(r->mean);
    // x = f(z) + sigma * eps for a Gaussian decoder; its mean alone otherwise.
    const Vector sigma = ctx.decoder.decoder_sigma(ctx.snap());
    if (sigma.size() == sample_means_.rows() && noise_.rows() == sample_means_.rows() && noise_.cols() == sample_means_.cols())
      sample_means_ += (noise_.array().colwise() * sigma.array()).matrix();
  }
  if (auto r = ctx.worker.take(DecodeWorker::DataSpaceCurves)) curves_ = std::move(r->mean);
}

void DataSpacePanel::draw(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (!ctx.has_model() || !s.data || s.data->test.is_image() || s.data->test.dim < 2) {
    ImGui::TextDisabled(s.data && s.data->test.dim < 2 ? "the data view needs points of 2 or more columns" : "waiting for the model ...");
    return;
  }
  const int D = s.data->test.dim;
  if (D > 2) draw_column_choice(s.data->test);
  draw_standardization_note(s.data->test, D > 2);
  col_x_ = std::min(col_x_, D - 1);
  col_y_ = std::min(col_y_, D - 1);
  LatentProbes& probes = ctx.probes;
  if (s.data.get() != fitted_data_) fit(s);
  // Picked up before asking again: a finished decode is never replaced unseen.
  collect(ctx);
  request(ctx);

  // The legend doubles as the switches: click an entry to hide or show it.
  const plot::Colors& c = plot::colors();
  const ImU32 sample_color = plot::with_alpha(c.axis_text, 0.35f);
  std::vector<plot::LegendEntry> legend;
  for (int k = 0; k < s.data->test.class_count(); ++k) legend.push_back({class_name(s, k), plot::category_color(k)});
  const int classes = int(legend.size());
  const std::string reconstruction =
      reconstructed_codes_ ? "reconstruction, step " + with_commas(reconstructed_codes_->step) : "reconstruction";
  legend.push_back({reconstruction, plot::with_alpha(c.axis_text, 0.8f), true, false, &show_reconstructions_});
  legend.push_back({"lines x to reconstruction", plot::with_alpha(c.axis_text, 0.5f), false, true, &show_links_});
  legend.push_back({"sample x ~ p(x)", sample_color, false, false, &show_samples_});
  legend.push_back({"decoder mean f(z)", c.accent, false, true, &show_mean_});
  const int hovered = plot::legend("data_legend", legend);
  probes.highlighted_class = hovered < classes ? hovered : -1;

  plot::FrameOptions options;
  options.equal_aspect = true;
  options.y_label = true;
  plot::Frame frame("data_plot", ImVec2(0, 0), data_axis(view_.x_axis(""), s.data->test, col_x_),
                    data_axis(view_.y_axis(""), s.data->test, col_y_), options);
  view_.handle_input(frame, true);
  if (frame.hovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) fit(s);
  ImDrawList* draw = frame.draw_list();
  const float r = ui(2.6f);

  samples_cloud_.clear();
  if (show_samples_ && sample_means_.rows() == D)
    for (Eigen::Index i = 0; i < sample_means_.cols(); ++i)
      samples_cloud_.add(sample_means_(col_x_, i), sample_means_(col_y_, i), sample_color);
  samples_cloud_.draw(frame, plot::Sprite::Disc, r * 0.8f);

  const int highlight = probes.highlighted_class;
  const bool have_recon = reconstructed_codes_ && reconstructions_.cols() == Eigen::Index(reconstructed_codes_->test_indices.size());
  data_cloud_.clear();
  if (s.codes) {
    const auto& idx = s.codes->test_indices;
    for (size_t i = 0; i < idx.size(); ++i) {
      const int label = s.data->test.labels[size_t(idx[i])];
      const float alpha = highlight < 0 ? 0.7f : label == highlight ? 1.0f : 0.08f;
      const float* p = s.data->test.point(size_t(idx[i]));
      data_cloud_.add(p[col_x_], p[col_y_], plot::category_color(label, alpha));
    }
  }
  data_cloud_.draw(frame, plot::Sprite::Disc, r);
  reconstructions_cloud_.clear();
  if (have_recon && (show_reconstructions_ || show_links_)) {
    const auto& idx = reconstructed_codes_->test_indices;
    for (size_t i = 0; i < idx.size(); ++i) {
      const int label = s.data->test.labels[size_t(idx[i])];
      if (highlight >= 0 && label != highlight) continue;
      const float qx = reconstructions_(col_x_, Eigen::Index(i)), qy = reconstructions_(col_y_, Eigen::Index(i));
      if (show_links_) {
        const float* p = s.data->test.point(size_t(idx[i]));
        draw->AddLine(frame.to_px(p[col_x_], p[col_y_]), frame.to_px(qx, qy), plot::category_color(label, 0.3f), 1.0f);
      }
      if (show_reconstructions_) reconstructions_cloud_.add(qx, qy, plot::category_color(label, 0.9f));
    }
  }
  reconstructions_cloud_.draw(frame, plot::Sprite::Ring, r + ui(1.0f));
  if (show_mean_ && curves_.rows() == D && curves_.cols() == curve_lines_ * curve_points_ + path_points_) {
    // The z = 0 lines through the prior's mean are drawn bold: "the decoder mean curve".
    std::vector<float> xs(static_cast<size_t>(curve_points_)), ys(static_cast<size_t>(curve_points_));
    for (int line = 0; line < curve_lines_; ++line) {
      for (int k = 0; k < curve_points_; ++k) {
        const Eigen::Index col = line * curve_points_ + k;
        xs[size_t(k)] = curves_(col_x_, col);
        ys[size_t(k)] = curves_(col_y_, col);
      }
      const bool through_origin = curve_lines_ == 1 || kLineLevels[line % int(std::size(kLineLevels))] == 0.0;
      frame.line(xs.data(), ys.data(), curve_points_, plot::with_alpha(c.accent, through_origin ? 0.95f : 0.4f),
                 through_origin ? ui(2.5f) : ui(1.2f));
    }
  }
  // Where the interpolation path and the pins decode to (pins decoded this frame).
  if (curves_.rows() == D && curves_.cols() >= path_points_ && path_points_ > 0) {
    const Eigen::VectorXf xs = curves_.row(col_x_).tail(path_points_).transpose(),
                          ys = curves_.row(col_y_).tail(path_points_).transpose();
    frame.line(xs.data(), ys.data(), path_points_, plot::with_alpha(c.axis_text, 0.7f), ui(1.5f));
  }
  for (const Pin& pin : probes.pins) {
    if (pin.decoded.rows() != D) continue;
    const ImVec2 p = frame.to_px(pin.decoded(col_x_, 0), pin.decoded(col_y_, 0));
    const float pr = ui(9);
    draw->AddRectFilled({p.x - pr - ui(1.5f), p.y - pr - ui(1.5f)}, {p.x + pr + ui(1.5f), p.y + pr + ui(1.5f)}, c.axis_text, ui(3));
    draw->AddRectFilled({p.x - pr, p.y - pr}, {p.x + pr, p.y + pr}, IM_COL32(255, 255, 255, 255), ui(2));
    const char name[2] = {pin.name, 0};
    const ImVec2 ts = ImGui::CalcTextSize(name);
    draw->AddText({std::round(p.x - ts.x / 2), std::round(p.y - ts.y / 2)}, IM_COL32(20, 20, 24, 255), name);
  }
  // The selected example and its reconstruction.
  const int sel = probes.selected_code(s);
  if (sel >= 0) {
    const float* p = s.data->test.point(size_t(probes.selected_test_index));
    draw->AddCircle(frame.to_px(p[col_x_], p[col_y_]), r + ui(4), c.axis_text, 16, ui(2));
    if (have_recon && reconstructed_codes_.get() == s.codes.get())
      draw->AddLine(frame.to_px(p[col_x_], p[col_y_]),
                    frame.to_px(reconstructions_(col_x_, sel), reconstructions_(col_y_, sel)), c.axis_text, ui(1.5f));
  }
}

}  // namespace latent
