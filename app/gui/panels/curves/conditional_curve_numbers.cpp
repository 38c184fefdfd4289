// The curves panel's live numbers for conditional runs: the MDN's exact
// log-likelihood under its formula, the conditional VAE's bound and the
// least-squares error, train and held-out; and their hover lines.
#include <array>
#include <cmath>
#include <cstdio>

#include "gui/panels/curves/curves_panel.hpp"
#include "gui/shell/ui_style.hpp"

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
  // Large type only where the three plots below keep enough height; in a lesson the caption has the formulas.
  const bool lesson = ctx.min_plot_height > 0;
  const bool roomy = ImGui::GetContentRegionAvail().y > ImGui::GetFontSize() * 24.0f;
  if (!lesson) draw_formula(ctx, kFormula, "log p(y|x) = log Σₖ πₖ(x)", "        N(y; μₖ(x), σₖ(x)²)", roomy);

  const plot::Colors& c = plot::colors();
  const bool have_test = !s.test_metrics.empty(), have_train = ingested_ > 0;
  const MetricPoint t = have_test ? s.test_metrics.back() : MetricPoint{};
  // Short headers (their tooltips say more): the panel is narrow at projector scales.
  static const char* const columns[] = {"MDN", "CVAE", "MSE"};
  static const float widths[] = {1.0f, 1.0f, 1.0f};
  static const char* const tips[] = {"MDN: the mixture density network's exact log p(y|x), nats per example",
                                     "CVAE: the conditional VAE's ELBO, a lower bound on its log p(y|x), nats per example",
                                     "MSE: the least-squares regressor's mean squared error, in y's units squared"};
  if (!begin_numbers("conditional_numbers", columns, widths, tips)) return;
  auto cells = [](bool have, double log_lik, double elbo, double error) {
    if (!have) return std::array<std::string, 3>{"—", "—", "—"};
    return std::array<std::string, 3>{nats(log_lik), nats(elbo), mse(error)};
  };
  const auto train = cells(have_train, latest_smoothed(kMdnLogLik), latest_smoothed(kCvaeElbo), latest_smoothed(kMse));
  numbers_row(c.train, "train", train.data());
  numbers_row(c.test, "held-out", cells(have_test, t.mdn_log_lik, t.elbo, t.regressor_mse).data());
  ImGui::EndTable();
  // The bound's two terms and the units, only where there is height to spare.
  if (!lesson && ImGui::GetContentRegionAvail().y > ImGui::GetFontSize() * 16.0f) {
    if (have_test)
      ImGui::TextDisabled("held-out CVAE: ELBO = E_q[log p(y|x,z)] %s − KL %s; nats per example", nats(t.reconstruction).c_str(),
                          nats(t.kl).c_str());
    else
      ImGui::TextDisabled("nats per example; held-out after each epoch");
  }
}

void CurvesPanel::draw_conditional_tooltip(const MetricPoint& p, const MetricPoint* held_out) const {
  ImGui::Text("MDN log p(y|x) %s   (smoothed %s)", nats(p.mdn_log_lik).c_str(),
              nats(smoothed(kMdnLogLik, x_of(p))).c_str());
  ImGui::Text("CVAE ELBO %s = E_q[log p(y|x,z)] %s − KL %s", nats(p.elbo).c_str(), nats(p.reconstruction).c_str(),
              nats(p.kl).c_str());
  ImGui::Text("least-squares MSE %s   (smoothed %s)", mse(p.regressor_mse).c_str(),
              mse(smoothed(kMse, x_of(p))).c_str());
  if (held_out) {
    ImGui::Separator();
    ImGui::Text("held-out at epoch %.0f: MDN %s, CVAE ELBO %s, MSE %s", double(held_out->epoch),
                nats(held_out->mdn_log_lik).c_str(), nats(held_out->elbo).c_str(), mse(held_out->regressor_mse).c_str());
  }
}

}  // namespace latent
