// The app's plotting module, drawn with ImDrawList (Debian has no ImPlot):
// the one header panels include for plots.
//
// Contents
//   1. Frame       one plot: axes, ticks, grid, data <-> pixels, hover     plot_frame.cpp
//   2. Items       lines, dashed and fading lines, bands, markers, bars,
//                  ellipses, images, text, drawn into a Frame              plot_items.cpp
//   3. Legend      a wrapping row of entries, hover and show/hide          plot_legend.cpp
//   4. PanZoom     wheel zoom and drag pan for 2-D views                   plot_interaction.cpp
//   5. Sprites     markers as textured quads from the font atlas          plot_sprites.cpp
//   6. Context     theme colours, categorical palette, sprite atlas        plot_context.cpp
//   7. Arrangement a panel's plots stacked, or as many as keep a minimum
//                  height side by side, with buttons choosing which        plot_arrangement.cpp
// Internals shared by those files: plot_internal.hpp. Free of ImGui, in
// live/series/: ticks and labels (axis_ticks.hpp), colours and palettes
// (plot_colors.hpp), histogram bins (histogram.hpp), polyline simplification
// (polyline.hpp), long curves in bounded memory (round_robin_series.hpp), fitting plots to
// a space (plot_grid.hpp). Beside this
// module, GL-backed: heatmap.hpp, point_cloud.hpp, image_tiles.hpp.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

#include "live/series/axis_ticks.hpp"
#include "live/series/histogram.hpp"
#include "live/series/plot_colors.hpp"
#include "live/series/plot_grid.hpp"

namespace latent::plot {

// ---- 1. Frame

struct FrameOptions {
  bool equal_aspect = false;  // one data unit is as long across as up (circles stay round)
  std::string title;          // drawn inside the plot's top-left corner; usually the y quantity
  std::string short_title;    // drawn instead when the title is wider than the plot
  bool x_tick_labels = true;
  bool fill_background = true;  // off when an opaque picture covers the whole area anyway
  float left_margin = 0.0f;     // if > 0, the y labels' column width (aligns stacked plots)
  bool y_label = false;         // write the y axis's label left of its tick labels (short names: "y", "σ")
  std::vector<Tick> x_ticks, y_ticks;  // if given, used instead of automatic ticks
};

// One plot on the current window: reserves `size` at the cursor, draws the
// background, grid, ticks and labels, and maps data to screen. Drawing calls
// are clipped to the plotting area until the Frame is destroyed. The area is
// one ImGui item (an invisible button) so hover, clicks and drags work.
class Frame {
 public:
  Frame(const char* id, ImVec2 size, Axis x, Axis y, FrameOptions options = {});
  ~Frame();
  Frame(const Frame&) = delete;
  Frame& operator=(const Frame&) = delete;

  ImDrawList* draw_list() const { return draw_; }
  ImVec2 area_min() const { return min_; }
  ImVec2 area_max() const { return max_; }
  const Axis& x_axis() const { return x_; }  // after equal-aspect adjustment
  const Axis& y_axis() const { return y_; }
  bool visible() const { return visible_; }

  float x_to_px(double x) const;
  float y_to_px(double y) const;
  ImVec2 to_px(double x, double y) const { return {x_to_px(x), y_to_px(y)}; }
  double px_to_x(float px) const;
  double px_to_y(float py) const;
  // Data units per pixel along x (linear axes): sizes of markers in data units.
  double x_per_px() const { return (x_.max - x_.min) / double(max_.x - min_.x); }

  bool hovered() const { return hovered_; }   // mouse over the plotting area
  bool active() const { return active_; }     // a mouse button went down on the area and is held
  ImVec2 mouse_px() const;
  double mouse_x() const { return px_to_x(mouse_px().x); }
  double mouse_y() const { return px_to_y(mouse_px().y); }

  // ---- 2. Items

