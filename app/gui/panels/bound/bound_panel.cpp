// The bound panel's frame: choosing x and saying which model everything on
// show is of; the BoundProbe decides what to compute and keeps it to one model.
#include "gui/panels/bound/bound_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "gui/panels/bound/bound_ladder.hpp"
#include "live/probes/latent_probes.hpp"
#include "gui/shell/ui_style.hpp"

namespace latent {

namespace {
uint64_t hash_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h;
}
}  // namespace

void BoundPanel::draw(PanelContext& ctx) {
  const auto start = std::chrono::steady_clock::now();
  const Snapshot& s = ctx.snap();
  if (!s.vae || !s.params) {
    ImGui::TextDisabled("%s", s.model.kind == ModelKind::Conditional ? "This panel is about a VAE's bound; this run trains a mixture density network."
                                               : "waiting for the model ...");
    return;
  }
  if (!choose_x(ctx)) return;
  const float font = ImGui::GetFontSize();
  if (ctx.min_plot_height > 0 && s.vae->latent_dim() == 2) {
    draw_lesson_plots(ctx);
    // The words below scroll in what the plots leave: a lesson's caption carries its numbers.
    if (ImGui::GetContentRegionAvail().y >= ImGui::GetTextLineHeightWithSpacing()) {
      ImGui::BeginChild("bound_words");
      draw_words(ctx, false);
      ImGui::EndChild();
    }
  } else {
    if (s.vae->latent_dim() == 2) {
      // What is below keeps the height it took last frame; the picture gets the rest (or scrolls, at 13 lines).
      // At least what the finished per-point VI needs, so the picture does not jump when its result comes in.
      below_height_ = std::max(below_height_, font * 26.5f);
      // The legend row under the picture belongs to draw_posterior too.
      const float legend = ImGui::GetFrameHeightWithSpacing();
      draw_posterior(ctx, ImVec2(0, std::max(font * 13.0f, ImGui::GetContentRegionAvail().y - below_height_ - legend)));
    } else {
      draw_no_picture(s.vae->latent_dim());
      probe_.update(s, std::nullopt);
    }
    const float below_start = ImGui::GetCursorPosY();
    draw_words(ctx, true);
    below_height_ = ImGui::GetCursorPosY() - below_start;
  }
  if (probe_.vi_running()) ctx.animating = true;
  if (ctx.figures_log) (*ctx.figures_log)["bound"] = probe_.describe_shown();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ui_milliseconds_ = ui_milliseconds_ > 0 ? 0.95 * ui_milliseconds_ + 0.05 * ms : ms;
}

