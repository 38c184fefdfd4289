// The plotting context: which one is current, its theme and palette, and the
// colour lookups that read it.
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "gui/plot/plot_internal.hpp"

namespace latent::plot {

static_assert(rgba(1, 2, 3, 4) == IM_COL32(1, 2, 3, 4), "plot_colors.hpp packs colours as this ImGui build does");

namespace {
// The context drawing reads, as ImGui keeps its own: panels draw without
// passing one along. Read and written on the UI thread only.
Context::State* g_current = nullptr;
}  // namespace

Context::Context() : state_(std::make_unique<State>()) {
  if (!g_current) make_current();
}

Context::~Context() {
  if (g_current == state_.get()) g_current = nullptr;
}

void Context::make_current() { g_current = state_.get(); }

void Context::set_theme(Theme theme) {
  state_->theme = theme;
  state_->colors = theme_colors(theme);
}
void Context::set_palette(Palette palette) { state_->palette = palette; }
Theme Context::theme() const { return state_->theme; }
Palette Context::palette() const { return state_->palette; }

Context::State& internal::state() {
  if (!g_current) {
    std::fprintf(stderr, "latentlab: a plot was drawn before the app made its plot::Context (UiStyle owns it)\n");
    std::abort();
  }
  return *g_current;
}

const Colors& colors() { return internal::state().colors; }

std::vector<float> take_drawn_heights() { return std::exchange(internal::state().drawn_heights, {}); }

ImU32 category_color(int index, float alpha) { return palette_color(internal::state().palette, index, alpha); }

}  // namespace latent::plot
