// Rendering one frame of the window offscreen at a multiple of its size.
#include "gui/export/zoomed_frame.hpp"

#include <GL/glcorearb.h>
#include <imgui_internal.h>
#include <backends/imgui_impl_opengl3.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "gui/gl/gl_objects.hpp"
#include "gui/shell/imgui_runtime.hpp"

namespace latent {

namespace {

// Where a window was, to put it back after the zoomed frames.
struct WindowPlace {
  ImGuiWindow* window;
  ImVec2 pos, size, scroll;
};

// ImGui keeps every window it ever made (until the context goes), so the pointers stay valid.
std::vector<WindowPlace> scale_windows(float zoom) {
  std::vector<WindowPlace> places;
  for (ImGuiWindow* w : GImGui->Windows) {
    places.push_back({w, w->Pos, w->SizeFull, w->Scroll});
    // Children, popups and tooltips are placed by their owners every frame.
    if (!(w->Flags & (ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_Popup | ImGuiWindowFlags_Tooltip))) {
      ImGui::SetWindowPos(w, ImVec2(std::round(w->Pos.x * zoom), std::round(w->Pos.y * zoom)), ImGuiCond_Always);
      ImGui::SetWindowSize(w, ImVec2(std::round(w->SizeFull.x * zoom), std::round(w->SizeFull.y * zoom)),
                           ImGuiCond_Always);
    }
    ImGui::SetScrollX(w, w->Scroll.x * zoom);
    ImGui::SetScrollY(w, w->Scroll.y * zoom);
  }
  return places;
}

void restore_windows(const std::vector<WindowPlace>& places) {
  for (const WindowPlace& p : places) {
    if (!(p.window->Flags & (ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_Popup | ImGuiWindowFlags_Tooltip))) {
      ImGui::SetWindowPos(p.window, p.pos, ImGuiCond_Always);
      ImGui::SetWindowSize(p.window, p.size, ImGuiCond_Always);
    }
    ImGui::SetScrollX(p.window, p.scroll.x);
    ImGui::SetScrollY(p.window, p.scroll.y);
  }
}

}  // namespace

RgbImage render_zoomed(ImGuiRuntime& imgui, float zoom, const ZoomedFrameParts& parts) {
  const int width = int(std::lround(parts.framebuffer_width * zoom));
  const int height = int(std::lround(parts.framebuffer_height * zoom));
  GLint largest = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &largest);
  if (width <= 0 || height <= 0 || width > largest || height > largest)
    throw std::runtime_error("the window at " + std::to_string(width) + "x" + std::to_string(height) +
                             " pixels is larger than the graphics driver can draw offscreen (" +
                             std::to_string(largest) + " at most); make the window smaller");
  gl::RenderTarget target;
  target.ensure(width, height);

  const std::vector<WindowPlace> places = scale_windows(zoom);
  parts.restyle(parts.ui_scale * zoom);
  RgbImage image;
  std::string failure;
  for (int pass = 0; pass < 2; ++pass) {
    imgui.new_frame(zoom);
    parts.build();
    ImGui::Render();
    if (pass == 0) continue;
    gl::RenderTarget::Binding binding(target);
    GLint bound = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &bound);
    if (bound == 0) {  // the framebuffer could not be made (RenderTarget said why on stderr)
      failure = "the graphics driver could not make a " + std::to_string(width) + "x" + std::to_string(height) +
                " offscreen picture";
      break;
    }
    glClearColor(parts.clear.x, parts.clear.y, parts.clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    image = read_framebuffer(width, height);
  }
  gl::check_errors("rendering a zoomed frame");
  restore_windows(places);
  parts.restyle(parts.ui_scale);
  imgui.new_frame();
  parts.build();
  ImGui::Render();
  if (!failure.empty()) throw std::runtime_error(failure);
  return image;
}

}  // namespace latent
