// The curves panel's live numbers for conditional runs: the MDN's exact
// log-likelihood under its formula, the conditional VAE's bound and the
// least-squares error, train and held-out; and their hover lines.
#include <cmath>
#include <cstdio>

#include "gui/curves_panel.hpp"
#include "gui/ui_style.hpp"

namespace latent {

namespace {
constexpr const char* kFormula = "log p(y|x) = log Σₖ πₖ(x) N(y; μₖ(x), σₖ(x)²)";

std::string mse(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}
}  // namespace

void CurvesPanel::draw_conditional_numbers(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  // The MDN's likelihood in large type: on two lines, or in normal type, when the panel is narrow.
  const float width = ImGui::GetContentRegionAvail().x;
  // Large type only where the three plots below keep enough height.
  const bool roomy = ImGui::GetContentRegionAvail().y > ImGui::GetFontSize() * 24.0f;
  ImGui::PushFont(roomy ? ctx.style.large_font() : nullptr);
  if (ImGui::CalcTextSize(kFormula).x <= width) {
    ImGui::TextUnformatted(kFormula);
  } else if (ImGui::CalcTextSize("log p(y|x) = log Σₖ πₖ(x)").x <= width) {
    ImGui::TextUnformatted("log p(y|x) = log Σₖ πₖ(x)");
    ImGui::TextUnformatted("        N(y; μₖ(x), σₖ(x)²)");
  } else {
    ImGui::PopFont();
    ImGui::PushFont(nullptr);
    ImGui::TextWrapped("%s", kFormula);
  }
  ImGui::PopFont();

  const plot::Colors& c = plot::colors();
  const bool have_test = !s.test_metrics.empty(), have_train = ingested_ > 0;
  const MetricPoint t = have_test ? s.test_metrics.back() : MetricPoint{};
  if (!ImGui::BeginTable("conditional_numbers", 4, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  // Short headers (their tooltips say more): the panel is narrow at projector scales.
  ImGui::TableSetupColumn("MDN", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("CVAE", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("MSE", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  ImGui::TableSetColumnIndex(0);
  if (ImGui::SmallButton("axes ▾")) ImGui::OpenPopup("curve_axes");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("steps or epochs, log axes, smoothing");
  if (ImGui::BeginPopup("curve_axes")) {
    draw_options();
    ImGui::EndPopup();
  }
  static const char* tips[] = {nullptr, "MDN: the mixture density network's exact log p(y|x), nats per example",
                               "CVAE: the conditional VAE's ELBO, a lower bound on its log p(y|x), nats per example",
                               "MSE: the least-squares regressor's mean squared error, in y's units squared"};
  for (int column = 1; column < 4; ++column) {
    ImGui::TableSetColumnIndex(column);
    ImGui::TableHeader(ImGui::TableGetColumnName(column));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tips[column]);
  }
  auto row = [&](ImU32 color, const char* name, bool have, double log_lik, double elbo, double error) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    swatch(color);
    ImGui::TextUnformatted(name);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(have ? nats(log_lik).c_str() : "—");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(have ? nats(elbo).c_str() : "—");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(have ? mse(error).c_str() : "—");
  };
  double log_lik = 0, elbo = 0, error = 0;
  if (have_train) {
    // The smoothed values, in their true sign whatever the axis shows.
    const float sign = log_y_ ? -1.0f : 1.0f;
    log_lik = sign * series_[kMdnLogLik].smooth.y(ingested_ - 1);
    elbo = sign * series_[kCvaeElbo].smooth.y(ingested_ - 1);
    error = series_[kMse].smooth.y(ingested_ - 1);
  }
  row(c.train, "train", have_train, log_lik, elbo, error);
  row(c.test, "held-out", have_test, t.mdn_log_lik, t.elbo, t.regressor_mse);
  ImGui::EndTable();
  // The bound's two terms and the units, only where there is height to spare.
  if (ImGui::GetContentRegionAvail().y > ImGui::GetFontSize() * 16.0f) {
    if (have_test)
      ImGui::TextDisabled("held-out CVAE: ELBO = E_q[log p(y|x,z)] %s − KL %s; nats per example", nats(t.reconstruction).c_str(),
                          nats(t.kl).c_str());
    else
      ImGui::TextDisabled("nats per example; held-out after each epoch");
  }
}

void CurvesPanel::draw_conditional_tooltip(const MetricPoint& p, size_t index, const MetricPoint* held_out) const {
  const float sign = log_y_ ? -1.0f : 1.0f;
  ImGui::Text("MDN log p(y|x) %s   (smoothed %s)", nats(p.mdn_log_lik).c_str(),
              nats(sign * series_[kMdnLogLik].smooth.y(index)).c_str());
  ImGui::Text("CVAE ELBO %s = E_q[log p(y|x,z)] %s − KL %s", nats(p.elbo).c_str(), nats(p.reconstruction).c_str(),
              nats(p.kl).c_str());
  ImGui::Text("least-squares MSE %s   (smoothed %s)", mse(p.regressor_mse).c_str(),
              mse(series_[kMse].smooth.y(index)).c_str());
  if (held_out) {
    ImGui::Separator();
    ImGui::Text("held-out at epoch %.0f: MDN %s, CVAE ELBO %s, MSE %s", double(held_out->epoch),
                nats(held_out->mdn_log_lik).c_str(), nats(held_out->elbo).c_str(), mse(held_out->regressor_mse).c_str());
  }
}

}  // namespace latent
