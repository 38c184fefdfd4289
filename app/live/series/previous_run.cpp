// Keeping the run before a restart as the curves' ghost.
#include "live/series/previous_run.hpp"

namespace latent {

bool PreviousRun::comparable(const Snapshot& a, const Snapshot& b) {
  return a.model.dataset == b.model.dataset && a.model.kind == b.model.kind;
}

bool PreviousRun::observe(const std::shared_ptr<const Snapshot>& snapshot) {
  bool changed = false;
  if (last_ && snapshot->run != last_->run) {
    const bool long_enough = last_->train_metrics.size() >= kMinimumPoints;
    if (long_enough && comparable(*last_, *snapshot)) {
      ghost_ = last_;
      changed = true;
    } else if (ghost_ && !comparable(*ghost_, *snapshot)) {
      ghost_.reset();  // a run of another model or data set: an older ghost would mislead
      changed = true;
    }
    shown = true;
  } else if (last_ && snapshot->training.estimator != last_->training.estimator) {
    shown = true;
  }
  last_ = snapshot;
  return changed;
}

}  // namespace latent
