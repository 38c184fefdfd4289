// The loss and gradient of one minibatch on several threads: its columns
// split into contiguous parts, one per thread, each with its own scratch and
// noise, and the parts combined in a fixed order, so a seed gives the same
// run for a given thread count.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "core/nn/adam.hpp"
#include "core/train/kinds/trainable_model.hpp"
#include "core/threads/step_threads.hpp"

namespace latent {

class ParallelGradient {
 public:
  // Starts with one thread. `model` must outlive this object.
  explicit ParallelGradient(const TrainableModel& model);

  // At least 1 (more than the machine has only slows it down); starts or
  // stops threads only when the count changes.
  void set_threads(int threads);
  int threads() const { return team_ ? team_->size() : 1; }

  // batch (D, B) -> grads and terms of the whole batch. With P = min(threads,
  // B) parts: one part is exactly model.loss_and_gradient on the whole batch
  // with `noise`; more draw one seed per part from `noise` (in part order)
  // for the part's own stream, and combine grads = sum_t (B_t / B) grads_t
  // and the terms likewise, in part order. options.noise must be null then.
  // Every per-batch statistic the estimators use splits cleanly: the running
  // mean baseline is a scalar given to every part, and leave-one-out compares
  // the M samples of one example, which stay in the example's part.
  ModelTerms compute(const float* params, float* grads, const Matrix& batch, const ElboOptions& options, Rng& noise);
  // With one part the weight gradients of a single example are left out of
  // grads as factors (RankOneGradients); this is that list, empty after a
  // split compute. Whoever reads grads after compute reads it too.
  const RankOneGradients& deferred_gradients() const { return parts_[0].scratch->deferred; }
  // Adam's step (begun by the caller) on the last compute's gradient, grads
  // and the deferred factors, over the threads' ranges.
  void adam_update(Adam& adam, float* params, const float* grads);

  // Runs work(begin, count) over disjoint ranges covering [0, n), one per
  // thread, each starting at a multiple of Adam::kUpdateAlignment; with one
  // thread, work(0, n). For element-wise passes over the parameters.
  void for_each_range(size_t n, const std::function<void(size_t begin, size_t count)>& work);
  // The scratch of each part of the last compute, in part order (see
  // TrainableModel::after_update).
  std::vector<const StepScratch*> last_scratches() const;

 private:
  // Scratch, gradient and rng of one part.
  struct Part {
    std::unique_ptr<StepScratch> scratch;
    FloatBuffer grads;  // unused by part 0, which writes into the caller's
    Matrix batch;       // (D, B_t): its columns of the minibatch
    Rng rng;
    ModelTerms terms;
  };
  void ensure_parts(int parts);

  const TrainableModel& model_;
  std::unique_ptr<StepThreads> team_;  // null with one thread
  std::vector<Part> parts_;
  int last_parts_ = 1;  // how many parts the last compute used
};

}  // namespace latent
