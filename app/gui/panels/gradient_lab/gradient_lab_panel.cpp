// Drawing the Gradient lab: the estimator switch (posted to the trainer), the variance probe's
// history and latest histograms from the snapshot, and the 1-D lab's tab.
#include "gui/panels/gradient_lab/gradient_lab_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/shared/estimator_style.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

namespace {

// A gradient's relative miss: "52%", or past 1,000% "19×" (a narrow cell keeps its width).
std::string relative_text(double ratio, int digits) {
  return ratio < 10.0 ? plot::format_significant(100.0 * ratio, digits) + "%"
                      : plot::format_significant(ratio, digits) + "×";
}

// A short coloured line before a label: the row's colour in every plot below.
void swatch(ImU32 color) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetFrameHeight(), w = ImGui::GetTextLineHeight() * 1.1f;
  ImGui::GetWindowDrawList()->AddLine({p.x, p.y + h * 0.5f}, {p.x + w, p.y + h * 0.5f}, color,
                                      std::max(2.5f, ImGui::GetFontSize() * 0.18f));
  ImGui::Dummy(ImVec2(w, h));
  ImGui::SameLine();
}

void header_with_tooltip(const char* name, const char* tooltip) {
  ImGui::TableNextColumn();
  ImGui::TableHeader(name);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22.0f);
    ImGui::TextUnformatted(tooltip);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace

const char* GradientLabPanel::explanation() {
  return "Each training step sees the encoder's gradient through a few random z, so it gets a noisy estimate "
         "of the true gradient. The pathwise (reparameterization) estimator differentiates through "
         "z = μ + σ·ε and uses the slope of log p(x|z); the score function (REINFORCE) uses only its value "
         "times ∇ log q(z|x), which works for any model but is typically orders of magnitude noisier, and a "
         "baseline subtracted from that value removes part of the noise without adding bias. Switch the "
         "estimator while training: the probe measures all four on the same parameters and minibatch, and the "
         "ELBO curve shows how much slower the noisier gradient learns. A categorical latent has no pathwise "
         "gradient: its estimators are exact enumeration over all K^D codes (the truth, affordable when K^D is "
         "small), the score function with its baselines (unbiased), and the Gumbel-softmax relaxation and its "
         "straight-through variant (low variance, biased: the bias column measures it against the exact gradient, "
         "and it shrinks as the temperature τ falls while the variance grows).";
}

void GradientLabPanel::draw(PanelContext& ctx) {
  if (!ImGui::BeginTabBar("gradient_lab_tabs")) return;
  auto flags = [&](Tab tab) {
    return requested_tab_ == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
  };
  // In a lesson the caption explains, and the plots need the height.
  const bool lesson = ctx.min_plot_height > 0;
  if (ImGui::BeginTabItem("VAE encoder, live", nullptr, flags(Tab::LiveProbe))) {
    if (!lesson && ImGui::CollapsingHeader("What am I looking at?")) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(explanation());
      ImGui::PopTextWrapPos();
    }
    draw_probe_tab(ctx);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("1-D Gaussian", nullptr, flags(Tab::GaussianLab))) {
    if (!lesson && ImGui::CollapsingHeader("What am I looking at?")) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(GaussianLabView::explanation());
      ImGui::PopTextWrapPos();
    }
    gaussian_.draw(ctx.min_plot_height);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("1-D coin (discrete)", nullptr, flags(Tab::DiscreteLab))) {
    if (!lesson && ImGui::CollapsingHeader("What am I looking at?")) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(BernoulliLabView::explanation());
      ImGui::PopTextWrapPos();
    }
    discrete_.draw(ctx.min_plot_height);
    ImGui::EndTabItem();
  }
  requested_tab_.reset();
  ImGui::EndTabBar();
}

