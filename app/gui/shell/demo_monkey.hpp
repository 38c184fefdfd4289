// --demo-monkey SEED: in place of a user, random mouse moves, clicks, drags,
// wheel turns, typed characters, key presses (the window's shortcuts among
// them) and clicks on the menu bar, fed to ImGui every frame, to find what a
// class of students could break. The same seed gives the same input.
#pragma once
#include <cstdint>
#include <random>

struct ImGuiIO;

namespace latent {

class DemoMonkey {
 public:
  explicit DemoMonkey(uint64_t seed) : rng_(seed) {}
  // Between the platform backend's new frame and ImGui's: this frame's input.
  void feed(ImGuiIO& io);

 private:
  float uniform() { return std::uniform_real_distribution<float>(0.0f, 1.0f)(rng_); }
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  std::mt19937_64 rng_;
  float x_ = 0.0f, y_ = 0.0f;  // the pointer, in ImGui's coordinates
  int drag_frames_ = 0;        // > 0: the left button stays down while the pointer wanders
  int key_ = -1;               // the key pressed last frame, released this one
};

}  // namespace latent
