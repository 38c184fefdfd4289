// Keeping the bound panel's picture, figures and per-point VI to one model,
// and when to ask the worker for more.
#include "live/probes/bound_probe.hpp"

#include <algorithm>
#include <cmath>

namespace latent {

namespace {
double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

bool same_rect(const LatentRect& a, const LatentRect& b) {
  const double tol = 0.002 * std::max(a.width(), a.height());
  return std::fabs(a.min0 - b.min0) < tol && std::fabs(a.max0 - b.max0) < tol && std::fabs(a.min1 - b.min1) < tol &&
         std::fabs(a.max1 - b.max1) < tol;
}

ResultTag tag_of(const BoundInput& in) { return {in.vae, in.params, in.x_version, in.step}; }
}  // namespace

void BoundProbe::set_x(const Matrix& x, uint64_t version) {
  if (!has_x_ || version != x_version_) {
    follow_training();
    const uint64_t revision = shown_.picture_revision + 1;
    shown_ = BoundShown{};
    shown_.picture_revision = revision;
    shown_input_ = BoundInput{};
    x_version_ = version;
    x_changed_ = true;
  }
  x_ = x;
  has_x_ = true;
}

void BoundProbe::clear_x() { has_x_ = false; }

BoundInput BoundProbe::input_for(const Snapshot& s) const {
  BoundInput in;
  in.vae = s.vae;
  in.params = s.params;
  in.step = s.step;
  in.x = x_;
  in.x_version = x_version_;
  return in;
}

void BoundProbe::update(const Snapshot& s, const std::optional<PictureRequest>& picture) {
  take_results();
  if (has_x_ && s.vae && s.params) request_due(s, picture);
}

void BoundProbe::take_results() {
  if (std::optional<BoundSet> set = worker_.take_set()) {
    // The worker hands out only the newest request's set; while frozen only the frozen model's.
    const bool expected = set->tag.same_model_and_x(tag_of(sent_set_)) && set->tag.x_version == x_version_;
    if (expected && (!frozen_ || set->tag.same_model(shown_.model))) {
      if (!set->tag.same_model(shown_.model)) {
        shown_.vi.reset();
        shown_.vi_trail.clear();
      }
      shown_.model = set->tag;
      shown_.posterior = std::move(set->posterior);
      ++shown_.picture_revision;
      shown_.figures = std::move(set->figures);
      shown_input_ = sent_set_;
      if (shown_.posterior) sent_rect_ = shown_.posterior->rect;
    }
  }
  if (std::optional<PosteriorView> p = worker_.take_posterior();
      p && p->error.empty() && p->tag.same_model_and_x(shown_.model)) {
    shown_.posterior = std::move(*p);
    ++shown_.picture_revision;
  }
  if (std::optional<ViProgress> v = worker_.take_vi(); v && frozen_ && v->tag.same_model_and_x(shown_.model)) {
    shown_.vi = std::move(*v);
    if (shown_.vi->current.dim() == 2) {
      shown_.vi_trail.push_back(shown_.vi->current.mu(0));
      shown_.vi_trail.push_back(shown_.vi->current.mu(1));
    }
  }
}

void BoundProbe::request_due(const Snapshot& s, const std::optional<PictureRequest>& picture) {
  const bool shown_for_x = shown_.model.params && shown_.model.x_version == x_version_;
  const bool live = !frozen_ && s.state == RunState::Running;
  const BoundFigures* figures = shown_for_x && shown_.figures ? &*shown_.figures : nullptr;
  // The quadrature was capped while training; now that the model is still, the full grid.
  const bool refine = !live && sent_quadrature_cap_ < 512 && figures && figures->quadrature &&
                      !figures->quadrature->converged;
  BoundInput next = frozen_ ? shown_input_ : input_for(s);
  bool want_set = x_changed_;
  if (!want_set && !worker_.set_busy()) {
    if (frozen_)
      want_set = refine;
    else
      want_set = !shown_for_x || refine ||
                 (s.params != shown_.model.params && s.params != sent_set_.params &&
                  seconds_since(sent_set_at_) >= settings_.set_interval_seconds);
  }
  if (want_set) {
    // While training runs the figures are soon stale: a 256² cap keeps a set
    // under a second even for a broad, early posterior. A still model gets 512².
    sent_quadrature_cap_ = live ? 256 : 512;
    const LatentRect rect = picture ? picture->rect : LatentRect{};
    sent_resolution_ = picture ? picture->resolution : 0;
    sent_set_ = next;
    sent_set_at_ = Clock::now();
    x_changed_ = false;
    worker_.request_set(std::move(next), rect, sent_resolution_, settings_.ladder_ks, settings_.iwae_repetitions,
                        sent_quadrature_cap_);
    return;
  }
  // A new picture of the model on show: at once when the view moved, a finer one once still.
  if (!picture || !shown_for_x || !shown_input_.usable()) return;
  const bool moved = !same_rect(picture->rect, sent_rect_);
  const bool finer = !picture->live && picture->resolution >= sent_resolution_ * 1.3 && !worker_.posterior_busy();
  if (!moved && !finer) return;
  sent_rect_ = picture->rect;
  sent_resolution_ = picture->resolution;
  worker_.request_posterior(shown_input_, picture->rect, picture->resolution);
}

void BoundProbe::start_vi() {
  if (!can_start_vi()) return;
  frozen_ = true;
  shown_.vi.reset();
  shown_.vi_trail.clear();
  worker_.start_vi(shown_input_, settings_.vi_steps, settings_.vi_steps_per_second);
}

void BoundProbe::follow_training() {
  if (!frozen_) return;
  worker_.stop_vi();
  frozen_ = false;
  shown_.vi.reset();
  shown_.vi_trail.clear();
}

nlohmann::json BoundProbe::describe_shown() const {
  nlohmann::json j;
  j["frozen"] = frozen_;
  if (!shown_.model.params) return j;
  j["model_step"] = shown_.model.step;
  if (shown_.posterior) j["posterior_step"] = shown_.posterior->tag.step;
  if (const BoundFigures* f = shown_.figures ? &*shown_.figures : nullptr) {
    nlohmann::json& fj = j["figures"];
    fj["step"] = f->tag.step;
    if (!f->error.empty()) fj["error"] = f->error;
    fj["elbo"] = f->elbo.elbo();
    fj["elbo_error"] = f->elbo.error;
    if (f->quadrature) {
      fj["log_px"] = f->quadrature->log_marginal;
      fj["log_px_error"] = f->quadrature->last_change;
      fj["log_px_converged"] = f->quadrature->converged;
    }
    for (const ImportanceWeightedBound& b : f->ladder) fj["iwae"].push_back({b.k, b.mean, b.standard_error});
  }
  if (const ViProgress* v = shown_.vi ? &*shown_.vi : nullptr) {
    nlohmann::json& vj = j["vi"];
    vj["step"] = v->tag.step;
    vj["steps"] = v->steps;
    vj["elbo_estimate"] = v->elbo_estimate;
    vj["finished"] = v->finished;
    if (v->finished) {
      vj["encoder_elbo"] = v->encoder_elbo.elbo();
      vj["encoder_elbo_error"] = v->encoder_elbo.error;
      vj["optimized_elbo"] = v->optimized_elbo.elbo();
      vj["optimized_elbo_error"] = v->optimized_elbo.error;
    }
  }
  return j;
}

}  // namespace latent
