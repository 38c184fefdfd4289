// Routing the panels into the layout's slots, one snapshot for all of them.
#include "gui/shell/panel_router.hpp"

#include <cmath>

#include "live/stats/cpu_clock.hpp"

namespace latent {

PanelRouter::PanelRouter(const DesktopOptions& options, const RunOptions& run)
    : options_(options), controls_(run, options.start_paused) {
  show_gradient_lab = options.open_panel.rfind("gradient-lab", 0) == 0;
  show_bound = options.open_panel.rfind("bound", 0) == 0;
  draw_data.open = options.open_panel == "draw-data";
  if (options.open_panel == "bound-vi") bound_.start_vi_when_ready(options.frames / 3);  // train first
  if (options.open_panel == "gradient-lab-1d") gradient_lab_.select_tab(GradientLabPanel::Tab::GaussianLab);
  if (options.open_panel == "gradient-lab-discrete") gradient_lab_.select_tab(GradientLabPanel::Tab::DiscreteLab);
}

PanelContext PanelRouter::context(std::shared_ptr<const Snapshot> snapshot, Trainer& trainer, const UiStyle& style,
                                  const FrameStats& stats, int64_t frame, float pixel_scale) {
  return PanelContext{std::move(snapshot), trainer, probes_, decoder_, worker_, style, stats, frame, pixel_scale};
}

template <typename Draw>
void PanelRouter::panel(PanelId id, const char* title, Draw&& draw, bool* open, ImGuiWindowFlags flags) {
  if (!layout_->shows(id)) return;  // another panel is focused
  layout_->place(id);
  if (ImGui::Begin(title, open, ImGuiWindowFlags_NoCollapse | flags)) {
    note_focus_gestures(id, flags);
    layout_->observe(id, settings_->custom_layout);
    const double t0 = thread_cpu_seconds();
    draw();
    stats_->add_panel(title, 1000.0 * (thread_cpu_seconds() - t0));
    // By the title the window shows ("Name###id" shows "Name").
    stats_->add_plot_heights(std::string(title).substr(0, std::string(title).find("##")), plot::take_drawn_heights());
  } else {
    layout_->observe(id, settings_->custom_layout);
  }
  ImGui::End();
}

void PanelRouter::note_focus_gestures(PanelId id, ImGuiWindowFlags flags) {
  if (id == PanelId::Lesson) return;  // the caption strip stays where it is
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_RootAndChildWindows)) hovered_ = id;
  if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) last_focused_ = id;
  // A double-click on the title bar focuses the panel (ImGui's own collapse is off for panels).
  // Once per double-click time: at a few frames a second, ImGui can report one gesture twice.
  const float title_bottom = ImGui::GetWindowPos().y + ImGui::GetFrameHeight();
  const double now = ImGui::GetTime();
  if (!(flags & ImGuiWindowFlags_NoTitleBar) && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) &&
      ImGui::IsWindowHovered() && ImGui::GetIO().MousePos.y < title_bottom &&
      now - title_toggled_at_ > 2.0 * ImGui::GetIO().MouseDoubleClickTime) {
    layout_->toggle_focus(id);
    title_toggled_at_ = now;
  }
}

void PanelRouter::toggle_focus() {
  if (!layout_) return;
  if (const std::optional<PanelId> focused = layout_->focused())
    layout_->toggle_focus(*focused);
  else if (const std::optional<PanelId> target = hovered_ ? hovered_ : last_focused_)
    layout_->toggle_focus(*target);
}

