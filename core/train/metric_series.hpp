// Training curves shared between snapshots without copying them, in bounded
// memory: the history is a list of immutable chunks, so publishing a snapshot
// copies a few pointers and the unfinished tails, never the whole history.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

namespace latent {

// For a VAE: the ELBO and its two terms. For the conditional models
// (ModelKind::Conditional), elbo, reconstruction and kl are the conditional VAE's
// bound on log p(y|x) and its terms; mdn_log_lik is the mixture density
// network's exact log p(y|x) (minus its NLL) and regressor_mse the
// least-squares baseline's error. For a mixture of Gaussians
// (ModelKind::Mixture), log_lik is the exact log p(x), and elbo,
// reconstruction and kl are the ELBO of the current q(z|x) and its terms.
struct MetricPoint {
  int64_t step = 0;
  float epoch = 0.0f;
  float elbo = 0.0f;            // reconstruction - kl, nats per example
  float reconstruction = 0.0f;  // E_q[log p(x|z)] (conditional VAE: E_q[log p(y|x,z)])
  float kl = 0.0f;              // KL(q(z|x) || p(z)) (conditional VAE: KL(q(z|x,y) || prior))
  uint8_t estimator = 0;        // EncoderGradient used for this step (curves mark changes)
  float mdn_log_lik = 0.0f;     // conditional runs only
  float regressor_mse = 0.0f;   // conditional runs only
  float log_lik = 0.0f;         // mixture and categorical runs: exact log p(x) (0 where not enumerable); elbo is then that of q
  float perplexity = 0.0f;      // VQ-VAE runs: exp(entropy) of the codebook's use, held out (the training step's batch in training points)
  float dead_codes = 0.0f;      // VQ-VAE runs: entries no example used
};

// Read side: an immutable view of the points kept so far: the oldest thinned
// to one in a power-of-two stride, the newest every one (see MetricRecorder).
class MetricSeries {
 public:
  static constexpr size_t kChunk = 1024;
  static constexpr size_t npos = size_t(-1);
  size_t size() const { return history_.size + recent_.size; }
  bool empty() const { return size() == 0; }
  const MetricPoint& operator[](size_t i) const {
    return i < history_.size ? history_[i] : recent_[i - history_.size];
  }
  const MetricPoint& back() const { return (*this)[size() - 1]; }
  // Points offered since the run began, kept or thinned away.
  uint64_t offered() const { return offered_; }
  // The index of the first point offered after the first `seen`, while every
  // point offered since is still held (a reader that kept up); npos if not.
  size_t index_after(uint64_t seen) const {
    return seen <= offered_ && offered_ - seen <= recent_.size ? size() - size_t(offered_ - seen) : npos;
  }

 private:
  friend class MetricChunks;
  friend class MetricRecorder;
  struct Chunks {
    std::vector<std::shared_ptr<const std::vector<MetricPoint>>> chunks;  // kChunk points each but the last
    size_t size = 0;
    const MetricPoint& operator[](size_t i) const { return (*chunks[i / kChunk])[i % kChunk]; }
  };
  Chunks history_, recent_;
  uint64_t offered_ = 0;
};

// Points in order as immutable chunks shared with every snapshot that holds
// them, and the unfinished tail, which only the trainer touches.
class MetricChunks {
 public:
  size_t size() const { return full_.size() * MetricSeries::kChunk + tail_.size(); }
  const MetricPoint& operator[](size_t i) const {
    const size_t c = i / MetricSeries::kChunk;
    return c < full_.size() ? (*full_[c])[i % MetricSeries::kChunk] : tail_[i % MetricSeries::kChunk];
  }
  void push(const MetricPoint& p);
  // Drops the oldest full chunk and returns it.
  std::shared_ptr<const std::vector<MetricPoint>> pop_front();
  void clear();
  MetricSeries::Chunks publish() const;

 private:
  std::vector<std::shared_ptr<const std::vector<MetricPoint>>> full_;
  std::vector<MetricPoint> tail_;
};

// Write side, owned by the trainer thread, in fixed memory however long the
// run: the newest kRecent to kRecent + kChunk points every one (the curves
// panel takes each as it comes), and before them at most kHistory older
// points, one in `stride` (the first point always), the stride doubling and
// every other point dropped whenever they fill up. A run left going all
// afternoon at 10,000 steps/s holds at most kMaxPoints (under 3 MB).
class MetricRecorder {
 public:
  static constexpr size_t kRecent = 32 * MetricSeries::kChunk;
  static constexpr size_t kHistory = 32 * MetricSeries::kChunk;
  static constexpr size_t kMaxPoints = kRecent + MetricSeries::kChunk + kHistory;

  void append(const MetricPoint& p);
  void clear();
  MetricSeries publish() const;
  // One in how many of the older points is kept.
  uint64_t stride() const { return stride_; }

 private:
  MetricChunks history_, recent_;
  uint64_t offered_ = 0, stride_ = 1;
};

}  // namespace latent