void BoundPanel::draw_no_picture(int latent_dim) {
  ImGui::PushTextWrapPos(0.0f);
  const int L = latent_dim;
  static const char* kSuperscripts[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  std::string power;
  for (char c : std::to_string(L)) power += kSuperscripts[c - '0'];
  if (L > 2)
    ImGui::TextDisabled("Latent size %d: no picture of p(z|x) and no quadrature (a grid over z would need n%s cells), "
                        "so log p(x) is not known here. The IWAE ladder still climbs toward it.",
                        L, power.c_str());
  else
    ImGui::TextDisabled("Latent size %d: the picture of p(z|x) and the quadrature are made for a 2-D latent, so "
                        "log p(x) is not shown. The IWAE ladder still climbs toward it.", L);
  ImGui::PopTextWrapPos();
}

void BoundPanel::draw_words(PanelContext& ctx, bool ladder) {
  draw_bounds(ctx, ladder);
  draw_per_point_vi(ctx);
  draw_explanation();
  if (ImGui::CollapsingHeader("Amortized vs non-amortized training")) comparison_.draw(ctx);
}

void BoundPanel::draw_lesson_plots(PanelContext& ctx) {
  // The picture (with its colour bar and legend) left, the ladder right, as tall as both keep the
  // lesson's plot height, or taller when there is room; at least three lines stay for the words below.
  const float font = ImGui::GetFontSize(), pad = std::round(font * 0.35f);
  const float labels = 2.0f * font + 3.0f * pad;  // the frame's padding, tick labels and axis name
  const float legend = ImGui::GetFrameHeightWithSpacing();
  const float words = 3.0f * ImGui::GetTextLineHeightWithSpacing();
  const float height = std::max(ctx.min_plot_height + labels, ImGui::GetContentRegionAvail().y - legend - words);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float picture = std::floor((ImGui::GetContentRegionAvail().x - spacing) * 0.45f);
  const float left = ImGui::GetCursorPosX();
  ImGui::BeginGroup();
  draw_posterior(ctx, ImVec2(picture, height));
  ImGui::EndGroup();
  // Beside the picture, not beside its legend row (which grows with per-point VI's entry):
  // the ladder stops where the legend row starts.
  ImGui::SameLine(left + picture + spacing);
  draw_ladder(ImVec2(0, height));
}

bool BoundPanel::choose_x(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  LatentProbes& probes = ctx.probes;
  // Start with an example picked (as the inspector does), so the panel shows what it is for at once.
  // Once per data set: clearing the selection afterwards is the user's choice.
  if (probes.selected_test_index < 0 && source_pin_ < 0 && s.codes && !s.codes->test_indices.empty() &&
      defaulted_for_ != s.data.get()) {
    probes.selected_test_index = s.codes->test_indices.front();
    ++probes.version;
    defaulted_for_ = s.data.get();
  }
  if (source_pin_ >= int(probes.pins.size())) source_pin_ = -1;
  const float font = ImGui::GetFontSize();
  const float thumb = std::round(font * 2.6f);
  const Dataset* test = s.data ? &s.data->test : nullptr;
  const bool images = test && test->is_image();

  // Which x, and a key that changes exactly when the choice does.
  uint64_t key = hash_mix(uint64_t(uintptr_t(s.vae.get())), uint64_t(uintptr_t(s.data.get())));
  bool available = false;
  std::string title;
  if (source_pin_ < 0) {
    const int index = probes.selected_test_index;
    available = test && index >= 0 && index < int(test->size());
    key = hash_mix(key, uint64_t(index) + 1);
    if (available) title = "held-out #" + std::to_string(index) + ": " + class_name(s, test->labels[size_t(index)]);
  } else {
    const Pin& pin = probes.pins[size_t(source_pin_)];
    available = pin.decoded.rows() == s.vae->input_dim();
    key = hash_mix(hash_mix(key, uint64_t(pin.name) << 32), 0x70696e);
    for (float v : pin.z) {
      uint32_t bits = 0;
      std::memcpy(&bits, &v, sizeof bits);
      key = hash_mix(key, bits);
    }
    title = std::string("decoder mean at pin ") + pin.name;
  }
  if (!available) {
    probe_.clear_x();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Pick an x: click a point in the latent view (or choose a pin's decoding below).");
    ImGui::PopTextWrapPos();
  }
  const bool new_x = available && key != x_key_;
  // A pin's decoding also changes as training moves the decoder: follow it (the probe ignores it while frozen).
  if (available && (new_x || source_pin_ >= 0)) {
    if (source_pin_ < 0) {
      const int index = probes.selected_test_index;
      test->gather(&index, 1, x_);
      if (new_x && images) x_image_.upload(test->image(size_t(index)), test->width, test->height, test->channels);
    } else {
      x_ = probes.pins[size_t(source_pin_)].decoded;
      if (images) x_image_.upload(x_, test->width, test->height, 1, test->channels);
    }
  }
  if (new_x) {
    x_key_ = key;
    ++x_version_;
    view_.user_moved = false;
  }
  if (available) probe_.set_x(x_, x_version_);
  has_x_ = available;

  // Header: thumbnail of x, the source menu, and which parameters the figures use.
  if (has_x_ && images && !x_image_.empty()) {
    x_image_.image(0, ImVec2(thumb, thumb));
    ImGui::SameLine();
  }
  ImGui::BeginGroup();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("x =");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(font * 17.0f, ImGui::GetContentRegionAvail().x));
  const std::string preview = has_x_ ? title : "(none)";
  if (ImGui::BeginCombo("##x_source", preview.c_str())) {
    if (ImGui::Selectable("the held-out example selected in the latent view", source_pin_ < 0)) source_pin_ = -1;
    for (size_t i = 0; i < probes.pins.size(); ++i) {
      const std::string label = std::string("the decoder mean at pin ") + probes.pins[i].name;
      if (ImGui::Selectable(label.c_str(), source_pin_ == int(i))) source_pin_ = int(i);
    }
    ImGui::EndCombo();
  }
  if (has_x_ && !images) {
    ImGui::SameLine();
    ImGui::Text("(%.2f, %.2f)", x_(0, 0), x_.rows() > 1 ? x_(1, 0) : 0.0f);
  }
  draw_model_step(s);
  ImGui::EndGroup();
  return has_x_;
}

void BoundPanel::draw_model_step(const Snapshot& s) {
  // Said once for the whole panel: every figure and picture below is of this one model.
  const BoundShown& shown = probe_.shown();
  if (probe_.frozen()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(bound_colors().optimized),
                       "everything here: the model frozen at step %s for per-point VI",
                       with_commas(shown.model.step).c_str());
  } else if (!shown.model.params) {
    ImGui::TextDisabled("computing for the model at step %s ...", with_commas(s.step).c_str());
  } else if (shown.model.params != s.params) {
    ImGui::TextDisabled("everything here: the model at step %s%s", with_commas(shown.model.step).c_str(),
                        probe_.updating() ? " (the next set is being computed)" : "");
  } else {
    ImGui::TextDisabled("everything here: the model at step %s", with_commas(shown.model.step).c_str());
  }
}

}  // namespace latent
