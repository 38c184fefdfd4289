// A lesson: a title and a list of steps a lecturer walks through, one idea
// of the lecture notes each. A step says what differs from the step before
// (run settings, panels, pins, what training does) and carries a caption:
// a few plain sentences and the step's formula, with a template that writes
// the live numbers into it. Read from small JSON files (lesson_file.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace latent {

// The panels a lesson can show. Names as in lesson files.
enum class LessonPanel { Controls, Latent, Curves, Decoder, Inspector, GradientLab, Bound, Density, Slice, Mixture };
inline constexpr int kLessonPanelCount = 10;
const char* to_string(LessonPanel p);
std::optional<LessonPanel> lesson_panel_from_string(const std::string& name);

// One panel on screen and its share of the width (columns, left to right);
// panels with the same column number stack in that column, sharing its height by `height`.
struct LessonPanelPlace {
  LessonPanel panel = LessonPanel::Latent;
  int column = 0;
  float width = 1.0f;   // relative width of its column (the column takes the largest of its panels')
  float height = 1.0f;  // relative height within its column
};

// What training does when the step opens.
struct LessonTraining {
  enum class Mode { Run, Pause, RunThenPause } mode = Mode::Run;
  int64_t steps = 0;  // RunThenPause: this many steps, then pause
};

// Everything a step may set; unset fields keep the previous step's value
// (the first step's unset fields: the program's defaults).
struct LessonStep {
  std::string title;
  std::string caption;  // two to four plain sentences
  std::string formula;  // the step's formula, e.g. "ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z))"
  std::string numbers;  // the formula with live numbers: "ELBO {elbo} = {reconstruction} − {kl}" (caption.hpp)

  // Run settings, with the command line's names and meanings (--dataset, --lr, ...): "key" -> text.
  std::vector<std::pair<std::string, std::string>> settings;
  bool restart = false;         // start the model again from its seed (same seed, same initialization)
  std::string checkpoint;       // start from this checkpoint (absolute, or relative to the lesson file)
  int64_t warmup = 0;           // train this many steps at full speed before the caption shows
  std::optional<LessonTraining> training;

  std::optional<std::vector<LessonPanelPlace>> panels;  // which panels, where, how large
  std::optional<std::string> gradient_lab_tab;          // "live", "1d" or "discrete"
  std::optional<std::string> lab_cost;                  // the 1-D lab's cost: "quadratic", "bump" or "cosine"
  std::optional<std::vector<std::vector<double>>> pins; // latent positions (z1, z2[, ...]) of pins A, B, ...
  std::optional<double> slice_x;                        // conditional runs: the slice's x
  std::optional<int> select;                            // the held-out example the inspector and bound panel show
  bool start_vi = false;                                // the bound panel: optimize q* once its figures are in
};

struct Lesson {
  std::string name;   // file name without .json: what --lesson takes
  std::string path;   // where it was read from (for messages and relative checkpoints)
  std::string title;
  std::string summary;  // one line: what the lesson teaches
  std::vector<LessonStep> steps;
};

}  // namespace latent
