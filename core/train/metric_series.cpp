// The trainer's bounded curve history: keeping the newest points, thinning the older ones.
#include "core/train/metric_series.hpp"

namespace latent {

void MetricChunks::push(const MetricPoint& p) {
  tail_.push_back(p);
  if (tail_.size() < MetricSeries::kChunk) return;
  full_.push_back(std::make_shared<const std::vector<MetricPoint>>(std::move(tail_)));
  tail_.clear();
  tail_.reserve(MetricSeries::kChunk);
}

std::shared_ptr<const std::vector<MetricPoint>> MetricChunks::pop_front() {
  auto oldest = std::move(full_.front());
  full_.erase(full_.begin());
  return oldest;
}

void MetricChunks::clear() {
  full_.clear();
  tail_.clear();
}

MetricSeries::Chunks MetricChunks::publish() const {
  MetricSeries::Chunks c;
  c.chunks = full_;
  if (!tail_.empty()) c.chunks.push_back(std::make_shared<const std::vector<MetricPoint>>(tail_));
  c.size = size();
  return c;
}

void MetricRecorder::append(const MetricPoint& p) {
  recent_.push(p);
  ++offered_;
  if (recent_.size() < kRecent + MetricSeries::kChunk) return;
  // The oldest recent chunk joins the history, thinned to its stride.
  const uint64_t first = offered_ - recent_.size();
  const auto chunk = recent_.pop_front();
  for (size_t j = 0; j < chunk->size(); ++j) {
    if ((first + j) % stride_ != 0) continue;
    history_.push((*chunk)[j]);
    if (history_.size() < kHistory) continue;
    // Full: keep every other point (the history holds offered indices 0, s, 2s, ...: the multiples of 2s stay).
    MetricChunks thinned;
    for (size_t i = 0; i < history_.size(); i += 2) thinned.push(history_[i]);
    history_ = std::move(thinned);
    stride_ *= 2;
  }
}

void MetricRecorder::clear() {
  history_.clear();
  recent_.clear();
  offered_ = 0;
  stride_ = 1;
}

MetricSeries MetricRecorder::publish() const {
  MetricSeries s;
  s.history_ = history_.publish();
  s.recent_ = recent_.publish();
  s.offered_ = offered_;
  return s;
}

}  // namespace latent