  // A polyline through (xs[i], ys[i]); NaNs and non-positive values on a log
  // axis break the line instead of drawing it to infinity.
  void line(const float* xs, const float* ys, int count, ImU32 color, float thickness) const;
  void line(const double* xs, const double* ys, int count, ImU32 color, float thickness) const;
  // The same polyline in dashes `dash_px` long (a second kind of line that stays tellable in print).
  void dashed_line(const float* xs, const float* ys, int count, ImU32 color, float thickness, float dash_px) const;
  // A polyline whose opacity varies along it: segment i is drawn at alpha (a[i] + a[i+1]) / 2
  // (e.g. a mixture component's mean, as strong as its weight there).
  void fading_line(const float* xs, const float* ys, const float* alphas, int count, ImU32 color, float thickness) const;
  // A filled band between lo and hi over x (all increasing in x).
  void band(const float* xs, const float* lo, const float* hi, int count, ImU32 color) const;
  void markers(const float* xs, const float* ys, int count, ImU32 color, float radius_px) const;
  void vertical_line(double x, ImU32 color, float thickness) const;
  // A shaded span x in [x0, x1] over the whole height (e.g. "here the other estimator wins").
  void vertical_band(double x0, double x1, ImU32 color) const;
  // Histogram bars: bar i covers [x0 + i w, x0 + (i + 1) w] in x and rises from y = base (the
  // bottom of a log axis) by heights[i]; `outline` 0 draws none. Counts: histogram_counts.
  void bars(double x0, double bin_width, const float* heights, int count, ImU32 fill, ImU32 outline,
            double base = 0.0) const;
  // An axis-aligned ellipse in data units (radii rx, ry).
  void ellipse(double cx, double cy, double rx, double ry, ImU32 color, float thickness, int segments = 32) const;
  // A texture stretched over the data rectangle [x0,x1] x [y0,y1] (y up).
  void image(ImTextureID texture, double x0, double y0, double x1, double y1, ImVec2 uv0 = {0, 0},
             ImVec2 uv1 = {1, 1}, ImU32 tint = IM_COL32_WHITE) const;
  // Text anchored at a data point; align (0..1, 0..1) picks which corner of the text sits there.
  void text(double x, double y, const char* text, ImU32 color, ImVec2 align = {0, 0}, ImVec2 offset_px = {0, 0}) const;

 private:
  // Both coordinates can be placed on their axes (finite; positive on a log axis).
  template <typename T>
  bool placeable(T x, T y) const { return usable(x, x_.scale) && usable(y, y_.scale); }
  template <typename T>
  void polyline(const T* xs, const T* ys, int count, ImU32 color, float thickness) const;

  ImDrawList* draw_ = nullptr;
  Axis x_, y_;
  ImVec2 min_, max_;  // plotting area in screen pixels
  bool hovered_ = false;
  bool active_ = false;
  std::string title_;
  bool visible_ = true;
  double x_lo_ = 0, x_hi_ = 1, y_lo_ = 0, y_hi_ = 1;  // axis ends after the scale transform
};

// The height (px) of every plotting area drawn since the last call, as much of
// each as was inside its window's visible region; the caller files them by window
// (--stats reports the smallest, and lessons promise a minimum).
std::vector<float> take_drawn_heights();

// ---- 3. Legend

// A legend as a row of ImGui items that wraps to the available width.
// Returns the index of the entry under the mouse, or -1, so a panel can
// highlight that class in its plot.
struct LegendEntry {
  std::string label;
  ImU32 color;
  bool hollow = false;  // drawn as a ring (e.g. reconstructions) rather than a dot
  bool line = false;    // drawn as a short line (curves)
  bool* shown = nullptr;  // if set, clicking the entry toggles it (drawn faded while off)
};
int legend(const char* id, const std::vector<LegendEntry>& entries);

// ---- 4. PanZoom

// Pan (drag) and zoom (wheel, about the mouse) for a 2-D view with equal
// aspect. Holds the centre and the half height; the width follows the plot.
struct PanZoom {
  double center_x = 0.0, center_y = 0.0;
  double half_height = 3.5;
  bool user_moved = false;  // once the user pans or zooms, automatic fitting stops

