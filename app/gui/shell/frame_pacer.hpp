// The loop's clock: a 60 Hz tick to sleep to (vsync does nothing under Xvfb,
// and an unpaced loop would take the trainer's core), and the rule for which
// ticks draw a frame.
#pragma once
#include <chrono>

namespace latent {

class FramePacer {
 public:
  // Sleeps until the next tick; a loop that fell behind does not try to catch up.
  void wait_for_tick();

  struct Moment {
    double now = 0.0;         // seconds, the window's clock
    double last_input = 0.0;  // when the user last did something, same clock
    bool animating = false;   // a panel or a script moves something every frame
    bool changed = false;     // a new snapshot or a background result to show
    bool must_draw = false;   // a screenshot is pending, or the window closes
    bool warming_up = false;  // a lesson warms up its model: a progress bar needs 2 frames a second
    bool scripted = false;    // a --frames run: no one watches, so its frames need not wait for changes
  };
  bool should_draw(const Moment& m) const;
  // A frame was drawn at `now`, costing this thread `cpu_seconds` in all (swap included).
  void drew(double now, double cpu_seconds);

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point next_tick_ = Clock::now();
  double last_drawn_ = -1.0;
  double frame_cpu_seconds_ = 0.0;  // smoothed
};

}  // namespace latent
