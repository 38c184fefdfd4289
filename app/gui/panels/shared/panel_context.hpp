// What every panel receives each frame: the one snapshot all panels draw
// from (so they agree on the step), where commands go, the shared latent
// probes, the decoders, the style and the frame statistics.
#pragma once
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/train/trainer.hpp"
#include "live/series/axis_ticks.hpp"

namespace latent {

class DecodeWorker;
class FrameStats;
class LatentProbes;
class SnapshotDecoder;
class UiStyle;

// A lesson's plots keep this many lines of plotting height: 9.5 × 32 = 304 px at UI scale 2
// on a 1080-line projector, what a plot needs to be read from the back of a room.
inline constexpr float kLessonPlotLines = 9.5f;

struct PanelContext {
  std::shared_ptr<const Snapshot> snapshot;  // never null
  Trainer& trainer;
  LatentProbes& probes;
  SnapshotDecoder& decoder;
  DecodeWorker& worker;
  const UiStyle& style;
  const FrameStats& stats;
  int64_t frame = 0;
  float pixel_scale = 1.0f;  // framebuffer pixels per window unit (HiDPI)
  // A panel that is mid-animation sets this so the next frame is drawn even
  // if nothing else changed (the loop otherwise redraws only on change).
  bool animating = false;
  // --figures-log: panels that compare figures record what they showed this frame here (null: no log).
  nlohmann::json* figures_log = nullptr;
  // The plotting-area height (px) every plot keeps: set in a lesson (kLessonPlotLines lines), where panels
  // show as many plots as keep it and a chooser for the rest; 0 in free play, where all plots share the space.
  float min_plot_height = 0.0f;

  const Snapshot& snap() const { return *snapshot; }
  bool has_model() const { return snapshot->vae && snapshot->params; }
  bool is_image_data() const { return snapshot->data && snapshot->data->train.is_image(); }
  // A conditional-density run (MDN, regressor, conditional VAE): its own panels replace the VAE's.
  bool is_conditional() const { return snapshot->model.kind == ModelKind::Conditional; }
  // A mixture-of-Gaussians run: its data view and bound curves replace the VAE's panels.
  bool is_mixture() const { return snapshot->model.kind == ModelKind::Mixture; }
  // A categorical VAE's run: its code table and exact bound replace the latent view, decoder and inspector.
  bool is_categorical() const { return snapshot->model.kind == ModelKind::Categorical; }
  // A VQ-VAE's run: its codebook view and usage curves replace them.
  bool is_vq() const { return snapshot->model.kind == ModelKind::Vq; }
};

// "π₁₂" for ("π", 12): a name with a subscript number, as the notes write indices.
std::string subscripted(const std::string& base, int number);
// "z₁", "z₂", ...: latent axis names with subscript digits (1-based, as in the notes).
std::string latent_axis_name(int dim);
// Data column c's name: its header in the file ("length"), else "x₁", "x₂", ...
std::string data_column_name(const Dataset& data, int column);
// `axis` (of a view of stored points) named after column c and, when the
// points are standardized, labelled in the file's units.
plot::Axis data_axis(plot::Axis axis, const Dataset& data, int column);
// For standardized points, a grey note saying so (beside the last item if
// asked and it fits); hovered, each column's mean and sd.
void draw_standardization_note(const Dataset& data, bool beside_last_item);
// A label's class name, or "class 3" when the data set has none.
std::string class_name(const Snapshot& snapshot, int label);
// Toolbars that wrap: call between items; continues the line if an item
// `width` wide still fits, else starts a new one (large UI scales need this).
void same_line_if_fits(float width);
// The width of a checkbox or radio button with this label.
float check_width(const char* label);

// Thousands separators: 12,345 reads faster from the back of a room.
std::string with_commas(int64_t value);

}  // namespace latent
