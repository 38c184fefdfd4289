// Running the amortization comparison in the background and drawing its table.
#include "gui/panels/bound/amortization_table.hpp"

#include <cstdio>

#include "core/inference/non_amortized_training.hpp"
#include "gui/panels/bound/bound_ladder.hpp"

namespace latent {

namespace {
std::string milliseconds_text(double ms) {
  char buf[32];
  if (ms < 1.0)
    std::snprintf(buf, sizeof buf, "%.2f ms", ms);
  else if (ms < 100.0)
    std::snprintf(buf, sizeof buf, "%.1f ms", ms);
  else
    std::snprintf(buf, sizeof buf, "%.0f ms", ms);
  return buf;
}
}  // namespace

void AmortizationTable::draw(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  const AmortizationComparisonSettings defaults;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("A separate small run: the first %s training points, %d epochs, once with an encoder "
                      "(amortized) and once with every training point's own (μ, σ) learned beside the decoder.",
                      with_commas(defaults.train_points).c_str(), defaults.epochs);
  ImGui::PopTextWrapPos();
  const AmortizationWorker::Progress progress = worker_.progress();
  if (progress.running) {
    ImGui::Text("%s  %.0f s", progress.status.c_str(), progress.seconds);
    ctx.animating = true;  // keep the seconds counting
    if (ImGui::SmallButton("cancel")) worker_.cancel();
    return;
  }
  const std::optional<AmortizationComparison> result = worker_.result();
  const bool supported = !s.vae || supports_non_amortized_training(s.vae->config());
  const bool usable = s.vae && s.data && s.model.kind == ModelKind::Vae && supported;
  if (!supported) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted("This model's decoder learns its σ, which the per-point side cannot train yet: "
                           "open an image data set (Bernoulli decoder) to run the comparison.");
    ImGui::PopTextWrapPos();
  }
  ImGui::BeginDisabled(!usable);
  if (ImGui::Button(result ? "Run the comparison again" : "Run the comparison (½–1 min, beside training)"))
    worker_.start(s.vae->config(), s.data, s.model.dataset);
  ImGui::EndDisabled();
  if (!progress.status.empty()) ImGui::TextDisabled("%s", progress.status.c_str());
  if (result) {
    const std::string dataset = worker_.result_dataset();
    if (dataset != s.model.dataset) ImGui::TextDisabled("(computed on %s)", dataset.c_str());
    table(*result);
  }
}

void AmortizationTable::table(const AmortizationComparison& c) const {
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("amortization", 3, flags)) return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.1f);
  ImGui::TableSetupColumn("amortized (encoder)", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("per point (μ, σ)", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  auto row = [](const char* what, const std::string& a, const std::string& b) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(what);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(a.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(b.c_str());
  };
  const int64_t theta = int64_t(c.decoder_params), phi = int64_t(c.encoder_params), local = int64_t(c.local_params);
  row("parameters", "|θ|+|φ| = " + with_commas(theta + phi), "|θ|+2|z|N = " + with_commas(theta + local));
  row("train ELBO, nats", nats_text(c.amortized_train_elbo), nats_text(c.non_amortized_train_elbo));
  char seconds[2][32];
  std::snprintf(seconds[0], sizeof seconds[0], "%.1f s", c.amortized_seconds);
  std::snprintf(seconds[1], sizeof seconds[1], "%.1f s", c.non_amortized_seconds);
  row("training time", seconds[0], seconds[1]);
  // Held-out points: one encoder pass against each point's own optimization.
  const std::string last_elbo = c.non_amortized_test_elbo.empty() ? "" : nats_text(c.non_amortized_test_elbo.back());
  const std::string last_steps = c.test_steps.empty() ? "" : " after " + with_commas(c.test_steps.back()) + " steps";
  row("held-out ELBO, nats", nats_text(c.amortized_test_elbo), last_elbo + last_steps);
  const std::string last_ms =
      c.non_amortized_test_milliseconds.empty() ? "" : milliseconds_text(c.non_amortized_test_milliseconds.back());
  row("test-time cost per x", milliseconds_text(c.encoder_milliseconds) + " (one pass)", last_ms + " (optimize)");
  ImGui::EndTable();
  // The per-point held-out ELBO as it improves with optimization steps.
  std::string steps = "per-point VI on held-out x:";
  for (size_t i = 0; i < c.test_steps.size() && i < c.non_amortized_test_elbo.size(); ++i)
    steps += "  " + with_commas(c.test_steps[i]) + " steps " + nats_text(c.non_amortized_test_elbo[i]) +
             (i + 1 < c.test_steps.size() ? "," : "");
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s (mean over %d held-out points; %s)", steps.c_str(), AmortizationComparisonSettings{}.test_points,
                      c.test_elbo_method.c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace latent
