// Drawing the decoded-image tabs and feeding their decodes to the worker.
#include "gui/panels/decoder/decoder_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "live/probes/latent_probes.hpp"
#include "core/math/normal_quantile.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

namespace {
uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001B3ull + 0x9E3779B97F4A7C15ull; }

// The tab's ImGui window is narrow; a tile never needs to be bigger than this.
float max_tile(float font) { return font * 7.0f; }
}  // namespace

void DecoderPanel::submit(PanelContext& ctx, DecodeWorker::Slot slot, Matrix z) {
  ctx.worker.submit(slot, DecodeWorker::Job{.vae = ctx.snap().vae, .params = ctx.snap().params, .z = std::move(z),
                                             .step = ctx.snap().step});
}

void DecoderPanel::collect(PanelContext& ctx, DecodeWorker::Slot slot, ImageTiles& tiles, int columns) {
  if (auto result = ctx.worker.take(slot)) {
    const Snapshot& s = ctx.snap();
    if (s.data && result->mean.rows() == s.data->train.dim) {
      tiles.upload(result->mean, s.data->train.width, s.data->train.height, columns, s.data->train.channels);
      decoded_step_[slot] = result->step;
    }
  }
}

void DecoderPanel::draw(PanelContext& ctx) {
  ctx.probes.has_hover_z = false;
  if (!ctx.has_model()) {
    ImGui::TextDisabled("waiting for the model ...");
    return;
  }
  if (ImGui::BeginTabBar("decoder_tabs")) {
    // Only the visible tab decodes: the worker shares a core with the trainer.
    if (ImGui::BeginTabItem("Manifold grid")) {
      draw_manifold(ctx);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Interpolation")) {
      draw_interpolation(ctx);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Samples from p(z)")) {
      draw_samples(ctx);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
}

void DecoderPanel::draw_manifold(PanelContext& ctx) {
  LatentProbes& probes = ctx.probes;
  const int L = probes.latent_dim();
  const int n = std::clamp(probes.manifold_size, 3, 30);
  const int columns = n, rows = L > 1 ? n : 1;

  const uint64_t inputs = mix(mix(mix(uint64_t(n), uint64_t(probes.dim_x)), uint64_t(probes.dim_y)), uint64_t(L));
  if (manifold_schedule_.due(ctx.snap(), inputs)) {
    // Atlas order: row 0 at the top is the largest z_y, so the picture has z_y growing upward like the latent view.
    Matrix z = Matrix::Zero(L, columns * rows);
    for (int r = 0; r < rows; ++r)
      for (int i = 0; i < columns; ++i) {
        const int b = r * columns + i;
        z(probes.dim_x, b) = float(manifold_grid_z(i, n));
        if (L > 1) z(probes.dim_y, b) = float(manifold_grid_z(rows - 1 - r, n));
      }
    submit(ctx, DecodeWorker::ManifoldGrid, std::move(z));
    manifold_columns_ = columns;
  }
  collect(ctx, DecodeWorker::ManifoldGrid, manifold_, manifold_columns_);

  // Ticks at a few tile centres, labelled with their z = Phi^-1(u).
  plot::FrameOptions options;
  options.equal_aspect = true;
  // A square grid as large as fits, with a few words beside it where there is room.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float margins = ImGui::GetFontSize() * 3.5f;  // tick labels and axis names around the square
  const float side = std::max(ImGui::GetFontSize() * 6.0f, std::min(avail.x, avail.y + margins * 0.4f));
  const bool notes = avail.x - side > ImGui::GetFontSize() * 9.0f;
  // Labels on every few tiles: z values are wide ("−1.7") and must not collide.
  const float tile_px = std::max(1.0f, (side - margins) / n);
  const float label_px = ImGui::CalcTextSize("−0.0").x + ImGui::GetFontSize() * 0.6f;
  const int every = std::max(1, int(std::ceil(label_px / tile_px)));
  for (int i = 0; i < n; i += every) {
    char label[16];
    std::snprintf(label, sizeof label, "%.1f", manifold_grid_z(i, n));
    const std::string text = label[0] == '-' ? "−" + std::string(label + 1) : std::string(label);
    options.x_ticks.push_back({(i + 0.5) / n, text});
    if (L > 1) options.y_ticks.push_back({(i + 0.5) / n, text});
  }
  const double aspect_y = L > 1 ? 1.0 : 1.0 / n;
  if (L == 1) options.y_ticks.push_back({0.5 * aspect_y, ""});
  // The Frame clips drawing to its area while it lives: the notes come after it.
  ImGui::BeginGroup();
  {
    plot::Frame frame("manifold", ImVec2(side, 0), plot::Axis{latent_axis_name(probes.dim_x), 0.0, 1.0},
                      plot::Axis{L > 1 ? latent_axis_name(probes.dim_y) : "", 0.0, aspect_y}, options);
    if (manifold_.empty() || manifold_.columns() != columns)
      frame.text(0.5, 0.5 * aspect_y, "decoding ...", plot::colors().axis_text, ImVec2(0.5f, 0.5f));
    else
      draw_manifold_tiles(ctx, frame, n, aspect_y);
  }
  ImGui::EndGroup();
  if (notes) {
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0.0f);
    // The step on a line of its own: wrapping may break a number at its thousands comma.
    ImGui::Text("%d×%d decoder means,", n, rows);
    ImGui::Text("step %s", with_commas(decoded_step_[DecodeWorker::ManifoldGrid]).c_str());
    ImGui::TextDisabled("Each tile is the decoder's mean at one z = Φ⁻¹(u)%s.", L > 2 ? ", other dims at 0" : "");
    ImGui::TextDisabled("u is evenly spaced on the unit square, so each tile stands for the same prior mass; Φ⁻¹ bunches them near 0.");
    ImGui::TextDisabled("Hover: the tile's z shows in the latent view. Click: pin A goes there. Wheel: grid size.");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  }
}

void DecoderPanel::draw_manifold_tiles(PanelContext& ctx, const plot::Frame& frame, int n, double aspect_y) {
  LatentProbes& probes = ctx.probes;
  const int L = probes.latent_dim();
  manifold_.draw_all(frame.draw_list(), frame.to_px(0.0, aspect_y), frame.to_px(1.0, 0.0));
  if (!frame.hovered()) return;
  const int i = std::clamp(int(frame.mouse_x() * n), 0, n - 1);
  const int j = L > 1 ? std::clamp(int(frame.mouse_y() * n), 0, n - 1) : 0;
  const double zx = manifold_grid_z(i, n), zy = L > 1 ? manifold_grid_z(j, n) : 0.0;
  const double cell = 1.0 / n;
  frame.draw_list()->AddRect(frame.to_px(i * cell, L > 1 ? (j + 1) * cell : aspect_y),
                             frame.to_px((i + 1) * cell, L > 1 ? j * cell : 0.0), plot::colors().accent, 0, 0, 2.0f);
  probes.has_hover_z = L > 1;
  probes.hover_z[0] = zx;
  probes.hover_z[1] = zy;
  ImGui::BeginTooltip();
  ImGui::Text("%s = %.2f%s", latent_axis_name(probes.dim_x).c_str(), zx, L > 1 ? "," : "");
  if (L > 1) {
    ImGui::SameLine();
    ImGui::Text("%s = %.2f", latent_axis_name(probes.dim_y).c_str(), zy);
  }
  const int tile = (L > 1 ? (n - 1 - j) * n : 0) + i;
  manifold_.image(tile, ImVec2(ImGui::GetFontSize() * 6, ImGui::GetFontSize() * 6));
  ImGui::TextDisabled("click: move pin A here; wheel: grid size");
  ImGui::EndTooltip();
  const float wheel = ImGui::GetIO().MouseWheel;
  if (wheel != 0.0f) probes.manifold_size = std::clamp(probes.manifold_size + (wheel > 0 ? 1 : -1), 5, 25);
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    std::vector<float> z(static_cast<size_t>(L), 0.0f);
    z[size_t(probes.dim_x)] = float(zx);
    if (L > 1) z[size_t(probes.dim_y)] = float(zy);
    probes.set_pin(0, z, ctx.frame);
  }
}