void GradientLabPanel::draw_probe_tab(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (s.model.kind == ModelKind::Conditional) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("This run's encoder is the conditional VAE's q(z|x,y); the MDN beside it has an exact "
                        "likelihood and no encoder gradient to estimate.");
    ImGui::PopTextWrapPos();
  }
  const auto& probes = s.probes;
  const VarianceProbeResult* latest = probes && !probes->empty() ? &probes->back() : nullptr;
  if (s.model.kind == ModelKind::Vq || s.model.kind == ModelKind::Mixture) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(s.model.kind == ModelKind::Vq
                            ? "A VQ-VAE's encoder gets the decoder's gradient at its entry copied through the snap "
                              "(straight-through): one deterministic gradient, no estimator to compare. The "
                              "categorical VAE (Controls) has a discrete latent with estimators to compare."
                            : "The mixture's amortized q(z|x) trains with the estimator chosen below; the probe "
                              "measures the VAEs' encoders. The categorical VAE (Controls) has estimators to "
                              "compare on images.");
    ImGui::PopTextWrapPos();
    if (s.model.kind == ModelKind::Vq) return;
  }
  if (latest && latest->estimators.empty()) {  // a categorical latent with too many codes to enumerate
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("No probe: it measures each estimator's bias against the exact gradient, and %d^%d codes "
                        "are too many to enumerate (at most 1,000). Training goes on with the estimator chosen.",
                        s.model.categories, s.model.groups);
    ImGui::PopTextWrapPos();
    latest = nullptr;
  }
  // In a lesson the table and its notes take a column of their own, the plots the rest beside it.
  const bool lesson = ctx.min_plot_height > 0;
  const float width = ImGui::GetContentRegionAvail().x;
  const float table_width = lesson ? std::floor(std::min(ImGui::GetFontSize() * 22.0f, width * 0.62f)) : width;
  ImGui::BeginGroup();
  draw_estimator_table(ctx, latest, table_width);
  if (!latest)
    ImGui::TextDisabled(s.state == RunState::Running ? "The first probe runs a few seconds into training ..."
                                                     : "No probe yet: train, or press Probe now.");
  ImGui::EndGroup();
  if (!latest) return;
  if (lesson) ImGui::SameLine();
  ImGui::BeginGroup();
  draw_probe_plots(*probes, ctx.min_plot_height);
  ImGui::EndGroup();
}

