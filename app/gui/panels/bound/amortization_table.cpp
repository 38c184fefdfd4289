// Running the amortization comparison in the background and drawing its table.
#include "gui/panels/bound/amortization_table.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>

#include "gui/panels/bound/bound_ladder.hpp"

namespace latent {

namespace {
struct Cancelled {};  // thrown from the progress callback to abandon a run

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

AmortizationTable::~AmortizationTable() {
  cancel_ = true;
  if (thread_.joinable()) thread_.join();
}

void AmortizationTable::start(const Snapshot& s) {
  if (thread_.joinable()) thread_.join();
  cancel_ = false;
  running_ = true;
  started_ = std::chrono::steady_clock::now();
  dataset_ = s.model.dataset;
  {
    std::lock_guard lock(mutex_);
    result_.reset();
    status_ = "training the amortized VAE ...";
  }
  // Copies of what it needs: the snapshot's data split is immutable and shared.
  thread_ = std::thread([this, config = s.vae->config(), data = s.data] {
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);
    try {
      AmortizationComparison c = compare_amortization(config, *data, AmortizationComparisonSettings{},
                                                      [this](const std::string& line) {
                                                        if (cancel_) throw Cancelled{};
                                                        std::lock_guard lock(mutex_);
                                                        status_ = line + "; running on ...";
                                                      });
      std::lock_guard lock(mutex_);
      result_ = std::move(c);
      status_.clear();
    } catch (const Cancelled&) {
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      status_ = std::string("failed: ") + e.what();
    }
    running_ = false;
  });
}

void AmortizationTable::draw(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (!running_ && thread_.joinable()) thread_.join();
  const AmortizationComparisonSettings defaults;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("A separate small run: the first %s training points, %d epochs, once with an encoder "
                      "(amortized) and once with every training point's own (μ, σ) learned beside the decoder.",
                      with_commas(defaults.train_points).c_str(), defaults.epochs);
  ImGui::PopTextWrapPos();
  if (running_) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::string status;
    {
      std::lock_guard lock(mutex_);
      status = status_;
    }
    ImGui::Text("%s  %.0f s", status.c_str(), seconds);
    ctx.animating = true;  // keep the seconds counting
    if (ImGui::SmallButton("cancel")) cancel_ = true;
    return;
  }
  const bool usable = s.vae && s.data && !s.model.is_mdn();
  ImGui::BeginDisabled(!usable);
  if (ImGui::Button(result_ ? "Run the comparison again" : "Run the comparison (½–1 min, beside training)")) start(s);
  ImGui::EndDisabled();
  std::lock_guard lock(mutex_);
  if (!status_.empty()) ImGui::TextDisabled("%s", status_.c_str());
  if (result_) {
    if (dataset_ != s.model.dataset) ImGui::TextDisabled("(computed on %s)", dataset_.c_str());
    table(*result_);
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
