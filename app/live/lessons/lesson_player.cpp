// Folding a lesson's steps into scenes, and the commands that take training there.
#include "live/lessons/lesson_player.hpp"

#include <algorithm>
#include <filesystem>
#include <thread>

#include "live/lessons/lesson_file.hpp"

namespace latent {

namespace {

void apply_setting(RunOptions& o, int& pace, const std::string& key, const std::string& value) {
  if (key == "model") o.kind = value;
  else if (key == "dataset") o.model.dataset = value;
  else if (key == "components") o.model.components = std::stoi(value);
  else if (key == "prior") o.prior = value;
  else if (key == "latent") o.model.latent_dim = std::stoi(value);
  else if (key == "encoder") o.encoder_hidden = value;
  else if (key == "decoder") o.decoder_hidden = value;
  else if (key == "activation") o.activation = value;
  else if (key == "likelihood") o.likelihood = value;
  else if (key == "seed") o.model.seed = std::stoull(value);
  else if (key == "lr") o.training.learning_rate = std::stof(value);
  else if (key == "beta") o.training.beta = std::stof(value);
  else if (key == "batch") o.training.batch_size = std::stoi(value);
  else if (key == "samples") o.training.mc_samples = std::stoi(value);
  else if (key == "estimator") o.estimator = value;
  else if (key == "pace") pace = std::stoi(value);
  else if (key == "groups") o.model.groups = std::stoi(value);
  else if (key == "categories") o.model.categories = std::stoi(value);
  else if (key == "codebook") o.model.codebook = std::stoi(value);
  else if (key == "temperature") o.training.temperature = std::stod(value);
}

}  // namespace

LessonScene lesson_scene(const Lesson& lesson, int k, const RunOptions& base) {
  LessonScene scene;
  scene.run = base;
  for (int i = 0; i <= k && i < int(lesson.steps.size()); ++i) {
    const LessonStep& step = lesson.steps[size_t(i)];
    // The model should have at least this many steps when the caption shows:
    // opening at a later step directly warms up the model its earlier steps
    // built, but a step that starts a model afresh says so itself.
    bool fresh = step.restart || !step.checkpoint.empty();
    for (const auto& [key, value] : step.settings) fresh |= key != "lr" && key != "beta" && key != "batch" &&
                                                          key != "samples" && key != "estimator" && key != "pace" &&
                                                          key != "temperature";
    if (step.warmup > 0 || fresh) scene.warmup = step.warmup;
    // A new data set or model kind starts from that kind's own defaults, not the last one's architecture
    // (nor, for a new kind, its estimator: a pathwise one means nothing to a categorical latent).
    for (const auto& [key, value] : step.settings)
      if (key == "dataset" || key == "model") {
        if (key == "model") scene.run.estimator.clear();
        scene.run.encoder_hidden.clear();
        scene.run.decoder_hidden.clear();
        scene.run.activation.clear();
        scene.run.likelihood.clear();
        scene.run.model.encoder_hidden.reset();
        scene.run.model.decoder_hidden.reset();
        scene.run.model.activation.reset();
        scene.run.model.likelihood.reset();
      }
    for (const auto& [key, value] : step.settings) apply_setting(scene.run, scene.pace, key, value);
    if (step.panels) scene.panels = *step.panels;
    if (step.gradient_lab_tab) scene.gradient_lab_tab = *step.gradient_lab_tab;
    if (step.lab_cost) scene.lab_cost = *step.lab_cost;
    if (step.pins) scene.pins = *step.pins;
    if (step.slice_x) scene.slice_x = step.slice_x;
    if (step.select) scene.select = step.select;
  }
  try {
    finish_run_options(scene.run);
  } catch (const std::exception& e) {
    throw LessonError(lesson.path + ": steps[" + std::to_string(k) + "].settings: " + e.what());
  }
  const LessonStep& step = lesson.steps[size_t(std::clamp(k, 0, int(lesson.steps.size()) - 1))];
  scene.restart = step.restart;
  scene.training = step.training;
  scene.start_vi = step.start_vi;
  if (!step.checkpoint.empty()) {
    const std::filesystem::path p(step.checkpoint);
    scene.checkpoint = p.is_absolute() ? p.string() : (std::filesystem::path(lesson.path).parent_path() / p).string();
  }
  return scene;
}

LessonPlayer::LessonPlayer(Lesson lesson, RunOptions base, Post post)
    : lesson_(std::move(lesson)), base_(std::move(base)), post_(std::move(post)) {
  // Every step must make a run before the lesson opens: a mistake is found now, not in front of the class.
  for (int k = 0; k < count(); ++k) lesson_scene(lesson_, k, base_);
}

void LessonPlayer::go_to(int k, const Snapshot& current) {
  k = std::clamp(k, 0, count() - 1);
  const bool first = index_ < 0;
  index_ = k;
  scene_ = lesson_scene(lesson_, k, base_);
  scene_.warmup = (scene_.warmup + rehearsal_ - 1) / rehearsal_;
  if (first) asked_model_ = current.model;
  const ModelSettings& model = scene_.run.model;
  // A new model (or the same one from its seed, or a prepared one) unless nothing about it changed.
  if (!scene_.checkpoint.empty()) {
    post_(command::Load{scene_.checkpoint});
  } else if (!(model == asked_model_)) {
    post_(command::Rebuild{model});
  } else if (scene_.restart) {
    post_(command::Reset{model.seed});
  }
  const bool new_model = !scene_.checkpoint.empty() || !(model == asked_model_) || scene_.restart;
  asked_model_ = model;
  const TrainSettings& t = scene_.run.training;
  post_(command::SetLearningRate{t.learning_rate});
  post_(command::SetBeta{t.beta});
  post_(command::SetBatchSize{t.batch_size});
  post_(command::SetSamples{t.mc_samples});
  post_(command::SetEstimator{t.estimator, t.temperature});
  pause_at_step_ = -1;
  if (new_model) {
    // The trainer numbers each new model; this one is the next after the newest seen.
    awaited_run_ = current.run + 1;
    phase_ = Phase::NewModel;
  } else {
    awaited_run_ = current.run;
    phase_ = Phase::NewModel;  // settles on the next update, with the snapshot at hand
  }
  ++view_version_;  // what needs no model (the lab's tab and cost) goes in place at once
  if (scene_.warmup > 0) {
    // Only a progress bar shows meanwhile: training may take every core.
    post_(command::SetPace{0});
    post_(command::SetThreads{std::max(1, int(std::thread::hardware_concurrency()))});
    post_(command::Resume{});
  } else {
    post_lesson_speed();  // also ends a warm-up the last step left unfinished
  }
}

void LessonPlayer::leave() {
  if (index_ >= 0 && phase_ != Phase::Ready && scene_.warmup > 0) post_lesson_speed();
}

void LessonPlayer::post_lesson_speed() {
  post_(command::SetPace{scene_.pace >= 0 ? scene_.pace : default_pace(scene_.run.model)});
  post_(command::SetThreads{1});  // the window's drawing keeps the other core
}

bool scene_uses_model(const LessonScene& scene) {
  if (scene.panels.empty() || (scene.gradient_lab_tab != "1d" && scene.gradient_lab_tab != "discrete")) return true;
  for (const LessonPanelPlace& p : scene.panels)
    if (p.panel != LessonPanel::GradientLab) return true;
  return false;
}

void LessonPlayer::update(const Snapshot& s) {
  if (index_ < 0) return;
  if (phase_ == Phase::NewModel) {
    // Snapshots of the model before this step's are not this step's (nor
    // need they be, when nothing on show reads the model).
    if (scene_uses_model(scene_) && (s.run < awaited_run_ || s.state == RunState::Loading)) return;
    // A model already past the warm-up (the step before warmed it up) opens at once.
    phase_ = s.step < scene_.warmup ? Phase::WarmingUp : Phase::Ready;
    ++view_version_;
    if (phase_ == Phase::Ready) settle(s);
    return;
  }
  if (phase_ == Phase::WarmingUp && (s.step >= scene_.warmup || s.state == RunState::Failed)) finish_warmup(s);
  const bool stopped = s.state == RunState::Failed || s.state == RunState::Diverged;
  if (phase_ == Phase::Evaluating && (stopped || (!s.test_metrics.empty() && s.test_metrics.back().step >= evaluated_from_))) {
    phase_ = Phase::Ready;
    ++view_version_;  // what waits for the trained model (per-point VI) may start now
    settle(s);
  }
  if (pause_at_step_ >= 0 && s.step >= pause_at_step_) {
    post_(command::Pause{});
    pause_at_step_ = -1;
  }
}

void LessonPlayer::finish_warmup(const Snapshot& s) {
  phase_ = Phase::Evaluating;
  evaluated_from_ = s.step;
  post_(command::EvaluateHeldOut{});
}

void LessonPlayer::settle(const Snapshot& s) {
  // After a warm-up, back to the lesson's pace on one thread; then what the step asks of training.
  if (scene_.warmup > 0) post_lesson_speed();
  if (!scene_.training) {
    // Nothing on show reads the model: it would only take the lab's CPU.
    if (!scene_uses_model(scene_)) post_(command::Pause{});
    return;
  }
  switch (scene_.training->mode) {
    case LessonTraining::Mode::Run:
      post_(command::Resume{});
      break;
    case LessonTraining::Mode::Pause:
      post_(command::Pause{});
      break;
    case LessonTraining::Mode::RunThenPause:
      pause_at_step_ = s.step + scene_.training->steps;
      post_(command::Resume{});
      break;
  }
}

double LessonPlayer::warmup_progress(const Snapshot& s) const {
  if (phase_ != Phase::WarmingUp || scene_.warmup <= 0) return phase_ == Phase::NewModel ? 0.0 : 1.0;
  return std::clamp(double(s.step) / double(scene_.warmup), 0.0, 1.0);
}

}  // namespace latent
