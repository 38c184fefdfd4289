// Dear ImGui's context and its GLFW and OpenGL 3 backends, created and
// destroyed in mirror order, with the layout file (imgui.ini) saved whole
// and atomically instead of by ImGui's own plain fopen.
#pragma once
#include <string>

struct GLFWwindow;

namespace latent {

class DemoMonkey;

class ImGuiRuntime {
 public:
  // `ini_path` empty: nothing is loaded or saved.
  ImGuiRuntime(GLFWwindow* window, std::string ini_path);
  ~ImGuiRuntime();  // saves the layout one last time
  ImGuiRuntime(const ImGuiRuntime&) = delete;
  ImGuiRuntime& operator=(const ImGuiRuntime&) = delete;

  // Starts an ImGui frame (both backends, then ImGui). `zoom` > 1: a frame
  // for an export, not the screen: `zoom` times the window's size (to be
  // rendered offscreen at that many times its pixels), with no pointer on it.
  // `monkey`: this frame's input comes from it instead of the user.
  void new_frame(float zoom = 1.0f, DemoMonkey* monkey = nullptr);
  // After ImGui::Render: saves the layout if ImGui asks (every few seconds after a change).
  void save_layout_if_asked();

 private:
  void save_layout();
  std::string ini_path_;
  bool warned_ = false;  // a failed save is reported once
};

}  // namespace latent
