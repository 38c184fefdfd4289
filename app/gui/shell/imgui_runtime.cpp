// ImGui's context, backends and atomically saved layout.
#include "gui/shell/imgui_runtime.hpp"

#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <filesystem>

#include "core/io/atomic_file.hpp"
#include "gui/shell/demo_monkey.hpp"

namespace latent {

ImGuiRuntime::ImGuiRuntime(GLFWwindow* window, std::string ini_path) : ini_path_(std::move(ini_path)) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  // ImGui writes imgui.ini with a plain fopen, which a crash can leave half
  // written; here it is loaded once and saved whole by save_layout.
  ImGui::GetIO().IniFilename = nullptr;
  std::error_code ec;
  if (!ini_path_.empty() && std::filesystem::exists(ini_path_, ec)) ImGui::LoadIniSettingsFromDisk(ini_path_.c_str());
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
}

ImGuiRuntime::~ImGuiRuntime() {
  save_layout();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

void ImGuiRuntime::new_frame(float zoom, DemoMonkey* monkey) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  if (monkey) monkey->feed(ImGui::GetIO());
  if (zoom != 1.0f) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(io.DisplaySize.x * zoom, io.DisplaySize.y * zoom);
    // Nothing hovered or highlighted in an exported picture.
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    // Export frames follow one another within microseconds; ImGui needs time to pass.
    io.DeltaTime = std::max(io.DeltaTime, 1e-4f);
  }
  ImGui::NewFrame();
}

void ImGuiRuntime::save_layout_if_asked() {
  if (ImGui::GetIO().WantSaveIniSettings) save_layout();
}

void ImGuiRuntime::save_layout() {
  ImGui::GetIO().WantSaveIniSettings = false;
  if (ini_path_.empty()) return;
  size_t size = 0;
  const char* text = ImGui::SaveIniSettingsToMemory(&size);
  try {
    write_file_atomically(ini_path_, std::string_view(text, size));
  } catch (const std::exception& e) {
    if (!warned_) std::fprintf(stderr, "latentlab: %s\n", e.what());
    warned_ = true;
  }
}

}  // namespace latent
