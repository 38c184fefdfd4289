// Creating the GLFW window, reporting a missing display in our words, and
// watching input so the loop redraws while someone interacts.
#include "gui/shell/app_window.hpp"

#include <GL/glcorearb.h>
#include <GLFW/glfw3.h>

#include <cstdlib>

namespace latent {

namespace {
// The last error GLFW reported; written by its callback on the UI thread and
// read only when something failed. GLFW's callback takes no user pointer.
std::string g_glfw_error;
void remember_glfw_error(int code, const char* text) { g_glfw_error = std::to_string(code) + ": " + (text ? text : ""); }

constexpr const char* kXvfbHint = "xvfb-run -a -s \"-screen 0 1280x800x24\" latentlab";
}  // namespace

void AppWindow::note_input(GLFWwindow* window) {
  if (auto* self = static_cast<AppWindow*>(glfwGetWindowUserPointer(window))) self->last_input_ = glfwGetTime();
}

AppWindow::AppWindow(int width, int height, bool scripted) {
  // Before glfwInit, so a missing display is reported in our words, not lost.
  glfwSetErrorCallback(remember_glfw_error);
  glfw_ok_ = glfwInit() == GLFW_TRUE;
  if (!glfw_ok_) {
    error_ = "no display to open a window on (GLFW " + g_glfw_error + "); without a screen run: " + kXvfbHint;
    return;
  }
  // Mesa's software renderer (llvmpipe, e.g. under Xvfb) rasterizes on as
  // many threads as there are cores, which takes the trainer's core. With 0
  // it rasterizes on the UI thread at the swap: the UI keeps to one core and
  // training keeps the other. Other drivers ignore the variable.
  setenv("LP_NUM_THREADS", "0", 0);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  window_ = glfwCreateWindow(width, height, "Latent Lab", nullptr, nullptr);
  if (!window_) {
    error_ = "cannot create an OpenGL 3.3 core window (GLFW " + g_glfw_error +
             "); check the graphics driver, or run under " + kXvfbHint;
    return;
  }
  // Installed before ImGui's backend, which chains to them: every event
  // marks the UI as active, so the loop draws frames while someone interacts.
  glfwSetWindowUserPointer(window_, this);
  glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double, double) { note_input(w); });
  glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int, int, int) { note_input(w); });
  glfwSetScrollCallback(window_, [](GLFWwindow* w, double, double) { note_input(w); });
  glfwSetKeyCallback(window_, [](GLFWwindow* w, int, int, int, int) { note_input(w); });
  glfwSetCharCallback(window_, [](GLFWwindow* w, unsigned) { note_input(w); });
  glfwSetFramebufferSizeCallback(window_, [](GLFWwindow* w, int, int) { note_input(w); });
  glfwSetWindowFocusCallback(window_, [](GLFWwindow* w, int) { note_input(w); });
  glfwSetWindowRefreshCallback(window_, note_input);
  if (scripted) glfwSetCursorPos(window_, width / 2, 4);
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
}

AppWindow::~AppWindow() {
  if (window_) glfwDestroyWindow(window_);
  if (glfw_ok_) glfwTerminate();
}

void AppWindow::poll_events() { glfwPollEvents(); }
bool AppWindow::should_close() const { return glfwWindowShouldClose(window_); }
void AppWindow::swap_buffers() { glfwSwapBuffers(window_); }
double AppWindow::now() const { return glfwGetTime(); }
void AppWindow::framebuffer_size(int& width, int& height) const { glfwGetFramebufferSize(window_, &width, &height); }

}  // namespace latent
