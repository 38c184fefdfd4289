// The monkey's moves: one random action a frame, weighted towards what users do most.
#include "gui/shell/demo_monkey.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <iterator>

namespace latent {

namespace {

// The window's shortcuts (menus.cpp, lesson_mode.cpp) and the keys widgets read.
// Not F12: a screenshot a frame would be all the run did.
constexpr int kKeys[] = {GLFW_KEY_SPACE, GLFW_KEY_S,      GLFW_KEY_R,       GLFW_KEY_G,         GLFW_KEY_B,
                         GLFW_KEY_D,     GLFW_KEY_F,      GLFW_KEY_F2,      GLFW_KEY_LEFT,      GLFW_KEY_RIGHT,
                         GLFW_KEY_UP,    GLFW_KEY_DOWN,   GLFW_KEY_PAGE_UP, GLFW_KEY_PAGE_DOWN, GLFW_KEY_HOME,
                         GLFW_KEY_END,   GLFW_KEY_ESCAPE, GLFW_KEY_TAB,     GLFW_KEY_ENTER,     GLFW_KEY_BACKSPACE,
                         GLFW_KEY_DELETE, GLFW_KEY_O,     GLFW_KEY_A};
// What a student types into a field: numbers, signs, exponents, and a few letters.
constexpr char kTyped[] = "0123456789.-+eE ,xzq";

}  // namespace

void DemoMonkey::feed(ImGuiIO& io) {
  if (key_ >= 0) io.KeysDown[key_] = false;
  key_ = -1;
  io.KeyCtrl = io.KeyShift = io.KeyAlt = false;
  io.MouseDown[0] = io.MouseDown[1] = io.MouseDown[2] = false;
  const float w = io.DisplaySize.x, h = io.DisplaySize.y;
  if (drag_frames_ > 0) {
    // A drag: small steps with the button held, sometimes off the window's edge.
    --drag_frames_;
    x_ = std::clamp(x_ + (uniform() - 0.5f) * w * 0.06f, -10.0f, w + 10.0f);
    y_ = std::clamp(y_ + (uniform() - 0.5f) * h * 0.06f, -10.0f, h + 10.0f);
    io.MouseDown[0] = true;
  } else {
    const float r = uniform();
    if (r < 0.30f) {  // move
      x_ = uniform() * w;
      y_ = uniform() * h;
    } else if (r < 0.52f) {  // click
      x_ = uniform() * w;
      y_ = uniform() * h;
      io.MouseDown[0] = true;
    } else if (r < 0.62f) {  // start a drag
      x_ = uniform() * w;
      y_ = uniform() * h;
      io.MouseDown[0] = true;
      drag_frames_ = 4 + below(40);
    } else if (r < 0.68f) {  // the menu bar: File, View, Help and what they open
      x_ = uniform() * w * 0.3f;
      y_ = uniform() * ImGui::GetFrameHeight();
      io.MouseDown[0] = true;
    } else if (r < 0.72f) {  // right click (context menus)
      io.MouseDown[1] = true;
    } else if (r < 0.80f) {  // wheel, sometimes with Ctrl or Shift
      io.MouseWheel += float(below(7) - 3);
      io.KeyCtrl = below(4) == 0;
      io.KeyShift = below(4) == 0;
    } else if (r < 0.90f) {  // a key, one in five with Ctrl
      key_ = kKeys[below(int(std::size(kKeys)))];
      io.KeysDown[key_] = true;
      io.KeyCtrl = below(5) == 0;
    } else if (r < 0.94f) {  // typing
      for (int k = below(6); k >= 0; --k) io.AddInputCharacter(unsigned(kTyped[below(int(sizeof kTyped) - 1)]));
    }
  }
  io.MousePos = ImVec2(x_, y_);
}

}  // namespace latent
