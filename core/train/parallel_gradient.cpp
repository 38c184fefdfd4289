// Splitting a minibatch across the step threads and combining its parts.
#include "core/train/parallel_gradient.hpp"

#include <algorithm>
#include <stdexcept>

namespace latent {

namespace {
// A thread's range of the flat buffers starts anywhere in a block: no
// alignment promised beyond the block's.
using Slice = Eigen::Map<Vector>;
using ConstSlice = Eigen::Map<const Vector>;
constexpr size_t kBlock = Adam::kUpdateAlignment;  // floats per block of for_each_range
}  // namespace

ParallelGradient::ParallelGradient(const TrainableModel& model) : model_(model) { ensure_parts(1); }

void ParallelGradient::set_threads(int threads) {
  threads = std::max(1, threads);
  if (threads == this->threads()) return;
  team_.reset();  // joins the old threads first
  if (threads > 1) team_ = std::make_unique<StepThreads>(threads);
}

void ParallelGradient::ensure_parts(int parts) {
  while (int(parts_.size()) < parts) {
    Part p;
    p.scratch = model_.make_step_scratch();
    if (!parts_.empty()) p.grads.assign(model_.param_count(), 0.0f);  // padding between blocks stays zero
    parts_.push_back(std::move(p));
  }
}

ModelTerms ParallelGradient::compute(const float* params, float* grads, const Matrix& batch,
                                     const ElboOptions& options, Rng& noise) {
  const int B = int(batch.cols());
  const int parts = std::clamp(threads(), 1, std::max(1, B));
  last_parts_ = parts;
  // Deferring is safe with one part only: parts' dense gradients are summed.
  parts_[0].scratch->deferred.start(parts == 1);
  if (parts == 1) return model_.loss_and_gradient(params, grads, batch, options, noise, *parts_[0].scratch);
  if (options.noise) throw std::invalid_argument("ParallelGradient: fixed noise cannot be split across threads");
  ensure_parts(parts);
  for (int t = 1; t < parts; ++t) parts_[t].scratch->deferred.start(false);
  for (int t = 0; t < parts; ++t) parts_[t].rng.reseed(noise.next_u64());

  team_->run(parts, [&](int t) {
    Part& p = parts_[t];
    const Share cols = share_of(B, parts, t);
    p.batch = batch.middleCols(cols.begin, cols.count);  // (D, B_t)
    p.terms = model_.loss_and_gradient(params, t == 0 ? grads : p.grads.data(), p.batch, options, p.rng, *p.scratch);
  });

  // grads = sum_t (B_t / B) grads_t, summed in part order for every element
  // whichever thread sums it.
  std::vector<float> weights(parts);
  ModelTerms terms;
  for (int t = 0; t < parts; ++t) {
    const int count = share_of(B, parts, t).count;
    weights[t] = float(count) / float(B);
    terms.add(parts_[t].terms, double(count) / double(B));
  }
  for_each_range(model_.param_count(), [&](size_t begin, size_t count) {
    Slice sum(grads + begin, Eigen::Index(count));
    sum *= weights[0];
    for (int t = 1; t < parts; ++t) sum += weights[t] * ConstSlice(parts_[t].grads.data() + begin, Eigen::Index(count));
  });
  return terms;
}

void ParallelGradient::for_each_range(size_t n, const std::function<void(size_t begin, size_t count)>& work) {
  if (!team_) return work(0, n);
  team_->run(team_->size(), [&](int t) {
    const Range range = block_share_of(n, kBlock, team_->size(), t);
    if (range.count > 0) work(range.begin, range.count);
  });
}

void ParallelGradient::adam_update(Adam& adam, float* params, const float* grads) {
  const RankOneGradients& deferred = deferred_gradients();
  for_each_range(model_.param_count(),
                 [&](size_t begin, size_t count) { adam.update(params, grads, deferred, begin, count); });
}

std::vector<const StepScratch*> ParallelGradient::last_scratches() const {
  std::vector<const StepScratch*> out;
  for (int t = 0; t < last_parts_; ++t) out.push_back(parts_[size_t(t)].scratch.get());
  return out;
}

}  // namespace latent
