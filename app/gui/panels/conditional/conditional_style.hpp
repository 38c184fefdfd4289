// How the conditional-density lesson looks in every panel: one colour per
// mixture component, and one look each for the whole mixture, the
// least-squares line and the conditional VAE, so the views agree.
#pragma once
#include <algorithm>
#include <imgui.h>

#include "gui/plot/plot.hpp"
#include "gui/shell/ui_style.hpp"

namespace latent {

// Component k of the mixture: the categorical palette, in order.
inline ImU32 component_color(int k, float alpha = 1.0f) { return plot::category_color(k, alpha); }
// The mixture as a whole, p(y|x): the text colour, drawn thickest.
inline ImU32 mixture_color(float alpha = 1.0f) { return plot::with_alpha(plot::colors().axis_text, alpha); }
// The least-squares regressor f(x): always dashed, and grey so that its
// legend swatch (a plain line) does not read as the mixture's.
inline ImU32 regressor_color(float alpha = 1.0f) { return IM_COL32(120, 120, 120, int(255 * alpha)); }
// The conditional VAE: the theme's accent, used by nothing else in these views.
inline ImU32 cvae_color(float alpha = 1.0f) { return plot::with_alpha(plot::colors().accent, alpha); }

inline constexpr const char* kRegressorLabel = "least squares f(x): the mean of the modes";

// Sizes that follow the UI scale.
inline float ui_px(float v) { return v * ImGui::GetFontSize() / UiStyle::kFontPixels; }
inline float dash_px() { return std::max(4.0f, ui_px(7.0f)); }

}  // namespace latent
