// Percentiles over the recorded frames and the --stats JSON.
#include "live/stats/frame_stats.hpp"

#include <algorithm>
#include <vector>

namespace latent {

void FrameStats::push(std::deque<double>& d, double v) {
  d.push_back(v);
  if (d.size() > kKeep) d.pop_front();
}

double FrameStats::percentile(const std::deque<double>& d, double p) {
  if (d.empty()) return 0.0;
  std::vector<double> v(d.begin(), d.end());
  const size_t k = std::min(v.size() - 1, size_t(p / 100.0 * double(v.size() - 1) + 0.5));
  std::nth_element(v.begin(), v.begin() + long(k), v.end());
  return v[k];
}

void FrameStats::add_frame(const FrameTiming& t) {
  ++frames_;
  const double ui_ms = t.build_ms + t.submit_ms;
  // The first frames compile shaders, upload the font atlas and size every
  // buffer: reported on their own, so percentiles describe the steady state.
  if (frames_ <= kWarmupFrames) {
    warmup_ms_ = std::max(warmup_ms_, ui_ms);
    return;
  }
  push(thread_ms_, t.build_cpu_ms + t.submit_cpu_ms);
  push(thread_build_ms_, t.build_cpu_ms);
  push(thread_submit_ms_, t.submit_cpu_ms);
  push(ui_ms_, ui_ms);
  push(build_ms_, t.build_ms);
  push(render_ms_, t.submit_ms);
  push(swap_ms_, t.swap_ms);
  push(swap_cpu_ms_, t.swap_cpu_ms);
  if (t.frame_ms > 0) push(frame_ms_, t.frame_ms);
  const double a = 0.05;
  recent_ui_ms_ = recent_ui_ms_ == 0 ? ui_ms : (1 - a) * recent_ui_ms_ + a * ui_ms;
  if (t.frame_ms > 0)
    recent_frame_ms_ = recent_frame_ms_ == 0 ? t.frame_ms : (1 - a) * recent_frame_ms_ + a * t.frame_ms;
}

void FrameStats::add_training_rate(double samples_per_second, double steps_per_second) {
  push(samples_per_s_, samples_per_second);
  push(steps_per_s_, steps_per_second);
}

void FrameStats::add_pin_drag(double decode_ms, bool same_frame) {
  ++pin_drags_;
  if (same_frame) ++pin_same_frame_;
  push(pin_ms_, decode_ms);
}

nlohmann::json FrameStats::to_json() const {
  nlohmann::json j;
  j["frames"] = frames_;
  j["lesson_wait_frames"] = lesson_wait_frames_;
  j["warmup_frames"] = kWarmupFrames;
  j["warmup_ui_ms_max"] = warmup_ms_;
  j["ui_thread_ms_p50"] = percentile(thread_ms_, 50);
  j["ui_thread_ms_p90"] = percentile(thread_ms_, 90);
  j["ui_thread_ms_p99"] = percentile(thread_ms_, 99);
  j["ui_thread_ms_max"] = percentile(thread_ms_, 100);
  j["ui_thread_build_ms_p50"] = percentile(thread_build_ms_, 50);
  j["ui_thread_build_ms_p99"] = percentile(thread_build_ms_, 99);
  j["ui_thread_submit_ms_p50"] = percentile(thread_submit_ms_, 50);
  j["ui_thread_submit_ms_p99"] = percentile(thread_submit_ms_, 99);
  j["ui_ms_p50"] = percentile(ui_ms_, 50);
  j["ui_ms_p90"] = percentile(ui_ms_, 90);
  j["ui_ms_p99"] = percentile(ui_ms_, 99);
  j["ui_ms_max"] = percentile(ui_ms_, 100);
  j["ui_build_ms_p50"] = percentile(build_ms_, 50);
  j["ui_build_ms_p99"] = percentile(build_ms_, 99);
  j["ui_render_ms_p50"] = percentile(render_ms_, 50);
  j["ui_render_ms_p99"] = percentile(render_ms_, 99);
  j["swap_ms_p50"] = percentile(swap_ms_, 50);
  j["swap_ms_p99"] = percentile(swap_ms_, 99);
  j["swap_cpu_ms_p50"] = percentile(swap_cpu_ms_, 50);
  j["swap_cpu_ms_p99"] = percentile(swap_cpu_ms_, 99);
  j["draw_vertices_p50"] = percentile(vertices_, 50);
  j["draw_vertices_p99"] = percentile(vertices_, 99);
  j["draw_indices_p50"] = percentile(indices_, 50);
  for (const auto& [name, values] : window_vertices_)
    j["window_vertices"][name] = {{"p50", percentile(values, 50)}, {"p99", percentile(values, 99)}};
  for (const auto& [name, values] : panel_ms_)
    j["panel_cpu_ms"][name] = {{"p50", percentile(values, 50)}, {"p99", percentile(values, 99)}};
  j["frame_ms_p50"] = percentile(frame_ms_, 50);
  j["frame_ms_p99"] = percentile(frame_ms_, 99);
  j["train_samples_per_s"] = percentile(samples_per_s_, 50);
  j["train_steps_per_s"] = percentile(steps_per_s_, 50);
  j["train_rate_samples"] = samples_per_s_.size();
  j["pin_drags"] = pin_drags_;
  j["pin_drags_decoded_same_frame"] = pin_same_frame_;
  j["pin_decode_ms_p50"] = percentile(pin_ms_, 50);
  j["pin_decode_ms_p99"] = percentile(pin_ms_, 99);
  j["plot_heights"] = plot_heights_.to_json();
  return j;
}

}  // namespace latent
