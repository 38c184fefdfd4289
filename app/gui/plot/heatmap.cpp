// The heatmap's upload, its ImDrawList callback (GL through gl::Program) and
// the colour bar's ticks.
#include "gui/plot/heatmap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace latent {

Heatmap::Heatmap()
    : program_({.vertex = "colormap.vert",
                .fragment = "colormap.frag",
                .uniforms = {"u_rect", "u_uv", "u_values", "u_range", "u_colormap", "u_ramp", "u_opacity"},
                .without = "heatmaps are not drawn"}) {}

void Heatmap::set_data(int width, int height, const float* values) {
  if (width < 1 || height < 1 || !values) {
    width_ = height_ = 0;
    return;
  }
  // Linear filtering: the shader colours the interpolated value, so cell edges do not show as blocks.
  texture_.ensure(width, height, gl::Texture::Format::Float32, true);
  texture_.upload(values);
  gl::check_errors("uploading a heatmap");
  width_ = width;
  height_ = height;
}

Heatmap::DrawRecord* Heatmap::next_record() {
  const int frame = ImGui::GetFrameCount();
  if (frame != records_frame_) {
    records_frame_ = frame;
    records_used_ = 0;
  }
  if (records_used_ >= kDrawsPerFrame || !program_.ready()) return nullptr;
  DrawRecord* r = &records_[size_t(records_used_++)];
  *r = DrawRecord{};
  r->heatmap = this;
  r->low = low_;
  r->high = high_;
  r->colormap = colormap_ == Colormap::Magma ? 1 : 0;
  return r;
}

void Heatmap::draw(const plot::Frame& frame, double x0, double y0, double x1, double y1, float opacity) {
  if (!has_data() || !(x1 > x0) || !(y1 > y0)) return;
  if (frame.x_axis().scale != plot::Scale::Linear || frame.y_axis().scale != plot::Scale::Linear) return;
  // The data rectangle in pixels, in double (the Frame's own mapping clamps
  // far-off points), cut to the plotting area; the texture coordinates are
  // cut to match, so a deep zoom stays exact.
  const ImVec2 a = frame.area_min(), b = frame.area_max();
  const plot::Axis &X = frame.x_axis(), &Y = frame.y_axis();
  const double sx = (b.x - a.x) / (X.max - X.min), sy = (b.y - a.y) / (Y.max - Y.min);
  const double left = a.x + (x0 - X.min) * sx, right = a.x + (x1 - X.min) * sx;
  const double top = b.y - (y1 - Y.min) * sy, bottom = b.y - (y0 - Y.min) * sy;
  const double cl = std::max(left, double(a.x)), cr = std::min(right, double(b.x));
  const double ct = std::max(top, double(a.y)), cb = std::min(bottom, double(b.y));
  if (!(cr > cl) || !(cb > ct)) return;
  DrawRecord* r = next_record();
  if (!r) return;
  r->p0 = ImVec2(float(cl), float(ct));
  r->p1 = ImVec2(float(cr), float(cb));
  r->uv0 = ImVec2(float((cl - left) / (right - left)), float((bottom - cb) / (bottom - top)));  // bottom-left
  r->uv1 = ImVec2(float((cr - left) / (right - left)), float((bottom - ct) / (bottom - top)));  // top-right
  r->opacity = opacity;
  frame.draw_list()->AddCallback(render_callback, r);
  frame.draw_list()->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

float Heatmap::colorbar_width(const std::vector<plot::Tick>& ticks) {
  float widest = 0.0f;
  for (const plot::Tick& t : ticks) widest = std::max(widest, ImGui::CalcTextSize(t.label.c_str()).x);
  const float font = ImGui::GetFontSize();
  return std::round(font * 0.9f + font * 0.4f + widest);
}

void Heatmap::colorbar(ImVec2 p0, ImVec2 p1, const std::vector<plot::Tick>& ticks, const char* label) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const plot::Colors& c = plot::colors();
  if (DrawRecord* r = next_record()) {
    r->p0 = p0;
    r->p1 = p1;
    r->uv0 = ImVec2(0, 0);
    r->uv1 = ImVec2(1, 1);
    r->ramp = true;
    draw->AddCallback(render_callback, r);
    draw->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
  }
  draw->AddRect(p0, p1, c.frame);
  const float pad = std::round(ImGui::GetFontSize() * 0.3f);
  for (const plot::Tick& t : ticks) {
    if (!(high_ != low_)) break;
    const double f = (t.value - low_) / (double(high_) - low_);
    if (f < -1e-6 || f > 1 + 1e-6) continue;
    const float y = std::round(p1.y - float(f) * (p1.y - p0.y)) + 0.5f;
    draw->AddLine({p1.x - pad, y}, {p1.x + pad, y}, c.axis_text);
    if (t.label.empty()) continue;
    const ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
    draw->AddText({p1.x + pad * 1.5f, std::round(std::clamp(y - ts.y * 0.5f, p0.y - ts.y * 0.5f, p1.y - ts.y * 0.5f))},
                  c.axis_text, t.label.c_str());
  }
  if (label && *label) {
    const ImVec2 ts = ImGui::CalcTextSize(label);
    draw->AddText({std::round(p1.x - ts.x), std::round(p0.y - ts.y - pad)}, c.axis_text, label);
  }
}

