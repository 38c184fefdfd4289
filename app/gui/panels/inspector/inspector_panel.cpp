// Drawing the pins' decodings and the selected example.
#include "gui/panels/inspector/inspector_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "live/probes/latent_probes.hpp"
#include "live/probes/snapshot_decoder.hpp"

namespace latent {

namespace {
std::string vector_text(const float* v, int n, int max_shown = 4) {
  std::string s = "(";
  char buf[32];
  for (int i = 0; i < std::min(n, max_shown); ++i) {
    // A value that overflowed (a diverging run's sigma) is not a number to print.
    if (std::isfinite(v[i]))
      std::snprintf(buf, sizeof buf, "%s%.2f", i ? ", " : "", v[i]);
    else
      std::snprintf(buf, sizeof buf, "%s—", i ? ", " : "");
    s += buf;
  }
  if (n > max_shown) s += ", ...";
  return s + ")";
}

// A point of `data` in the file's units (standardized points mapped back), as vector_text writes it.
std::string point_text(const Dataset& data, const float* v) {
  if (!data.standardized()) return vector_text(v, data.dim);
  std::string s = "(";
  char buf[32];
  for (int i = 0; i < std::min(data.dim, 4); ++i) {
    std::snprintf(buf, sizeof buf, "%s%.4g", i ? ", " : "", data.original(i, v[i]));
    s += std::isfinite(v[i]) ? buf : (i ? ", —" : "—");
  }
  return s + (data.dim > 4 ? ", ...)" : ")");
}
}  // namespace

void InspectorPanel::draw(PanelContext& ctx) {
  if (!ctx.has_model()) {
    ImGui::TextDisabled("waiting for the model ...");
    return;
  }
  // Side by side when there is room; one above the other at large UI scales.
  if (ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 24.0f) {
    draw_pins(ctx);
    ImGui::Separator();
    draw_selected(ctx);
  } else if (ImGui::BeginTable("inspector", 2, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableNextColumn();
    draw_pins(ctx);
    ImGui::TableNextColumn();
    draw_selected(ctx);
    ImGui::EndTable();
  }
}

void InspectorPanel::draw_pins(PanelContext& ctx) {
  LatentProbes& probes = ctx.probes;
  const Snapshot& s = ctx.snap();
  const float font = ImGui::GetFontSize();
  ImGui::TextUnformatted("Pins: decoder means");
  const bool images = ctx.is_image_data();
  const size_t n = probes.pins.size();
  pin_images_.resize(n);
  pin_uploaded_frame_.resize(n, -1);
  const float width = ImGui::GetContentRegionAvail().x;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const int per_row = 3;
  const float tile = std::min(font * 6.0f, (width - spacing * (per_row - 1)) / per_row);
  for (size_t i = 0; i < n; ++i) {
    const Pin& pin = probes.pins[i];
    if (images) {
      // Upload only when the pin was decoded again: dragging re-decodes every frame, idle pins never.
      if (pin.decoded_frame != pin_uploaded_frame_[i] && pin.decoded.rows() == s.data->train.dim) {
        pin_images_[i].upload(pin.decoded, s.data->train.width, s.data->train.height, 1, s.data->train.channels);
        pin_uploaded_frame_[i] = pin.decoded_frame;
      }
      if (i % per_row != 0) ImGui::SameLine();
      ImGui::BeginGroup();
      pin_images_[i].image(0, ImVec2(tile, tile));
      ImGui::Text("%c", pin.name);
      ImGui::EndGroup();
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("pin %c at z = %s", pin.name, vector_text(pin.z.data(), int(pin.z.size()), 8).c_str());
    } else {
      const std::string z = vector_text(pin.z.data(), int(pin.z.size()));
      const std::string x = pin.decoded.rows() == s.data->train.dim ? point_text(s.data->train, pin.decoded.data()) : "...";
      ImGui::Text("%c  z = %s", pin.name, z.c_str());
      ImGui::TextDisabled("    f(z) = %s", x.c_str());
    }
  }
  if (ImGui::SmallButton("+ pin") && probes.pins.size() < 6) probes.add_pin(0.0, 0.0, ctx.frame);
  ImGui::SameLine();
  if (ImGui::SmallButton("− pin")) probes.remove_pin(int(probes.pins.size()) - 1);
}

void InspectorPanel::draw_selected(PanelContext& ctx) {
  LatentProbes& probes = ctx.probes;
  const Snapshot& s = ctx.snap();
  const float font = ImGui::GetFontSize();
  // Start with an example picked, so the panel shows what it is for.
  if (probes.selected_test_index < 0 && s.codes && !s.codes->test_indices.empty() && shown_data_ != s.data.get()) {
    probes.selected_test_index = s.codes->test_indices.front();
    shown_data_ = s.data.get();
  }
  const int code = probes.selected_code(s);
  if (code < 0) {
    ImGui::TextUnformatted("Selected example");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("click a point in the latent view to see its input, reconstruction and q(z|x)");
    ImGui::PopTextWrapPos();
    return;
  }
  const int index = probes.selected_test_index;
  const Dataset& test = s.data->test;
  const int L = int(s.codes->mu.rows());
  ImGui::Text("Held-out #%d: %s", index, class_name(s, test.labels[size_t(index)]).c_str());
  // The reconstruction is the decoder mean at mu(x), decoded with the
  // parameters mu(x) was encoded with (the codes' own), so q(z|x) and the
  // reconstruction are of one model. Decoded here when another example is
  // picked, so the click shows it at once; when only the codes moved on, by
  // the worker, so a new snapshot costs this thread nothing.
  auto usable = [&](const std::shared_ptr<const LatentCodes>& c) {
    return c && c->params && c->params->size() == s.vae->param_count() && code < c->mu.cols();
  };
  if (index != shown_index_ || shown_data_ != s.data.get() || !usable(shown_codes_)) {
    if (!usable(s.codes)) return;
    s.vae->decode(s.codes->params->data(), s.codes->mu.col(code), reconstruction_mean_, workspace_);
    shown_codes_ = s.codes;
    if (test.is_image()) {
      input_.upload(test.image(size_t(index)), test.width, test.height, test.channels);
      reconstruction_.upload(reconstruction_mean_, test.width, test.height, 1, test.channels);
    }
    shown_index_ = index;
    shown_data_ = s.data.get();
    ++reconstruction_generation_;  // drops a result for the previous example
  } else {
    // Picked up before asking again: a finished decode is never replaced unseen.
    if (auto r = ctx.worker.take(DecodeWorker::Reconstruction);
        r && r->generation == reconstruction_generation_ && r->mean.rows() == test.dim) {
      reconstruction_mean_ = std::move(r->mean);
      shown_codes_ = submitted_codes_;
      if (test.is_image()) reconstruction_.upload(reconstruction_mean_, test.width, test.height, 1, test.channels);
    }
    if (s.codes != shown_codes_ && s.codes != submitted_codes_ && usable(s.codes) &&
        !ctx.worker.pending(DecodeWorker::Reconstruction)) {
      submitted_codes_ = s.codes;
      ctx.worker.submit(DecodeWorker::Reconstruction, DecodeWorker::Job{.vae = s.vae,
                                                                        .params = s.codes->params,
                                                                        .z = s.codes->mu.col(code),
                                                                        .generation = ++reconstruction_generation_,
                                                                        .step = s.codes->step});
    }
  }
  const LatentCodes& codes = *shown_codes_;
  if (test.is_image()) {
    const float tile = std::min(font * 6.0f, (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2);
    ImGui::BeginGroup();
    input_.image(0, ImVec2(tile, tile));
    ImGui::TextUnformatted("input");
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    reconstruction_.image(0, ImVec2(tile, tile));
    ImGui::TextUnformatted("reconstruction");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the decoder's mean at z = μ(x)");
    ImGui::EndGroup();
  } else if (reconstruction_mean_.rows() == test.dim) {
    ImGui::Text("x = %s", point_text(test, test.point(size_t(index))).c_str());
    ImGui::Text("f(μ) = %s", point_text(test, reconstruction_mean_.data()).c_str());
  }
  std::vector<float> mu(static_cast<size_t>(L)), sigma(static_cast<size_t>(L));
  for (int d = 0; d < L; ++d) {
    mu[size_t(d)] = codes.mu(d, code);
    sigma[size_t(d)] = std::exp(0.5f * codes.log_var(d, code));
  }
  ImGui::TextUnformatted("q(z|x) = N(μ, diag σ²)");
  ImGui::SameLine();
  ImGui::TextDisabled("step %s", with_commas(codes.step).c_str());
  ImGui::Text("μ = %s", vector_text(mu.data(), L).c_str());
  ImGui::Text("σ = %s", vector_text(sigma.data(), L).c_str());
  if (ImGui::SmallButton("put pin A at μ")) probes.set_pin(0, mu, ctx.frame);
}

}  // namespace latent