void GradientLabPanel::draw_estimator_table(PanelContext& ctx, const VarianceProbeResult* latest, float width) {
  const float left = ImGui::GetCursorPosX();  // the table's column starts here (window coordinates)
  const Snapshot& s = ctx.snap();
  const EncoderGradient training = s.training.estimator;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Train the encoder with:");
  ImGui::SameLine();
  const char* probe_label = "Probe now";
  const float button_w = ImGui::CalcTextSize(probe_label).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), left + width - button_w));
  ImGui::BeginDisabled(!s.params);
  if (ImGui::Button(probe_label)) ctx.trainer.post(command::ProbeNow{});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("measure every estimator now; otherwise every few seconds, within 5%% of training time");

  const LatentType type = latent_type(s.model.kind);
  const bool exact_reference = type == LatentType::Categorical;
  const EstimatorVariance* pathwise = latest ? latest->find(EncoderGradient::Reparameterization) : nullptr;
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH;
  // Narrow (a projector's UI scale): SNR and cosine stay in their plots below, not in the table.
  const bool compact = width < ImGui::GetFontSize() * 27.0f;
  // Where the names do not fit their column, the short ones (a projector's scale, three panels abreast),
  // and the room they leave goes to the bias column's "250%±200%".
  float longest = 0.0f;
  for (const EncoderGradient e : estimators_for(type)) longest = std::max(longest, ImGui::CalcTextSize(estimator_label(e)).x);
  const float third_weight = exact_reference ? 2.1f : 1.3f;  // "250% ± 200%" is wider than "39×"
  const float weights = 3.3f + 1.3f + third_weight + (compact ? 0.0f : 1.6f);
  const bool short_names = longest > width * 3.3f / weights - ImGui::GetFrameHeight() * 2.0f;
  if (ImGui::BeginTable("estimators", compact ? 3 : 5, flags, ImVec2(width, 0.0f))) {
    ImGui::TableSetupColumn("estimator", ImGuiTableColumnFlags_WidthStretch, short_names ? 2.6f : 3.3f);
    ImGui::TableSetupColumn("variance", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn(exact_reference ? "bias" : "× pathwise", ImGuiTableColumnFlags_WidthStretch, third_weight);
    if (!compact) {
      ImGui::TableSetupColumn("SNR", ImGuiTableColumnFlags_WidthStretch, 0.8f);
      ImGui::TableSetupColumn("cos", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    }
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    header_with_tooltip(compact ? "train with" : "estimator (click to train)",
                        "The estimator the encoder trains with, from the next step. SF = score function (REINFORCE), "
                        "LOO = its leave-one-out baseline, ST = straight-through.");

    header_with_tooltip("variance", "Total variance of one gradient estimate: the sum over the encoder's "
                                    "parameters of each one's variance (the trace of the covariance), at the "
                                    "latest probe.");
    if (exact_reference)
      header_with_tooltip("bias", "|mean of the draws − exact gradient| / |exact gradient|, against enumeration, "
                                  "± the miss the draws' spread alone explains (√(variance / draws)). An unbiased "
                                  "estimator's bias is within about that; a biased one's stands above it.");
    else
      header_with_tooltip("× pathwise", "This estimator's total variance divided by the pathwise one's, on the same "
                                        "parameters and minibatch.");
    if (!compact) {
      header_with_tooltip("SNR", "Signal-to-noise ratio: |mean| / standard deviation of one estimate, averaged over "
                                 "the encoder's parameters. Below 1, a single step's sign is mostly noise.");
      header_with_tooltip("cos", "Cosine between the average of the estimates and a reference gradient (the mean "
                                 "of many pathwise estimates): 1 means the same direction.");
    }
    for (const EncoderGradient e : estimators_for(type)) {
      const EstimatorVariance* v = latest ? latest->find(e) : nullptr;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(int(e));
      swatch(estimator_color(e));
      if (ImGui::RadioButton(short_names ? estimator_short_label(e) : estimator_label(e), training == e) &&
          training != e)
        ctx.trainer.post(command::SetEstimator{e, std::nullopt});
      ImGui::PopID();
      auto cell = [&](const std::string& text) {
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text.c_str());
      };
      if (!v) {
        for (int c = 0; c < (compact ? 2 : 4); ++c) cell("—");
        continue;
      }
      cell(v->exact ? "0 (exact)" : plot::format_significant(v->total_variance, 2));
      if (exact_reference && latest->reference_norm > 0)
        cell(v->exact ? "0"
                      : relative_text(v->relative_error, 2) + (compact ? "±" : " ± ") +
                            relative_text(v->bias_noise / latest->reference_norm, 1));
      else
        cell(pathwise && pathwise->total_variance > 0
                 ? plot::format_significant(v->total_variance / pathwise->total_variance, 2) + "×"
                 : "—");
      if (compact) continue;
      cell(v->exact ? "—" : plot::format_significant(v->mean_snr, 2));
      char cosine[16];
      std::snprintf(cosine, sizeof cosine, "%.2f", v->cosine_to_reference);
      cell(cosine);
    }
    ImGui::EndTable();
  }
  ImGui::PushTextWrapPos(left + width);
  const int m = s.training.mc_samples;
  if (exact_reference) draw_temperature(ctx, width);
  ImGui::TextDisabled("Leave-one-out needs M ≥ 2: it trains with M = max(2, M) = %d.", std::max(2, m));
  if (latest)
    ImGui::TextDisabled("Probe at step %s: %d draws × %d examples × M = %d, %.0f ms",
                        with_commas(latest->step).c_str(), latest->draws, latest->batch, latest->samples,
                        latest->seconds * 1000.0);
  ImGui::PopTextWrapPos();
}

void GradientLabPanel::draw_temperature(PanelContext& ctx, float width) {
  const Snapshot& s = ctx.snap();
  if (!temperature_) temperature_ = float(s.training.temperature);
  ImGui::SetNextItemWidth(std::min(width * 0.5f, ImGui::GetFontSize() * 12.0f));
  if (ImGui::SliderFloat("τ, the relaxation's temperature", &*temperature_, 0.05f, 5.0f, "%.2f",
                         ImGuiSliderFlags_Logarithmic))
    ctx.trainer.post(command::SetEstimator{s.training.estimator, double(*temperature_)});
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Gumbel-softmax and straight-through decode y = softmax((logits + Gumbel noise) / τ). "
                      "Lower τ: y nearer one-hot, less bias, more variance.");
}

}  // namespace latent