void PanelRouter::build(PanelContext& ctx, Layout& layout, UserSettings& settings, FrameStats& stats,
                        LessonMode& lesson) {
  layout_ = &layout;
  settings_ = &settings;
  stats_ = &stats;
  hovered_.reset();
  plot::take_drawn_heights();  // only plots drawn in panels are filed
  ctx.min_plot_height = lesson.active() ? std::round(kLessonPlotLines * ImGui::GetFontSize()) : 0.0f;
  if (lesson.active()) {
    build_lesson_panels(ctx, lesson);
    return;
  }
  if (options_.demo_switch > 0 && ctx.frame > 0 && ctx.frame % options_.demo_switch == 0)
    controls_.set_kind(ctx, ctx.is_conditional() ? ModelKind::Vae : ModelKind::Conditional);  // as the Controls' radio buttons do
  if (options_.demo_draw) draw_data.demo_frame(ctx, controls_);
  if (settings.show_controls) panel(PanelId::Controls, "Controls", [&] { controls_.draw(ctx); });
  if (ctx.is_conditional())
    build_conditional_panels(ctx);
  else if (ctx.is_mixture())
    build_mixture_panels(ctx);
  else if (ctx.is_categorical() || ctx.is_vq())
    build_discrete_panels(ctx);
  else
    build_vae_panels(ctx);
  draw_data.draw(ctx, controls_);
}

void PanelRouter::build_mixture_panels(PanelContext& ctx) {
  panel(PanelId::MixtureData, "Mixture of Gaussians: data coloured by q(z|x)###mixture_data",
        [&] { mixture_data_.draw(ctx); });
  panel(PanelId::MixtureBound, "log p(x) = ELBO + KL(q ‖ p(z|x))###mixture_bound", [&] { exact_bound_.draw(ctx); });
}

void PanelRouter::build_discrete_panels(PanelContext& ctx) {
  // The code table above the exact bound in the middle (or the gradient lab
  // over both); the curves take the right column (or the bound does).
  if (show_gradient_lab) {
    panel(PanelId::GradientLab, "Gradient lab", [&] { gradient_lab_.draw(ctx); }, &show_gradient_lab);
  } else {
    draw_discrete_latent(ctx);
    if (ctx.is_vq())
      panel(PanelId::Decoder, "Codebook usage###usage", [&] { usage_.draw(ctx); });
    else if (!show_bound)
      panel(PanelId::Decoder, "log p(x) = ELBO + KL(q ‖ p(z|x))###exact_bound", [&] { exact_bound_.draw(ctx); });
  }
  if (show_bound && !ctx.is_vq())
    panel(PanelId::Bound, "log p(x) = ELBO + KL(q ‖ p(z|x))###bound", [&] { exact_bound_.draw(ctx); }, &show_bound);
  else
    panel(PanelId::Bound, "Training curves###curves", [&] { curves_.draw(ctx); });
}

void PanelRouter::draw_discrete_latent(PanelContext& ctx) {
  if (ctx.is_vq())
    panel(PanelId::Latent, "Codebook: z_e, entries and their cells###codes", [&] { codebook_.draw(ctx); });
  else
    panel(PanelId::Latent, "Latent codes: decoded, shaded by q(z|x)###codes", [&] { codes_.draw(ctx); });
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
  if (!show_gradient_lab) draw_decoder_slot(ctx);
  if (!show_bound) panel(PanelId::Inspector, "Inspector###inspector", [&] { inspector_.draw(ctx); });
}

void PanelRouter::draw_decoder_slot(PanelContext& ctx) {
  // The same panel slot shows images or 2-D points; ### keeps its identity (and place) across data sets.
  if (ctx.is_image_data() || !ctx.snap().data)
    panel(PanelId::Decoder, "Decoded samples across z###decoder", [&] { decoder_panel_.draw(ctx); });
  else
    panel(PanelId::Decoder, "Data space###decoder", [&] { data_space_.draw(ctx); });
}

