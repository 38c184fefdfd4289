// The Controls panel's training section: the settings that apply live
// (learning rate, β, batch size, samples, pace), each sent to the trainer as it changes.
#include <cstdio>
#include <string>

#include "gui/panels/controls/controls_panel.hpp"
#include "gui/panels/controls/controls_rows.hpp"

namespace latent {

using controls::row;
using controls::section;

void ControlsPanel::draw_training(PanelContext& ctx) {
  section("Training (applies live)");
  // EM has no learning rate, minibatch or Monte Carlo samples; gradient ascent on log p(x) no β or samples.
  const ModelSettings& live = ctx.snap().model;
  const bool mixture = live.kind == ModelKind::Mixture, em = mixture && live.mixture_fit == MixtureFit::Em;
  if (!em) draw_gradient_settings(ctx, mixture);
  draw_pace(ctx);
  draw_shortcuts();
}

void ControlsPanel::draw_gradient_settings(PanelContext& ctx, bool mixture) {
  row("learning rate");
  if (ImGui::SliderFloat("##lr", &training_.learning_rate, 1e-5f, 1e-1f, "%.0e", ImGuiSliderFlags_Logarithmic))
    ctx.trainer.post(command::SetLearningRate{training_.learning_rate});
  if (!mixture) {
    row("β (KL weight)");
  if (ImGui::SliderFloat("##beta", &training_.beta, 0.0f, 10.0f, "%.2f"))
    ctx.trainer.post(command::SetBeta{training_.beta});
  if (ImGui::IsItemHovered())
      ImGui::SetTooltip("trains on E_q[log p(x|z)] − β KL; β = 1 is the ELBO, β > 1 a β-VAE\n(conditional runs: the conditional VAE's)");
  }
  row("batch size");
  static const int kBatches[] = {1, 8, 16, 32, 64, 128, 256, 512, 1024};
  char batch_label[16];
  std::snprintf(batch_label, sizeof batch_label, "%d", training_.batch_size);
  if (ImGui::BeginCombo("##batch", batch_label)) {
    for (int b : kBatches) {
      char label[16];
      std::snprintf(label, sizeof label, "%d", b);
      if (ImGui::Selectable(label, b == training_.batch_size)) {
        training_.batch_size = b;
        ctx.trainer.post(command::SetBatchSize{b});
      }
    }
    ImGui::EndCombo();
  }
  if (mixture) return;
  row("MC samples M");
  if (ImGui::SliderInt("##samples", &training_.mc_samples, 1, 32)) ctx.trainer.post(command::SetSamples{training_.mc_samples});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("z samples per example for E_q[log p(x|z)]; more = less noisy gradient, slower steps");
}

void ControlsPanel::draw_pace(PanelContext& ctx) {
  row("speed");
  static const int kPaces[] = {0, 1000, 200, 50, 10, 4, 1};
  auto pace_label = [](int pace) { return pace == 0 ? std::string("full") : std::to_string(pace) + " steps/s"; };
  if (ImGui::BeginCombo("##pace", pace_label(training_.max_steps_per_second).c_str())) {
    for (int pace : kPaces)
      if (ImGui::Selectable(pace_label(pace).c_str(), pace == training_.max_steps_per_second)) {
        training_.max_steps_per_second = pace;
        ctx.trainer.post(command::SetPace{pace});
      }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("at most this many steps per second, so the class can follow the fit; full = as fast as the machine allows");
}

}  // namespace latent
