// Which panels the window shows, in which slot of the layout: the VAE's
// panels, or a conditional run's; the gradient lab in place of the latent
// view and decoder, the bound panel in place of the curves and inspector.
// Owns the panels and what they share (probes, decoders, the decode worker).
#pragma once
#include "gui/panels/bound/bound_panel.hpp"
#include "gui/panels/bound/exact_bound_panel.hpp"
#include "gui/panels/categorical/categorical_codes_panel.hpp"
#include "gui/panels/conditional/conditional_density_panel.hpp"
#include "gui/panels/conditional/conditional_mixture_panel.hpp"
#include "gui/panels/conditional/conditional_slice_panel.hpp"
#include "gui/panels/controls/controls_panel.hpp"
#include "gui/panels/curves/curves_panel.hpp"
#include "gui/panels/decoder/data_space_panel.hpp"
#include "gui/panels/decoder/decoder_panel.hpp"
#include "gui/panels/draw/draw_data_window.hpp"
#include "gui/panels/gradient_lab/gradient_lab_panel.hpp"
#include "gui/panels/inspector/inspector_panel.hpp"
#include "gui/panels/latent/latent_panel.hpp"
#include "gui/panels/mixture/mixture_data_panel.hpp"
#include "gui/panels/vq/vq_codebook_panel.hpp"
#include "gui/panels/vq/vq_usage_panel.hpp"
#include "gui/shell/desktop_options.hpp"
#include "gui/shell/layout.hpp"
#include "gui/shell/lesson_mode.hpp"
#include "live/probes/conditional_probes.hpp"
#include "live/probes/latent_probes.hpp"
#include "live/probes/snapshot_decoder.hpp"
#include "live/settings/user_settings.hpp"
#include "live/stats/frame_stats.hpp"
#include "live/workers/decode_worker.hpp"

namespace latent {

class PanelRouter {
 public:
  PanelRouter(const DesktopOptions& options, const RunOptions& run);

  // What every panel gets this frame: this one snapshot and the shared pieces.
  PanelContext context(std::shared_ptr<const Snapshot> snapshot, Trainer& trainer, const UiStyle& style,
                       const FrameStats& stats, int64_t frame, float pixel_scale);
  // Every panel of this frame, placed by `layout`; panel costs go to `stats`.
  // With a lesson on, the step's panels and the caption strip instead.
  void build(PanelContext& ctx, Layout& layout, UserSettings& settings, FrameStats& stats, LessonMode& lesson);
  // Puts a lesson step's view in place: pins, selection, slice, lab tab and cost, and
  // once `warmed_up` (the model has its steps), per-point VI.
  void apply_lesson_view(const LessonScene& scene, PanelContext& ctx, bool warmed_up);

  // F: focuses the panel under the mouse (else the one last clicked), or lets a focused one go.
  void toggle_focus();

  // A background result is waiting: worth drawing a frame to show it.
  bool has_results() const { return worker_.has_results() || bound_.has_results(); }
  // --open bound-vi: per-point VI has not started or not finished yet (a
  // --frames run counts its frames from its end, however long it takes here).
  bool scripted_vi_pending() const { return options_.open_panel == "bound-vi" && bound_.vi_pending(); }
  const ConditionalProbes& conditional() const { return conditional_; }
  ControlsPanel& controls() { return controls_; }
  bool show_gradient_lab = false;  // View menu or G: the lab takes the middle column
  bool show_bound = false;         // View menu or B: "How tight is the bound" takes the right column
  DrawDataWindow draw_data;        // View menu or D: a floating window

 private:
  template <typename Draw>
  void panel(PanelId id, const char* title, Draw&& draw, bool* open = nullptr, ImGuiWindowFlags flags = 0);
  // Inside a panel's window: notes whether it is under the mouse or focused, and a double-click on its title.
  void note_focus_gestures(PanelId id, ImGuiWindowFlags flags);
  void build_vae_panels(PanelContext& ctx);
  void build_lesson_panels(PanelContext& ctx, LessonMode& lesson);
  void draw_decoder_slot(PanelContext& ctx);
  void build_conditional_panels(PanelContext& ctx);
  void build_mixture_panels(PanelContext& ctx);
  // The categorical VAE's and the VQ-VAE's: their latent views and bound or usage in the middle.
  void build_discrete_panels(PanelContext& ctx);
  void draw_discrete_latent(PanelContext& ctx);  // the code table, or the codebook's plane

  const DesktopOptions& options_;
  Layout* layout_ = nullptr;          // this frame's, during build()
  UserSettings* settings_ = nullptr;  // likewise
  FrameStats* stats_ = nullptr;       // likewise
  std::optional<PanelId> hovered_, last_focused_;  // the panels F would focus (as of the last frame built)
  double title_toggled_at_ = -1e9;                  // ImGui time of the last title double-click acted on

  // What the panels share.
  LatentProbes probes_;
  SnapshotDecoder decoder_;
  DecodeWorker worker_;
  ConditionalProbes conditional_;  // the slice x and the model's answers the conditional views share

  ControlsPanel controls_;
  LatentPanel latent_;
  CategoricalCodesPanel codes_;  // a categorical VAE's latent view
  VqCodebookPanel codebook_;     // a VQ-VAE's
  VqUsagePanel usage_;
  CurvesPanel curves_;
  DecoderPanel decoder_panel_;
  DataSpacePanel data_space_;
  InspectorPanel inspector_;
  GradientLabPanel gradient_lab_;
  BoundPanel bound_;
  ConditionalDensityPanel density_;
  ConditionalSlicePanel slice_;
  ConditionalMixturePanel mixture_;
  MixtureDataPanel mixture_data_;
  ExactBoundPanel exact_bound_;
};

}  // namespace latent
