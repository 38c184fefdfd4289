// When the loop wakes, and when it draws.
#include "gui/shell/frame_pacer.hpp"

#include <algorithm>
#include <thread>

namespace latent {

void FramePacer::wait_for_tick() {
  const auto period = std::chrono::microseconds(16667);
  std::this_thread::sleep_until(next_tick_);
  const auto now = Clock::now();
  next_tick_ += period;
  if (next_tick_ < now) next_tick_ = now + period;
}

bool FramePacer::should_draw(const Moment& m) const {
  // Redraw only when something changed: on a software renderer a frame costs
  // the UI thread ~15 ms of CPU, which on a busy machine comes out of
  // training. While the user interacts, every tick (60 fps). While training
  // runs unattended, new snapshots at most 10 times a second, and never more
  // often than keeps the window's frames under ~10% of a core (6 fps in
  // software GL on two cores, the full 10 on a GPU).
  // A warm-up's model changes too fast for gliding views ever to settle: they step at its pace.
  // A scripted run draws every tick after any warm-up: its N frames take a
  // second or two, not N/4 seconds of a test machine's time.
  const bool interacting = m.now - m.last_input < 0.5 || ((m.animating || m.scripted) && !m.warming_up);
  if (last_drawn_ < 0.0 || interacting || m.must_draw) return true;
  // During a lesson's warm-up the class waits on training: every frame drawn delays the caption.
  const double unattended_interval = m.warming_up ? 0.5 : std::clamp(frame_cpu_seconds_ / 0.10, 0.1, 0.25);
  return (m.changed && m.now - last_drawn_ >= unattended_interval) || m.now - last_drawn_ >= 0.5;  // heartbeat
}

void FramePacer::drew(double now, double cpu_seconds) {
  last_drawn_ = now;
  frame_cpu_seconds_ = frame_cpu_seconds_ == 0.0 ? cpu_seconds : 0.9 * frame_cpu_seconds_ + 0.1 * cpu_seconds;
}

}  // namespace latent