void Heatmap::render_callback(const ImDrawList*, const ImDrawCmd* command) {
  const auto* r = static_cast<const DrawRecord*>(command->UserCallbackData);
  if (r && r->heatmap) r->heatmap->render(*r, command->ClipRect);
}

void Heatmap::render(const DrawRecord& r, const ImVec4& clip) {
  const ImDrawData* data = ImGui::GetDrawData();
  if (!data || !program_.ready() || data->DisplaySize.x <= 0 || data->DisplaySize.y <= 0) return;
  const ImVec2 origin = data->DisplayPos, size = data->DisplaySize, scale = data->FramebufferScale;
  // ImGui's backend sets the scissor per draw command, not for callbacks: set ours from the clip rectangle.
  const float fb_height = size.y * scale.y;
  const float x0 = std::max(clip.x, r.p0.x), y0 = std::max(clip.y, r.p0.y);
  const float x1 = std::min(clip.z, r.p1.x), y1 = std::min(clip.w, r.p1.y);
  if (x1 <= x0 || y1 <= y0) return;
  const int sx0 = int(std::floor((x0 - origin.x) * scale.x)), sx1 = int(std::ceil((x1 - origin.x) * scale.x));
  const int sy0 = int(std::floor((y0 - origin.y) * scale.y)), sy1 = int(std::ceil((y1 - origin.y) * scale.y));
  gl::scissor(sx0, int(fb_height) - sy1, sx1 - sx0, sy1 - sy0);
  auto ndc_x = [&](float x) { return (x - origin.x) / size.x * 2.0f - 1.0f; };
  auto ndc_y = [&](float y) { return 1.0f - (y - origin.y) / size.y * 2.0f; };
  program_.use();
  if (!r.ramp) texture_.bind(0);
  program_.set("u_values", 0);
  program_.set("u_rect", ndc_x(r.p0.x), ndc_y(r.p1.y), ndc_x(r.p1.x), ndc_y(r.p0.y));
  program_.set("u_uv", r.uv0.x, r.uv0.y, r.uv1.x, r.uv1.y);
  program_.set("u_range", r.low, r.high);
  program_.set("u_colormap", r.colormap);
  program_.set("u_ramp", r.ramp ? 1 : 0);
  program_.set("u_opacity", r.opacity);
  program_.draw(GL_TRIANGLE_STRIP, 4);  // the vertex shader makes the rectangle's corners from gl_VertexID
}

}  // namespace latent
