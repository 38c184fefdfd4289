// Timing of the UI loop and what the trainer reported while the window was
// open: percentiles for --stats, and live readouts for the status line.
#pragma once
#include <cstdint>
#include <deque>
#include <string>

#include <nlohmann/json.hpp>

namespace latent {

class FrameStats {
 public:
  // ui_ms: the UI thread's own work this frame (events, panels, GL submission),
  // excluding the buffer swap and the frame-rate cap's sleep.
  // frame_ms: from this frame's start to the next one's.
  void add_frame(double ui_ms, double frame_ms);
  // The two halves of ui_ms: building the panels, and handing the draw lists to GL.
  void add_split(double build_ms, double render_ms);
  void add_draw_size(int vertices, int indices) {
    push(vertices_, vertices);
    push(indices_, indices);
  }
  // Samples/s reported by the trainer while it runs (sampled once per new snapshot).
  void add_training_rate(double samples_per_second, double steps_per_second);
  // A pin moved this frame; was its decoded picture updated in the same frame?
  void add_pin_drag(double decode_ms, bool same_frame);

  int64_t frames() const { return frames_; }
  double recent_fps() const { return recent_frame_ms_ > 0 ? 1000.0 / recent_frame_ms_ : 0.0; }
  double recent_ui_ms() const { return recent_ui_ms_; }

  nlohmann::json to_json() const;

 private:
  // Bounded so a lecture left running all afternoon does not grow memory;
  // percentiles then describe the last few minutes, which is what matters.
  static constexpr size_t kKeep = 20000;
  static void push(std::deque<double>& d, double v);
  static double percentile(const std::deque<double>& d, double p);

  std::deque<double> vertices_, indices_;
  std::deque<double> ui_ms_, build_ms_, render_ms_, frame_ms_, samples_per_s_, steps_per_s_, pin_ms_;
  int64_t frames_ = 0, pin_drags_ = 0, pin_same_frame_ = 0;
  double recent_ui_ms_ = 0.0, recent_frame_ms_ = 0.0;  // smoothed for display
};

}  // namespace latent
