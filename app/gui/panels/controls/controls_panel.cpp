// Drawing the Controls panel and turning its edits into trainer commands.
#include "gui/panels/controls/controls_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>

#include "core/data/catalog.hpp"
#include "core/data/regression_sets.hpp"
#include "core/nn/hidden_sizes.hpp"
#include "core/train/divergence.hpp"
#include "live/stats/frame_stats.hpp"
#include "gui/panels/controls/controls_rows.hpp"
#include "gui/shell/ui_style.hpp"

namespace latent {

using controls::row;
using controls::section;

namespace {

const char* kActivationNames[] = {"default", "relu", "tanh", "softplus"};
const Activation kActivations[] = {Activation::Relu, Activation::Relu, Activation::Tanh, Activation::Softplus};
const char* kLikelihoodNames[] = {"default", "bernoulli", "gaussian"};
const Likelihood kLikelihoods[] = {Likelihood::Bernoulli, Likelihood::Bernoulli, Likelihood::Gaussian};

// A sizes field's widths: nothing when it is empty (the data set's
// default) or wrong, and then `problem`, if given and still empty, says why.
std::optional<std::vector<int>> typed_sizes(const char* field, const char* text, std::string* problem = nullptr) {
  if (!text[0]) return std::nullopt;
  try {
    return parse_hidden_sizes(text);
  } catch (const std::invalid_argument& e) {
    if (problem && problem->empty()) *problem = std::string(field) + ": " + e.what();
    return std::nullopt;
  }
}

}  // namespace

ControlsPanel::ControlsPanel(const RunOptions& initial, bool start_paused) : paused_wish_(start_paused) {
  const ModelSettings& m = initial.model;
  kind_ = m.kind;
  components_ = m.components;
  mixture_fit_ = m.mixture_fit;
  conditional_prior_ = m.cvae_prior == CvaePrior::Conditional;
  dataset_ = m.dataset;
  label_column_ = m.label_column;
  color_ = m.color;
  latent_dim_ = m.latent_dim;
  groups_ = m.groups;
  categories_ = m.categories;
  codebook_ = m.codebook;
  seed_ = m.seed;
  if (m.encoder_hidden) std::snprintf(encoder_, sizeof encoder_, "%s", hidden_sizes_text(*m.encoder_hidden).c_str());
  if (m.decoder_hidden) std::snprintf(decoder_, sizeof decoder_, "%s", hidden_sizes_text(*m.decoder_hidden).c_str());
  if (m.activation) activation_ = *m.activation == Activation::Tanh ? 2 : *m.activation == Activation::Softplus ? 3 : 1;
  if (m.likelihood) likelihood_ = *m.likelihood == Likelihood::Gaussian ? 2 : 1;
  training_ = initial.training;
}

ModelSettings ControlsPanel::edited_model() const {
  ModelSettings m;
  m.kind = kind_;
  m.components = kind_ == ModelKind::Mixture || conditional() ? components_ : 0;
  m.groups = groups_;
  m.categories = categories_;
  m.codebook = codebook_;
  m.mixture_fit = mixture_fit_;
  m.cvae_prior = conditional() && conditional_prior_ ? CvaePrior::Conditional : CvaePrior::StandardNormal;
  m.dataset = dataset_;
  m.label_column = label_column_;
  m.color = color_;
  m.seed = seed_;
  m.latent_dim = latent_dim_;
  m.encoder_hidden = typed_sizes("encoder", encoder_);
  m.decoder_hidden = typed_sizes("decoder", decoder_);
  if (activation_ > 0) m.activation = kActivations[activation_];
  if (likelihood_ > 0) m.likelihood = kLikelihoods[likelihood_];
  return m;
}

void ControlsPanel::rebuild(PanelContext& ctx) {
  ctx.trainer.post(command::Rebuild{edited_model()});
}

void ControlsPanel::toggle_pause(PanelContext& ctx) {
  const RunState state = ctx.snap().state;
  const bool running = state == RunState::Running || (state == RunState::Loading && !paused_wish_);
  paused_wish_ = running;
  if (running)
    ctx.trainer.post(command::Pause{});
  else
    ctx.trainer.post(command::Resume{});
}

void ControlsPanel::single_step(PanelContext& ctx) {
  // A step while running would be lost in the stream: pause first, then step.
  if (ctx.snap().state == RunState::Running) ctx.trainer.post(command::Pause{});
  paused_wish_ = true;
  ctx.trainer.post(command::Step{1});
}

void ControlsPanel::reset(PanelContext& ctx) { ctx.trainer.post(command::Reset{seed_}); }

void ControlsPanel::draw(PanelContext& ctx) {
  draw_run(ctx);
  draw_kind(ctx);
  draw_data(ctx);
  draw_model(ctx);
  draw_training(ctx);
}

void ControlsPanel::draw_run(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  const float font = ImGui::GetFontSize();
  const bool running = s.state == RunState::Running;
  const float button_w = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
  // U+25B6 play, U+25A0 stop-square as pause would mislead: use two bars drawn as text.
  if (ImGui::Button(running ? "‖ Pause" : "▶ Train", ImVec2(button_w, font * 1.9f))) toggle_pause(ctx);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("space");
  ImGui::SameLine();
  if (ImGui::Button("Step", ImVec2(button_w, font * 1.9f))) single_step(ctx);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("S: one minibatch step (pauses first)");
  ImGui::SameLine();
  if (ImGui::Button("Reset", ImVec2(button_w, font * 1.9f))) reset(ctx);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("R: fresh parameters from seed %llu (same seed, same run)", (unsigned long long)seed_);

  ImGui::PushFont(ctx.style.large_font());
  ImGui::Text("step %s", with_commas(s.step).c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextUnformatted(to_string(s.state));
  ImGui::Text(s.epoch < 100 ? "epoch %.2f" : "epoch %.0f", s.epoch);
  ImGui::SameLine();
  ImGui::Text("  %s samples/s", with_commas(int64_t(std::lround(s.samples_per_second))).c_str());
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%.0f steps/s; window %.0f fps, UI %.1f ms", ctx.snap().steps_per_second, ctx.stats.recent_fps(),
                      ctx.stats.recent_ui_ms());
  ImGui::PopTextWrapPos();
  if (!s.message.empty()) {
    const bool bad = s.state == RunState::Failed || s.state == RunState::Diverged;
    ImGui::PushTextWrapPos(0.0f);
    if (bad)
      ImGui::TextColored(ImVec4(0.85f, 0.15f, 0.1f, 1.0f), "%s", s.message.c_str());
    else
      ImGui::TextDisabled("%s", s.message.c_str());
    if (!s.divergence_cause.empty()) ImGui::TextUnformatted(s.divergence_cause.c_str());
    ImGui::PopTextWrapPos();
  }
  if (s.state == RunState::Diverged) {
    // The trainer lowers its rate the same way (lowered_learning_rate); the slider follows.
    if (ImGui::Button("Roll back, learning rate ÷10")) {
      training_.learning_rate = lowered_learning_rate(training_.learning_rate);
      ctx.trainer.post(command::RollBackAndLowerRate{});
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("back to the last finite parameters, a learning rate ten times lower, and train on");
  }
}

void ControlsPanel::draw_kind(PanelContext& ctx) {
  section("Model kind (restarts training)");
  int kind = int(kind_);
  bool changed = ImGui::RadioButton("VAE: p(x) with a latent z", &kind, int(ModelKind::Vae));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("a variational autoencoder of images or 2-D points");
  changed |= ImGui::RadioButton("Conditional density p(y|x)", &kind, int(ModelKind::Conditional));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("a mixture density network, a least-squares regressor and a conditional VAE,\n"
                      "trained side by side on the same minibatches of (x, y)");
  changed |= ImGui::RadioButton("Categorical VAE: discrete z", &kind, int(ModelKind::Categorical));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("a VAE whose z is D categorical variables of K values: no reparameterization,\n"
                      "so its encoder trains by enumeration, REINFORCE or the Gumbel-softmax relaxation");
  changed |= ImGui::RadioButton("VQ-VAE: a codebook of z", &kind, int(ModelKind::Vq));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("the encoder's output snaps to the nearest of K codebook entries;\n"
                      "the straight-through gradient trains the encoder through the snap");
  changed |= ImGui::RadioButton("Mixture of Gaussians", &kind, int(ModelKind::Mixture));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("p(x) = Σₖ πₖ N(x; μₖ, Σₖ) of 2-D points, fitted by EM one half-step at a time\n"
                      "(or by gradient ascent on log p(x))");
  if (changed) set_kind(ctx, ModelKind(kind));
}

void ControlsPanel::set_kind(PanelContext& ctx, ModelKind kind) {
  if (kind == kind_) return;
  kind_ = kind;
  // Each kind has its own data sets and architecture fields: start from its defaults.
  dataset_ = kind_ == ModelKind::Conditional ? "sinusoid-inverse" : kind_ == ModelKind::Mixture ? "gaussians" : "sprites";
  label_column_.clear();
  color_ = false;
  components_ = 0;
  conditional_prior_ = false;
  encoder_[0] = decoder_[0] = 0;
  activation_ = likelihood_ = 0;
  rebuild(ctx);
  reset_pace(ctx);
}

void ControlsPanel::train_on_points(PanelContext& ctx, const std::string& dataset, const std::string& label_column) {
  dataset_ = dataset;
  label_column_ = label_column;
  color_ = false;
  encoder_[0] = decoder_[0] = 0;
  activation_ = likelihood_ = 0;
  rebuild(ctx);
  reset_pace(ctx);
}

void ControlsPanel::reset_pace(PanelContext& ctx) {
  training_.max_steps_per_second = default_pace(edited_model());
  ctx.trainer.post(command::SetPace{training_.max_steps_per_second});
}

void ControlsPanel::draw_data(PanelContext& ctx) {
  section("Data set (restarts training)");
  // The conditional kind offers the (x, y) problems; the VAE its images and 2-D point sets.
  static const std::vector<DatasetInfo> all = dataset_catalog();
  std::vector<DatasetInfo> catalog;
  for (const DatasetInfo& info : all)
    if (is_regression_name(info.name) == conditional() && (kind_ != ModelKind::Mixture || info.kind == DataKind::Points))
      catalog.push_back(info);
  static const bool have_fashion = fashion_mnist_installed();
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::BeginCombo("##dataset", dataset_.c_str())) {
    for (const DatasetInfo& info : catalog) {
      const bool missing = info.name == "fashion-mnist" && !have_fashion;
      const char* kind = conditional() ? "   (x, y)" : info.kind == DataKind::Points ? "   (2-D points)" : "   (28x28 images)";
      const std::string label = info.name + kind + (missing ? "   not installed" : "");
      ImGui::BeginDisabled(missing);
      if (ImGui::Selectable(label.c_str(), info.name == dataset_) && info.name != dataset_) {
        const bool kind_changed = std::any_of(catalog.begin(), catalog.end(), [&](const DatasetInfo& old) {
          return old.name == dataset_ && old.kind != info.kind;
        });
        dataset_ = info.name;
        label_column_.clear();
        color_ = false;
        // Image and point models differ: start from the new kind's defaults, pace included.
        if (kind_changed) {
          encoder_[0] = decoder_[0] = 0;
          activation_ = likelihood_ = 0;
        }
        rebuild(ctx);
        if (kind_changed) reset_pace(ctx);
      }
      ImGui::EndDisabled();
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
        ImGui::TextUnformatted(info.description.c_str());
        if (missing) ImGui::TextUnformatted("Install it with: sudo apt-get install dataset-fashion-mnist");
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::EndCombo();
  }
}

void ControlsPanel::draw_model(PanelContext& ctx) {
  section("Model (rebuild to apply)");
  const Snapshot& s = ctx.snap();
  const VaeConfig* current = s.vae ? &s.vae->config() : nullptr;
  if (kind_ == ModelKind::Mixture) {
    row("components K");
    ImGui::SliderInt("##components", &components_, 0, 12, components_ == 0 ? "default (8)" : "%d");
    row("fitted by");
    int fit = int(mixture_fit_);
    const char* fits[] = {"EM", "gradient ascent"};
    if (ImGui::Combo("##fit", &fit, fits, IM_ARRAYSIZE(fits))) mixture_fit_ = MixtureFit(fit);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("EM: closed-form E- and M-steps over all points; gradient ascent: Adam on −log p(x) of minibatches");
  }
  if (conditional()) {
    row("components K");
    // 0 means the data set's default; the field shows which number that is.
    char k_format[32];
    std::snprintf(k_format, sizeof k_format, components_ == 0 ? "default (%d)" : "%%d",
                  edited_model().resolve_components());
    ImGui::SliderInt("##components", &components_, 0, 12, k_format);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("mixture components of the MDN; 1 is a single Gaussian per x");
  }
  if (kind_ == ModelKind::Categorical) {
    row("groups D");
    ImGui::InputInt("##groups", &groups_, 1, 1);
    groups_ = std::clamp(groups_, 1, 64);
    row("categories K");
    ImGui::InputInt("##categories", &categories_, 1, 1);
    categories_ = std::clamp(categories_, 2, 64);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("log p(x) and the probe's bias are exact while K^D ≤ 1,000");
  } else if (kind_ != ModelKind::Mixture) {
    if (kind_ == ModelKind::Vq) {
      row("codebook K");
      ImGui::InputInt("##codebook", &codebook_, 1, 8);
      codebook_ = std::clamp(codebook_, 2, 4096);
    }
    row(conditional() ? "CVAE latent" : kind_ == ModelKind::Vq ? "code dims" : "latent dims");
    ImGui::InputInt("##latent", &latent_dim_, 1, 1);
    latent_dim_ = std::clamp(latent_dim_, 1, 64);
  }
  if (conditional()) {
    row("CVAE prior");
    int prior = conditional_prior_ ? 1 : 0;
    const char* priors[] = {"N(0, I)", "p(z|x), learned"};
    if (ImGui::Combo("##prior", &prior, priors, IM_ARRAYSIZE(priors))) conditional_prior_ = prior == 1;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("the conditional VAE's prior over z: the lecture's N(0, I), or a network p(z|x)");
  }
  if (kind_ == ModelKind::Vae || kind_ == ModelKind::Categorical || kind_ == ModelKind::Vq) {
    row("encoder");
    const std::string enc_hint = current ? hidden_sizes_text(current->encoder_hidden) + " (default)" : "default";
    ImGui::InputTextWithHint("##encoder", enc_hint.c_str(), encoder_, sizeof encoder_, ImGuiInputTextFlags_CharsNoBlank);
    row("decoder");
    const std::string dec_hint = current ? hidden_sizes_text(current->decoder_hidden) + " (default)" : "default";
    ImGui::InputTextWithHint("##decoder", dec_hint.c_str(), decoder_, sizeof decoder_, ImGuiInputTextFlags_CharsNoBlank);
    row("activation");
    ImGui::Combo("##activation", &activation_, kActivationNames, IM_ARRAYSIZE(kActivationNames));
    row("likelihood");
    ImGui::Combo("##likelihood", &likelihood_, kLikelihoodNames, IM_ARRAYSIZE(kLikelihoodNames));
  }
  row("seed");
  int seed = int(seed_);
  if (ImGui::InputInt("##seed", &seed, 1, 10)) seed_ = uint64_t(std::max(0, seed));

  model_error_.clear();
  typed_sizes("encoder", encoder_, &model_error_);
  typed_sizes("decoder", decoder_, &model_error_);

  // Say what the rebuild would change, so nobody wonders why training restarted.
  const ModelSettings edited = edited_model();
  const ModelSettings& live = s.model;
  std::string changes;
  auto note = [&](bool differs, const std::string& what) {
    if (differs) changes += (changes.empty() ? "" : ", ") + what;
  };
  note(edited.kind != live.kind, model_kind_noun(edited.kind));
  note(edited.kind == ModelKind::Mixture && edited.components != live.components, "K");
  note(edited.kind == ModelKind::Mixture && edited.mixture_fit != live.mixture_fit, "fit");
  note(edited.kind == ModelKind::Conditional && edited.resolve_components() != live.resolve_components(),
       "K " + std::to_string(live.resolve_components()) + " → " + std::to_string(edited.resolve_components()));
  note(edited.cvae_prior != live.cvae_prior, "prior");
  note(edited.kind == ModelKind::Categorical && edited.groups != live.groups, "D");
  note(edited.kind == ModelKind::Categorical && edited.categories != live.categories, "K");
  note(edited.kind == ModelKind::Vq && edited.codebook != live.codebook, "K");
  note(edited.kind != ModelKind::Mixture && edited.kind != ModelKind::Categorical && edited.latent_dim != live.latent_dim, "latent " + std::to_string(live.latent_dim) + " → " + std::to_string(edited.latent_dim));
  note(edited.encoder_hidden != live.encoder_hidden, "encoder");
  note(edited.decoder_hidden != live.decoder_hidden, "decoder");
  note(edited.activation != live.activation, "activation");
  note(edited.likelihood != live.likelihood, "likelihood");
  note(edited.seed != live.seed, "seed");
  ImGui::PushTextWrapPos(0.0f);
  if (!model_error_.empty())
    ImGui::TextColored(ImVec4(0.85f, 0.15f, 0.1f, 1.0f), "%s", model_error_.c_str());
  else if (!changes.empty())
    ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1.0f), "pending: %s", changes.c_str());
  ImGui::PopTextWrapPos();
  ImGui::BeginDisabled(changes.empty() || !model_error_.empty());
  if (ImGui::Button("Rebuild model and restart", ImVec2(-FLT_MIN, 0))) rebuild(ctx);
  ImGui::EndDisabled();
  // The running VAE's architecture is in the status lines at the top; here it
  // is only worth repeating beside pending changes, as what they would replace.
  if ((current && !changes.empty()) || s.conditional) {
    ImGui::PushTextWrapPos(0.0f);
    if (current)
      ImGui::TextDisabled("now: %s", current->describe().c_str());
    else
      ImGui::TextDisabled("now: MDN %s; least squares %s; CVAE %s", s.conditional->mdn().config().describe().c_str(),
                          s.conditional->regressor().config().describe().c_str(),
                          s.conditional->cvae().config().describe().c_str());
    ImGui::PopTextWrapPos();
  }
}

void ControlsPanel::draw_shortcuts() {
  section("Shortcuts");
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("space train/pause, S step, R reset, F12 or Ctrl+S screenshot, F2 hide this panel.");
  if (conditional())
    ImGui::TextDisabled("Density view: click or drag to move the slice x; right-click for colours.");
  else if (kind_ == ModelKind::Mixture)
    ImGui::TextDisabled("S takes one step (EM: one half-step, as the E-step/M-step buttons do). Data view: wheel "
                        "zooms, drag pans.");
  else
    ImGui::TextDisabled("Latent view: drag pins, click points, wheel zooms, drag pans, right-click for more.");
  ImGui::PopTextWrapPos();
}

}  // namespace latent