void DecoderPanel::draw_interpolation(PanelContext& ctx) {
  LatentProbes& probes = ctx.probes;
  const float font = ImGui::GetFontSize();
  // Pin choosers: from, to.
  auto chooser = [&](const char* id, int& which) {
    ImGui::SetNextItemWidth(font * 3.2f);
    const char current[2] = {probes.pins[size_t(std::clamp(which, 0, int(probes.pins.size()) - 1))].name, 0};
    if (ImGui::BeginCombo(id, current)) {
      for (size_t i = 0; i < probes.pins.size(); ++i) {
        const char name[2] = {probes.pins[i].name, 0};
        if (ImGui::Selectable(name, int(i) == which)) {
          which = int(i);
          ++probes.version;
        }
      }
      ImGui::EndCombo();
    }
  };
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("from pin");
  ImGui::SameLine();
  chooser("##from", probes.interpolate_from);
  ImGui::SameLine();
  ImGui::TextUnformatted("to");
  ImGui::SameLine();
  chooser("##to", probes.interpolate_to);
  ImGui::SameLine();
  int mode = probes.spherical ? 1 : 0;
  bool mode_changed = ImGui::RadioButton("linear", &mode, 0);
  ImGui::SameLine();
  mode_changed |= ImGui::RadioButton("spherical", &mode, 1);
  if (mode_changed) {
    probes.spherical = mode == 1;
    ++probes.version;
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("slerp: follows a great circle, keeping |z| where the prior has its mass");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(font * 4.0f, ImGui::GetContentRegionAvail().x));
  if (ImGui::SliderInt("##steps", &strip_steps_, 3, 16, "%d steps")) ++probes.version;

  if (strip_schedule_.due(ctx.snap(), probes.version)) {
    submit(ctx, DecodeWorker::Interpolation, probes.interpolation_path(strip_steps_));
    strip_columns_ = strip_steps_;
  }
  collect(ctx, DecodeWorker::Interpolation, strip_, strip_columns_);
  if (strip_.empty()) return;

  // One row when it fits at a readable size, else two.
  const int count = strip_.count();
  const float width = ImGui::GetContentRegionAvail().x;
  const float spacing = std::round(font * 0.2f);
  const int per_row = (width - spacing * (count - 1)) / count >= font * 2.5f ? count : (count + 1) / 2;
  const float tile = std::min(max_tile(font), (width - spacing * (per_row - 1)) / per_row);
  const Matrix path = probes.interpolation_path(count);
  for (int i = 0; i < count; ++i) {
    if (i % per_row != 0) ImGui::SameLine(0, spacing);
    strip_.image(i, ImVec2(tile, tile));
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::Text("t = %.2f", double(i) / (count - 1));
      for (int d = 0; d < std::min(int(path.rows()), 4); ++d)
        ImGui::Text("%s = %.2f", latent_axis_name(d).c_str(), path(d, i));
      ImGui::EndTooltip();
    }
  }
  const char a[2] = {probes.pins[size_t(probes.interpolate_from)].name, 0};
  const char b[2] = {probes.pins[size_t(probes.interpolate_to)].name, 0};
  ImGui::Text("pin %s", a);
  ImGui::SameLine(std::max(0.0f, std::min(width, per_row * (tile + spacing)) - ImGui::CalcTextSize("pin B").x));
  ImGui::Text("pin %s", b);
  ImGui::TextDisabled("drag the pins in the latent view; dots there mark these steps");
}