void PanelRouter::build_lesson_panels(PanelContext& ctx, LessonMode& lesson) {
  bool shown[int(PanelId::kCount)] = {};
  for (const LessonPanelPlace& p : lesson.places()) shown[int(panel_id(p.panel))] = true;
  auto on = [&](PanelId id) { return shown[int(id)]; };
  const bool conditional = ctx.is_conditional();
  if (conditional) conditional_.refresh(ctx.snap());
  // The order the free layouts draw in: views that move a pin or the slice before those that show it.
  if (on(PanelId::Controls)) panel(PanelId::Controls, "Controls", [&] { controls_.draw(ctx); });
  // A discrete latent's view is its code table or codebook, its bound the
  // exact one (a mixture's too), a VQ-VAE's decoder slot its codebook's use.
  const bool categorical = ctx.is_categorical() || ctx.is_vq(), mixture = ctx.is_mixture();
  if (on(PanelId::Latent)) {
    if (categorical)
      draw_discrete_latent(ctx);
    else if (mixture)
      panel(PanelId::Latent, "Mixture of Gaussians: data coloured by q(z|x)###mixture_data",
            [&] { mixture_data_.draw(ctx); });
    else
      panel(PanelId::Latent, "Latent space q(z|x)", [&] { latent_.draw(ctx); });
  }
  if (on(PanelId::GradientLab)) panel(PanelId::GradientLab, "Gradient lab", [&] { gradient_lab_.draw(ctx); });
  if (on(PanelId::Density))
    panel(PanelId::Density, "Conditional density p(y|x)###density", [&] { density_.draw(ctx, conditional_); });
  if (on(PanelId::Mixture))
    panel(PanelId::Mixture, "Mixture parameters against x###mixture", [&] { mixture_.draw(ctx, conditional_); });
  if (!conditional && !categorical) probes_.refresh_pins(ctx.snap(), decoder_, worker_, ctx.frame, *stats_);
  if (on(PanelId::Bound)) {
    if (categorical || mixture)
      panel(PanelId::Bound, "log p(x) = ELBO + KL(q ‖ p(z|x))###bound", [&] { exact_bound_.draw(ctx); });
    else
      panel(PanelId::Bound, "How tight is the bound###bound", [&] { bound_.draw(ctx); });
  }
  if (on(PanelId::Slice)) panel(PanelId::Slice, "Slice at x###slice", [&] { slice_.draw(ctx, conditional_); });
  if (on(PanelId::Curves)) panel(PanelId::Curves, "Training curves", [&] { curves_.draw(ctx); });
  if (on(PanelId::Decoder) && ctx.is_vq())
    panel(PanelId::Decoder, "Codebook usage###usage", [&] { usage_.draw(ctx); });
  else if (on(PanelId::Decoder))
    draw_decoder_slot(ctx);
  if (on(PanelId::Inspector)) panel(PanelId::Inspector, "Inspector###inspector", [&] { inspector_.draw(ctx); });
  if (conditional) conditional_.end_frame(ctx.frame);
  // Last, so its live numbers are this frame's.
  panel(PanelId::Lesson, "Lesson###lesson", [&] { lesson.draw_caption(ctx, *ctx.figures_log); }, nullptr,
        ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
}

void PanelRouter::apply_lesson_view(const LessonScene& scene, PanelContext& ctx, bool warmed_up) {
  const Snapshot& s = ctx.snap();
  if (scene.gradient_lab_tab == "live") gradient_lab_.select_tab(GradientLabPanel::Tab::LiveProbe);
  if (scene.gradient_lab_tab == "1d") gradient_lab_.select_tab(GradientLabPanel::Tab::GaussianLab);
  if (scene.gradient_lab_tab == "discrete") gradient_lab_.select_tab(GradientLabPanel::Tab::DiscreteLab);
  if (!scene.lab_cost.empty()) gradient_lab_.set_lab_cost(scene.lab_cost);
  if (s.vae) {
    probes_.conform(s.vae->latent_dim());
    for (size_t i = 0; i < scene.pins.size(); ++i) {
      std::vector<float> z(size_t(s.vae->latent_dim()), 0.0f);
      for (size_t d = 0; d < z.size() && d < scene.pins[i].size(); ++d) z[d] = float(scene.pins[i][d]);
      if (i < probes_.pins.size())
        probes_.set_pin(int(i), z, ctx.frame);
      else
        probes_.add_pin(z[0], z.size() > 1 ? z[1] : 0.0, ctx.frame);
    }
  }
  if (scene.select && s.data && *scene.select < int(s.data->test.size())) {
    probes_.selected_test_index = *scene.select;
    ++probes_.version;
  }
  if (scene.slice_x) conditional_.move_slice(*scene.slice_x, ctx.frame);
  // Per-point VI freezes the model it starts on: not one still warming up.
  if (scene.start_vi && warmed_up) bound_.start_vi_when_ready(ctx.frame);
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