  Axis x_axis(const std::string& label) const;
  Axis y_axis(const std::string& label) const;
  // Fits [x0,x1] x [y0,y1] with a margin (ignores aspect; Frame widens one axis).
  void fit(double x0, double x1, double y0, double y1, double margin = 0.08);
  // Call right after the Frame: wheel zooms about the mouse; dragging with
  // `drag_button` pans (only when `allow_drag`, so a pin drag wins).
  void handle_input(const Frame& frame, bool allow_drag, ImGuiMouseButton drag_button = ImGuiMouseButton_Left);
};

// ---- 5. Sprites

// Markers as textured quads from the font atlas: 4 vertices each instead of
// the ~20 of a tessellated circle, so thousands of points cost little to
// draw, even in software GL. The Context places them in the atlas; until it
// has painted them, markers fall back to circles.
enum class Sprite { Disc, Ring, ThinRing, kCount };
// A marker of `sprite` centred at c, stretched to radii (rx, ry) in pixels.
void sprite(ImDrawList* draw, Sprite sprite, ImVec2 c, float rx, float ry, ImU32 color);
// Where `sprite` sits in the font atlas; false until the Context has painted the sprites.
bool sprite_uv(Sprite sprite, ImVec2& uv0, ImVec2& uv1);

// ---- 6. Context

// What every plot shares and the app chooses: the theme's colours, the
// categorical palette, and where the marker sprites sit in the font atlas.
// The app owns one (UiStyle does) and makes it current; as with ImGui's own
// context, drawing reads the current one, so panels need not pass it along.
// UI thread only.
class Context {
 public:
  Context();   // light theme, Tableau 10, no sprites; current if no other context is
  ~Context();  // stops being current
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  void make_current();

  void set_theme(Theme theme);
  void set_palette(Palette palette);
  Theme theme() const;
  Palette palette() const;

  // Call before the font atlas is built, then after: reserve room for the
  // sprites, then paint them into the atlas's pixels before the upload.
  void reserve_sprites(ImFontAtlas& atlas);
  void paint_sprites(ImFontAtlas& atlas);

  struct State;  // plot_internal.hpp

 private:
  std::unique_ptr<State> state_;
};

// The current context's theme colours, and entry `index` of its palette.
const Colors& colors();
ImU32 category_color(int index, float alpha = 1.0f);

// ---- 7. Arrangement

// One plot's place among a panel's plots that share an x axis.
struct PlotCell {
  int plot = 0;            // which of the panel's plots
  ImVec2 size;             // for its Frame (x 0: the window's width), taller by the x labels if x_labels
  bool x_labels = false;   // no plot below it: it carries the x tick labels and the axis name
  bool same_line = false;  // beside the previous cell: call ImGui::SameLine(0, ItemSpacing.y) first
};
// Lays out the plots `names` names in what is left of the window, less
// `reserve_below` px (fit_plots does the arithmetic). min_area 0 (free play):
// all stack, each block at least `floor` tall. A minimum (a lesson): only the
// plots that keep it show, side by side where the width allows, and a row of
// buttons above them, one per plot, picks which (kept in `choice`).
// Outside lessons too, a plot of a panel's stack keeps this many lines of height (pass
// font size times it as min_area): on a projector's scale the panel shows fewer plots, and
// a chooser, rather than slivers with the title over the curve.
inline constexpr float kFreePlayPlotLines = 4.0f;
std::vector<PlotCell> arrange_plots(const char* id, const std::vector<const char*>& names, PlotChoice& choice,
                                    float min_area, float floor = 0.0f, float reserve_below = 0.0f);

}  // namespace latent::plot