void DecoderPanel::draw_samples(PanelContext& ctx) {
  const int L = ctx.probes.latent_dim();
  const float font = ImGui::GetFontSize();
  const int rows = 4;
  bool fresh = prior_z_.rows() != L;
  if (ImGui::Button("New samples")) fresh = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("draw new z ~ N(0, I)");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("z ~ N(0, I): the same z's as training goes on; decoded at step %s",
                      with_commas(decoded_step_[DecodeWorker::PriorSamples]).c_str());
  if (fresh) {
    prior_z_.resize(L, samples_columns_ * rows);
    for (Eigen::Index i = 0; i < prior_z_.size(); ++i) prior_z_.data()[i] = float(rng_.normal());
    ++prior_version_;
  }
  if (samples_schedule_.due(ctx.snap(), prior_version_)) submit(ctx, DecodeWorker::PriorSamples, prior_z_);
  collect(ctx, DecodeWorker::PriorSamples, samples_, samples_columns_);
  if (samples_.empty()) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float spacing = std::round(font * 0.2f);
  const float tile = std::max(8.0f, std::min({max_tile(font), (avail.x - spacing * (samples_columns_ - 1)) / samples_columns_,
                                              (avail.y - spacing * (rows - 1)) / rows}));
  for (int i = 0; i < samples_.count(); ++i) {
    if (i % samples_columns_ != 0) ImGui::SameLine(0, spacing);
    samples_.image(i, ImVec2(tile, tile));
  }
}

}  // namespace latent
