// Routing the panels into the layout's slots, one snapshot for all of them.
#include "gui/shell/panel_router.hpp"

#include <cmath>

#include "live/stats/cpu_clock.hpp"

namespace latent {

PanelRouter::PanelRouter(const DesktopOptions& options, const RunOptions& run)
    : options_(options), controls_(run, options.start_paused) {
  show_gradient_lab = options.open_panel.rfind("gradient-lab", 0) == 0;
  show_bound = options.open_panel.rfind("bound", 0) == 0;
  if (options.open_panel == "bound-vi") bound_.start_vi_when_ready(options.frames / 3);  // train first
  if (options.open_panel == "gradient-lab-1d") gradient_lab_.select_tab(GradientLabPanel::Tab::GaussianLab);
}

PanelContext PanelRouter::context(std::shared_ptr<const Snapshot> snapshot, Trainer& trainer, const UiStyle& style,
                                  const FrameStats& stats, int64_t frame, float pixel_scale) {
  return PanelContext{std::move(snapshot), trainer, probes_, decoder_, worker_, style, stats, frame, pixel_scale};
}

template <typename Draw>
void PanelRouter::panel(PanelId id, const char* title, Draw&& draw, bool* open) {
  layout_->place(id);
  if (ImGui::Begin(title, open, ImGuiWindowFlags_NoCollapse)) {
    layout_->observe(id, settings_->custom_layout);
    const double t0 = thread_cpu_seconds();
    draw();
    stats_->add_panel(title, 1000.0 * (thread_cpu_seconds() - t0));
  } else {
    layout_->observe(id, settings_->custom_layout);
  }
  ImGui::End();
}

void PanelRouter::build(PanelContext& ctx, Layout& layout, UserSettings& settings, FrameStats& stats) {
  layout_ = &layout;
  settings_ = &settings;
  stats_ = &stats;
  if (options_.demo_switch > 0 && ctx.frame > 0 && ctx.frame % options_.demo_switch == 0)
    controls_.set_kind(ctx, !ctx.is_conditional());  // as the Controls' radio buttons do
  if (settings.show_controls) panel(PanelId::Controls, "Controls", [&] { controls_.draw(ctx); });
  if (ctx.is_conditional())
    build_conditional_panels(ctx);
  else
    build_vae_panels(ctx);
}

void PanelRouter::build_vae_panels(PanelContext& ctx) {
  if (options_.demo_drag && ctx.has_model()) {
    // Scripted drag: pin A circles the origin, moved before the latent view
    // draws, decoded right after it, exactly like a mouse drag.
    const double angle = double(ctx.frame) * 0.05;
    probes_.move_pin(0, 1.8 * std::cos(angle), 1.8 * std::sin(angle), ctx.frame);
  }
  // The gradient lab takes the middle column: the latent view and decoder it covers are not drawn.
  if (show_gradient_lab)
    panel(PanelId::GradientLab, "Gradient lab", [&] { gradient_lab_.draw(ctx); }, &show_gradient_lab);
  else
    panel(PanelId::Latent, "Latent space q(z|x)", [&] { latent_.draw(ctx); });
  // Pins moved above are decoded now, before anything shows their decoding.
  probes_.refresh_pins(ctx.snap(), decoder_, worker_, ctx.frame, *stats_);
  // The bound panel takes the right column: the curves and inspector it covers are not drawn.
  if (show_bound)
    panel(PanelId::Bound, "How tight is the bound###bound", [&] { bound_.draw(ctx); }, &show_bound);
  else
    panel(PanelId::Curves, "Training curves", [&] { curves_.draw(ctx); });
  // The same panel slot shows images or 2-D points; ### keeps its identity (and place) across data sets.
  if (!show_gradient_lab && (ctx.is_image_data() || !ctx.snap().data))
    panel(PanelId::Decoder, "Decoded samples across z###decoder", [&] { decoder_panel_.draw(ctx); });
  else if (!show_gradient_lab)
    panel(PanelId::Decoder, "Data space###decoder", [&] { data_space_.draw(ctx); });
  if (!show_bound) panel(PanelId::Inspector, "Inspector###inspector", [&] { inspector_.draw(ctx); });
}

void PanelRouter::build_conditional_panels(PanelContext& ctx) {
  conditional_.refresh(ctx.snap());
  if (options_.demo_drag && conditional_.ready()) {
    // Scripted drag: the slice sweeps the x range, moved before any view draws, like a mouse drag.
    const double t = 0.5 + 0.45 * std::sin(double(ctx.frame) * 0.04);
    conditional_.move_slice(conditional_.x0() + t * (conditional_.x1() - conditional_.x0()), ctx.frame);
  }
  // The views that can move the slice draw first, the slice last, so it shows this frame's x.
  if (show_gradient_lab) {
    panel(PanelId::GradientLab, "Gradient lab", [&] { gradient_lab_.draw(ctx); }, &show_gradient_lab);
  } else {
    panel(PanelId::Density, "Conditional density p(y|x)###density", [&] { density_.draw(ctx, conditional_); });
    panel(PanelId::Mixture, "Mixture parameters against x###mixture", [&] { mixture_.draw(ctx, conditional_); });
  }
  if (show_bound) {
    panel(PanelId::Bound, "How tight is the bound###bound", [&] { bound_.draw(ctx); }, &show_bound);
  } else {
    panel(PanelId::Slice, "Slice at x###slice", [&] { slice_.draw(ctx, conditional_); });
    panel(PanelId::Curves, "Training curves", [&] { curves_.draw(ctx); });
  }
  conditional_.end_frame(ctx.frame);
}

}  // namespace latent
