// The drawing window: tools, canvas, files and "Train on this".
#include "gui/panels/draw/draw_data_window.hpp"

#include <chrono>
#include <cmath>
#include <ctime>

#include "core/data/dataset.hpp"
#include "core/io/atomic_file.hpp"

namespace latent {

namespace {
// "drawn-20261206-141503.csv": sortable, and never the same twice in a lecture.
std::string timestamped_name() {
  const std::time_t now = std::time(nullptr);
  char name[64];
  std::strftime(name, sizeof name, "drawn-%Y%m%d-%H%M%S.csv", std::localtime(&now));
  return name;
}
}  // namespace

void DrawDataWindow::draw(PanelContext& ctx, ControlsPanel& controls) {
  handle_dialog();
  if (!open) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f, viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x * 0.55f, viewport->WorkSize.y * 0.8f), ImGuiCond_Appearing);
  ImGui::SetNextWindowBgAlpha(1.0f);  // it floats over the panels: none of them should show through
  if (!ImGui::Begin("Draw your own data###draw_data", &open, ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  draw_tools();
  std::string why;
  const bool trainable = sketch_.trainable(&why);
  ImGui::BeginDisabled(!trainable);
  if (ImGui::Button("Train on this")) train_on_this(ctx, controls);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", trainable ? "restart the current model on these points (a fifth held out)" : why.c_str());
  ImGui::SameLine();
  if (ImGui::Button("Save…")) {
    saving_ = true;
    dialog_.open({"Save drawn points", FileDialog::Mode::Save, ".csv", {}, "", timestamped_name()});
  }
  ImGui::SameLine();
  if (ImGui::Button("Open…")) {
    saving_ = false;
    dialog_.open({"Open drawn points", FileDialog::Mode::Open, ".csv", {}, "", ""});
  }
  ImGui::SameLine();
  if (ImGui::Button("Clear")) sketch_.clear();
  ImGui::SameLine();
  ImGui::TextDisabled("%zu points", sketch_.size());
  if (!status_.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", status_.c_str());
    ImGui::PopTextWrapPos();
  }
  draw_canvas();
  ImGui::End();
}

void DrawDataWindow::draw_tools() {
  int tool = int(tool_);
  ImGui::RadioButton("brush", &tool, int(Tool::Brush));
  ImGui::SameLine();
  ImGui::RadioButton("eraser", &tool, int(Tool::Eraser));
  tool_ = Tool(tool);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
  ImGui::SliderFloat("size", &radius_, 0.05f, 1.5f, "%.2f");
  same_line_if_fits(ImGui::GetFontSize() * 10.0f);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
  ImGui::SliderInt("density", &density_, 1, 20, "%d per frame");
  // The classes as coloured buttons in the palette's order; the chosen one framed.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("class");
  for (int k = 0; k < PointSketch::kMaxClasses; ++k) {
    ImGui::SameLine();
    ImGui::PushID(k);
    const ImVec4 color = ImGui::ColorConvertU32ToFloat4(plot::category_color(k));
    ImGui::PushStyleColor(ImGuiCol_Button, color);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, color);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, k == label_ ? ImGui::GetFontSize() * 0.15f : 0.0f);
    const std::string name = std::to_string(k + 1);
    if (ImGui::Button(name.c_str(), ImVec2(ImGui::GetFrameHeight() * 1.2f, 0))) {
      label_ = k;
      tool_ = Tool::Brush;
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    ImGui::PopID();
  }
}

void DrawDataWindow::draw_canvas() {
  plot::FrameOptions options;
  options.equal_aspect = true;
  options.title = tool_ == Tool::Brush ? "drag to paint points" : "drag to erase";
  plot::Frame frame("draw_canvas", ImVec2(0, 0), view_.x_axis("x₁"), view_.y_axis("x₂"), options);
  // The left button paints or erases; the right button pans, the wheel zooms.
  view_.handle_input(frame, true, ImGuiMouseButton_Right);
  if (frame.hovered() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) apply_tool(frame.mouse_x(), frame.mouse_y());
  cloud_.clear();
  for (const PointSketch::Point& p : sketch_.points()) cloud_.add(p.x, p.y, plot::category_color(p.label, 0.85f));
  cloud_.draw(frame, plot::Sprite::Disc, ImGui::GetFontSize() * 0.18f);
  if (frame.hovered()) {
    // The brush's reach, in data units.
    const ImVec2 c = frame.to_px(frame.mouse_x(), frame.mouse_y());
    const float r = float(radius_ / frame.x_per_px());
    frame.draw_list()->AddCircle(c, r, tool_ == Tool::Brush ? plot::category_color(label_) : plot::colors().axis_text, 48,
                                 ImGui::GetFontSize() * 0.1f);
  }
}

void DrawDataWindow::apply_tool(double x, double y) {
  if (tool_ == Tool::Brush) sketch_.paint(x, y, radius_, density_, label_, rng_);
  else sketch_.erase(x, y, radius_);
}

void DrawDataWindow::train_on_this(PanelContext& ctx, ControlsPanel& controls) {
  try {
    const std::string path = drawings_directory() + "/" + timestamped_name();
    sketch_.save(path);
    controls.train_on_points(ctx, "csv:" + path, "class");
    status_ = "training on " + std::to_string(sketch_.size()) + " points, kept as " + path;
    open = false;  // out of the way of the views that now show the drawn set; D brings it back
  } catch (const IoError& e) {
    status_ = e.what();
  }
}

void DrawDataWindow::handle_dialog() {
  const std::optional<std::string> path = dialog_.draw();
  if (!path) return;
  try {
    if (saving_) {
      sketch_.save(*path);
      status_ = "saved " + std::to_string(sketch_.size()) + " points as " + *path;
    } else {
      sketch_ = PointSketch::load(*path);
      status_ = "opened " + *path + ": " + std::to_string(sketch_.size()) + " points";
    }
  } catch (const IoError& e) {
    status_ = e.what();
  } catch (const DataError& e) {
    status_ = e.what();
  }
}

void DrawDataWindow::demo_frame(PanelContext& ctx, ControlsPanel& controls) {
  // Two interleaved arcs (a hand-drawn "moons") over frames 1..60, training from frame 61.
  const int64_t f = ctx.frame;
  if (f >= 1 && f <= 60) {
    open = true;
    const double t = double(f - 1) / 59.0 * M_PI;
    sketch_.paint(std::cos(t), std::sin(t) - 0.25, 0.2, 4, 0, rng_);
    sketch_.paint(1.0 - std::cos(t), 0.25 - std::sin(t), 0.2, 4, 1, rng_);
  } else if (f == 61) {
    train_on_this(ctx, controls);
  }
}

}  // namespace latent
