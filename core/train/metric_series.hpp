// Training curves shared between snapshots without copying them: the
// history is a list of immutable chunks, so publishing a snapshot copies a
// few pointers and the unfinished tail, never the whole history.
#pragma once
#include <bit>
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
  float log_lik = 0.0f;         // mixture runs only: exact log p(x); elbo is then that of the current q
};

// Read side: an immutable view of the points published so far.
class MetricSeries {
 public:
  static constexpr size_t kChunk = 1024;
  size_t size() const { return chunks_.empty() ? 0 : (chunks_.size() - 1) * kChunk + chunks_.back()->size(); }
  bool empty() const { return size() == 0; }
  const MetricPoint& operator[](size_t i) const { return (*chunks_[i / kChunk])[i % kChunk]; }
  const MetricPoint& back() const { return (*this)[size() - 1]; }

 private:
  friend class MetricRecorder;
  std::vector<std::shared_ptr<const std::vector<MetricPoint>>> chunks_;
};

// Write side, owned by the trainer thread. Keeps every point offered for
// the first kFullResolution, then every 2nd, then every 4th, ..., doubling
// the stride whenever the count offered doubles: each doubling adds
// kFullResolution / 2 points. A toy run left going all afternoon at 10,000
// steps/s then holds about two million points (tens of MB, and as much
// again in the curves' caches), not a hundred million (gigabytes).
class MetricRecorder {
 public:
  static constexpr uint64_t kFullResolution = uint64_t(1) << 19;
  // Every how many points offered one is kept, when `offered` have been offered before it.
  static uint64_t stride(uint64_t offered) {
    return offered < kFullResolution ? 1 : 2 * std::bit_floor(offered / kFullResolution);
  }

  void append(const MetricPoint& p) {
    const uint64_t index = offered_++;
    if (index % stride(index) != 0) return;
    tail_.push_back(p);
    if (tail_.size() == MetricSeries::kChunk) {
      full_.push_back(std::make_shared<const std::vector<MetricPoint>>(std::move(tail_)));
      tail_.clear();
      tail_.reserve(MetricSeries::kChunk);
    }
  }
  void clear() {
    full_.clear();
    tail_.clear();
    offered_ = 0;
  }
  MetricSeries publish() const {
    MetricSeries s;
    s.chunks_ = full_;
    if (!tail_.empty()) s.chunks_.push_back(std::make_shared<const std::vector<MetricPoint>>(tail_));
    return s;
  }

 private:
  std::vector<std::shared_ptr<const std::vector<MetricPoint>>> full_;
  std::vector<MetricPoint> tail_;
  uint64_t offered_ = 0;
};

}  // namespace latent
