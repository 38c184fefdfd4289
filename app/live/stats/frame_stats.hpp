// Timing of the UI loop and what the trainer reported while the window was
// open: percentiles for --stats, and live readouts for the status line.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "live/stats/plot_heights.hpp"

namespace latent {

// One drawn frame on the UI thread, in milliseconds. "Wall" is elapsed time,
// which on a busy two-core machine also counts the time the thread waited for
// a core (the trainer, a compiler, Xvfb); "CPU" is the thread's own CPU time.
struct FrameTiming {
  double build_ms = 0.0;        // wall: frame start to the ImGui frame built (events, panels, decodes, texture uploads)
  double submit_ms = 0.0;       // wall: ImGui::Render, clear, and handing the draw lists to GL
  double build_cpu_ms = 0.0;    // CPU of the same two parts
  double submit_cpu_ms = 0.0;
  double swap_ms = 0.0;         // wall: glfwSwapBuffers (and a screenshot's read-back, when one is taken)
  double swap_cpu_ms = 0.0;
  double frame_ms = 0.0;        // wall: this frame's start to the next one's (0 for the first)
};

class FrameStats {
 public:
  // What each --stats figure includes (p50/p99 over the frames after warm-up):
  //   ui_thread_ms   the UI thread's own work per frame, excluding the swap:
  //                  CPU time of build + submit. This is the figure the
  //                  responsiveness target is about. "Submit" is our GL
  //                  calls; with Mesa's llvmpipe it also holds the driver
  //                  transforming and binning every vertex we hand it (about
  //                  0.07 ms per 1,000 vertices on the 2-core machine), so
  //                  it errs on the strict side.
  //   ui_thread_build_ms, ui_thread_submit_ms   its two parts.
  //   ui_ms, ui_build_ms, ui_render_ms          the same spans in wall time
  //                  (render = submit): own work plus time spent waiting for a core.
  //   swap_ms, swap_cpu_ms   the driver's swap: with llvmpipe and
  //                  LP_NUM_THREADS=0 that is rasterizing the whole frame on
  //                  this thread (~10-15 ms), then presenting it.
  //   frame_ms       start to start, i.e. 1000 / frame rate.
  void add_frame(const FrameTiming& t);
  // Vertices and indices handed to GL this frame (what submit and the swap scale with).
  void add_draw_size(int vertices, int indices) {
    if (frames_ <= kWarmupFrames) return;
    push(vertices_, vertices);
    push(indices_, indices);
  }
  // Vertices one window handed to GL this frame: finds the heavy one.
  void add_window_vertices(const std::string& window, int vertices) {
    if (frames_ > kWarmupFrames) push(window_vertices_[window], vertices);
  }
  // A frame drawn while a lesson waited for its model: --frames does not count it.
  void add_lesson_wait_frame() { ++lesson_wait_frames_; }
  // Samples/s reported by the trainer while it runs (sampled once per new snapshot).
  void add_training_rate(double samples_per_second, double steps_per_second);
  // A pin moved this frame; was its decoded picture updated in the same frame?
  void add_pin_drag(double decode_ms, bool same_frame);

  // Time (thread CPU) one panel took to build this frame: finds the slow one.
  void add_panel(const std::string& name, double cpu_ms) {
    if (frames_ >= kWarmupFrames) push(panel_ms_[name], cpu_ms);
  }

  // The visible plotting-area heights (px) of the plots one window drew this frame.
  void add_plot_heights(const std::string& window, const std::vector<float>& heights) {
    plot_heights_.add(frames_, frames_ >= kWarmupFrames, window, heights);
  }

  int64_t frames() const { return frames_; }
  double recent_fps() const { return recent_frame_ms_ > 0 ? 1000.0 / recent_frame_ms_ : 0.0; }
  double recent_ui_ms() const { return recent_ui_ms_; }

  nlohmann::json to_json() const;

 private:
  // Bounded so a lecture left running all afternoon does not grow memory;
  // percentiles then describe the last few minutes, which is what matters.
  // 4,000 frames: a minute at 60 fps, ~7 at the 10 fps of an unattended run
  // (20,000 took over half an hour to fill there, ~40 series of them).
  static constexpr size_t kKeep = 4000;
  static constexpr int64_t kWarmupFrames = 5;
  static void push(std::deque<double>& d, double v);
  static double percentile(const std::deque<double>& d, double p);

  std::deque<double> vertices_, indices_;
  std::map<std::string, std::deque<double>> panel_ms_, window_vertices_;
  std::deque<double> thread_ms_, thread_build_ms_, thread_submit_ms_;  // CPU
  std::deque<double> ui_ms_, build_ms_, render_ms_, swap_ms_, swap_cpu_ms_, frame_ms_;  // wall, except swap_cpu_ms_
  std::deque<double> samples_per_s_, steps_per_s_, pin_ms_;
  int64_t frames_ = 0, pin_drags_ = 0, pin_same_frame_ = 0;
  int64_t lesson_wait_frames_ = 0;
  double warmup_ms_ = 0.0;
  double recent_ui_ms_ = 0.0, recent_frame_ms_ = 0.0;  // smoothed for display
  PlotHeights plot_heights_;
};

}  // namespace latent
