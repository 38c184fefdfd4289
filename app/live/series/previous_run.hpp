// Which earlier run the training curves show as a faint ghost beside the live
// one, so two runs from the same initialization (pathwise against REINFORCE,
// β = 1 against β = 4) are one picture: the run before the latest restart
// (Reset, a new model, a lesson's step), while the two are comparable.
#pragma once
#include <memory>

#include "core/train/snapshot.hpp"

namespace latent {

class PreviousRun {
 public:
  // A run with fewer training points draws no curve worth comparing (a run
  // restarted a step or two after it began, as a lesson's first step does).
  static constexpr size_t kMinimumPoints = 20;

  // Once per frame, with the frame's snapshot. Returns true when the ghost
  // changed (another run, or none), so whatever was drawn from it is redrawn.
  bool observe(const std::shared_ptr<const Snapshot>& snapshot);
  // The ghost run's last snapshot seen (its curves, model and settings); null if none.
  const Snapshot* ghost() const { return ghost_.get(); }
  void forget() { ghost_.reset(); }

  // Whether the curves draw it: the user's choice, turned on again by a
  // restart or an estimator switch (the moments a comparison is wanted).
  bool shown = true;

  // Same data set and the same kind of model: their curves are in the same units.
  static bool comparable(const Snapshot& a, const Snapshot& b);

 private:
  std::shared_ptr<const Snapshot> last_;  // the previous frame's, to keep a run's end when the next one starts
  std::shared_ptr<const Snapshot> ghost_;
};

}  // namespace latent
