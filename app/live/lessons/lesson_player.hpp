// Stepping through a lesson: which step is on, what the window should show
// for it (the steps' fields folded up to it), and the trainer commands that
// bring training there: a new model when the model changed, a restart or a
// checkpoint when the step asks, live settings, a warm-up at full speed on
// every core before the caption shows, and "run N steps, then pause". GL-free: the
// window applies the view, the tests read the commands.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/train/trainer.hpp"
#include "live/lessons/lesson.hpp"
#include "options/run_options.hpp"

namespace latent {

// What step k amounts to: every field of steps 0..k folded, later wins.
struct LessonScene {
  RunOptions run;     // the model and live settings
  int pace = -1;      // steps per second; -1: the model's default pace
  std::vector<LessonPanelPlace> panels;  // empty: the window's usual arrangement
  std::string gradient_lab_tab;          // "live", "1d", "discrete", or empty (as it is)
  std::string lab_cost;                  // the 1-D lab's cost, or empty (as it is)
  std::vector<std::vector<double>> pins;
  std::optional<double> slice_x;
  std::optional<int> select;
  // Steps the model should have before the caption shows: the last warm-up
  // asked for since the model was last started afresh (so opening at a later step warms it up too).
  int64_t warmup = 0;
  // This step's own actions (not folded: a step that says nothing leaves training as it is).
  bool restart = false;
  std::string checkpoint;  // resolved against the lesson file's folder
  std::optional<LessonTraining> training;
  bool start_vi = false;
};

// Whether what the scene shows reads the trained model: every panel but the
// 1-D Gaussian lab does. A step showing only that lab shows its caption at once.
bool scene_uses_model(const LessonScene& scene);

// Folds steps 0..k onto `base` (the options the app was started with).
// Throws LessonError naming the lesson file and step if the folded settings do not make a run.
LessonScene lesson_scene(const Lesson& lesson, int k, const RunOptions& base);

class LessonPlayer {
 public:
  using Post = std::function<void(Command)>;
  // `current`: the snapshot on show when the lesson opens (what training is doing now).
  LessonPlayer(Lesson lesson, RunOptions base, Post post);
  // Rehearsing (--rehearse[=N]): every warm-up an N-th as long (rounded up), to go through a
  // lesson's steps quickly; 1 is the lesson as written.
  void set_rehearsal(int divisor) { rehearsal_ = divisor < 1 ? 1 : divisor; }

  // Opens step k (clamped to the lesson), posting what brings training there.
  void go_to(int k, const Snapshot& current);
  void next(const Snapshot& s) { go_to(index_ + 1, s); }
  void previous(const Snapshot& s) { go_to(index_ - 1, s); }

  // Once per frame: ends a warm-up once the new model has its steps, pauses
  // after "run N steps", and says when the view may be applied.
  void update(const Snapshot& s);

  // Leaving the lesson: a warm-up still running gives back the lesson's pace and
  // the window's one training thread (free play must not keep every core).
  void leave();

  const Lesson& lesson() const { return lesson_; }
  int index() const { return index_; }
  int count() const { return int(lesson_.steps.size()); }
  const LessonStep& step() const { return lesson_.steps[size_t(index_)]; }
  const LessonScene& scene() const { return scene_; }

  // The step's model is not in the snapshots yet, or it is still warming up:
  // the caption waits (a progress bar shows instead).
  bool waiting() const { return phase_ != Phase::Ready; }
  bool warming_up() const { return phase_ == Phase::WarmingUp; }
  double warmup_progress(const Snapshot& s) const;
  // Bumps when a step opens (the lab's tab and cost need no model), once the
  // step's model is there (the window then places the pins, slice and selection)
  // and once its warm-up is over (per-point VI starts on the trained model).
  uint64_t view_version() const { return view_version_; }

 private:
  // Evaluating: warmed up, and waiting for the held-out figures of that step.
  enum class Phase { NewModel, WarmingUp, Evaluating, Ready };
  void settle(const Snapshot& s);
  // The warm-up is over: asks for the held-out figures, so that the step
  // opens on them and not after the next epoch (a rehearsal's short warm-up
  // may end before any), and waits for them.
  void finish_warmup(const Snapshot& s);
  // The step's pace, on one thread: the pace after a warm-up, or without one.
  void post_lesson_speed();

  Lesson lesson_;
  RunOptions base_;
  Post post_;
  int index_ = -1;
  LessonScene scene_;
  ModelSettings asked_model_;      // the model last asked of the trainer
  uint64_t awaited_run_ = 0;       // NewModel: the Snapshot::run that will carry it
  Phase phase_ = Phase::Ready;
  int64_t pause_at_step_ = -1;     // "run N steps, then pause": the step to pause at
  int64_t evaluated_from_ = -1;    // Evaluating: held-out figures of this step or later end it
  uint64_t view_version_ = 0;
  int rehearsal_ = 1;  // warm-ups divided by this
};

}  // namespace latent
