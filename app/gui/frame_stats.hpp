// Timing of the UI loop and what the trainer reported while the window was
// open: percentiles for --stats, and live readouts for the status line.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
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
  // CPU time the UI thread used for the same work (wall time minus being
  // preempted): on a busy shared machine, the part that is ours.
  void add_cpu(double ui_cpu_ms) {
    if (frames_ > kWarmupFrames) push(ui_cpu_ms_, ui_cpu_ms);
  }
  void add_draw_size(int vertices, int indices) {
    if (frames_ <= kWarmupFrames) return;
    push(vertices_, vertices);
    push(indices_, indices);
  }
  // Samples/s reported by the trainer while it runs (sampled once per new snapshot).
  void add_training_rate(double samples_per_second, double steps_per_second);
  // A pin moved this frame; was its decoded picture updated in the same frame?
  void add_pin_drag(double decode_ms, bool same_frame);

  // Time (thread CPU) one panel took to build this frame: finds the slow one.
  void add_panel(const std::string& name, double cpu_ms) {
    if (frames_ >= kWarmupFrames) push(panel_ms_[name], cpu_ms);
  }

  int64_t frames() const { return frames_; }
  double recent_fps() const { return recent_frame_ms_ > 0 ? 1000.0 / recent_frame_ms_ : 0.0; }
  double recent_ui_ms() const { return recent_ui_ms_; }

  nlohmann::json to_json() const;

 private:
  // Bounded so a lecture left running all afternoon does not grow memory;
  // percentiles then describe the last few minutes, which is what matters.
  static constexpr size_t kKeep = 20000;
  static constexpr int64_t kWarmupFrames = 5;
  static void push(std::deque<double>& d, double v);
  static double percentile(const std::deque<double>& d, double p);

  std::deque<double> vertices_, indices_, ui_cpu_ms_;
  std::map<std::string, std::deque<double>> panel_ms_;
  std::deque<double> ui_ms_, build_ms_, render_ms_, frame_ms_, samples_per_s_, steps_per_s_, pin_ms_;
  int64_t frames_ = 0, pin_drags_ = 0, pin_same_frame_ = 0;
  double warmup_ms_ = 0.0;
  double recent_ui_ms_ = 0.0, recent_frame_ms_ = 0.0;  // smoothed for display
};

}  // namespace latent
