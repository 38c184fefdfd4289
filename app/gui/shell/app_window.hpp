// The GLFW side of the window: the library, one OpenGL 3.3 core window and
// its context, created and destroyed in mirror order, and the input watchers
// that tell the loop when someone is interacting.
#pragma once
#include <string>

struct GLFWwindow;

namespace latent {

class AppWindow {
 public:
  // Opens the window; on failure ok() is false and error() says why and what
  // to do, in one line. `scripted` (--frames) parks the pointer on the menu
  // bar, so a virtual display's centred pointer leaves no tooltip in a screenshot.
  AppWindow(int width, int height, bool scripted);
  ~AppWindow();
  AppWindow(const AppWindow&) = delete;
  AppWindow& operator=(const AppWindow&) = delete;

  bool ok() const { return window_ != nullptr; }
  const std::string& error() const { return error_; }
  GLFWwindow* handle() const { return window_; }

  void poll_events();
  bool should_close() const;
  void swap_buffers();
  // Seconds since the window opened (glfwGetTime).
  double now() const;
  // When the user last moved, clicked, scrolled, typed, resized or focused (seconds, as now()).
  double last_input() const { return last_input_; }
  void framebuffer_size(int& width, int& height) const;

 private:
  static void note_input(GLFWwindow* window);
  bool glfw_ok_ = false;
  GLFWwindow* window_ = nullptr;
  std::string error_;
  double last_input_ = 0.0;  // written by GLFW's callbacks on this (the UI) thread, inside poll_events()
};

}  // namespace latent
