// How a panel's plots share its space: all stacked (free play), or, when each
// must keep a minimum height (a lesson on a projector), as many as fit in rows
// and side-by-side columns, with the others a click away. GL-free arithmetic.
#pragma once
#include <vector>

namespace latent::plot {

// The space and the plots, in pixels. A plot's block is its plotting area plus
// `frame_extra` (the frame's padding above and below); the bottom row's blocks
// also carry `labels_extra` (x tick labels and the axis name): once, or twice
// when a short last row leaves plots above it with nothing beneath.
struct PlotSpace {
  float width = 0.0f, height = 0.0f;  // what the plots may take
  int count = 0;                      // plots the panel has
  float min_area = 0.0f;              // each plotting area at least this tall; 0: no minimum, all stack
  float min_width = 0.0f;             // a block at least this wide, for columns side by side
  float frame_extra = 0.0f;
  float labels_extra = 0.0f;
  float gap = 0.0f;  // between rows and between columns
};

struct PlotGrid {
  int rows = 0, columns = 0;
  int shown = 0;             // plots on show, filling rows left to right (the last row may be short)
  int label_rows = 1;        // rows carrying x labels: 2 when the last row is short
  float block_height = 0.0f;  // each block, without the labels a row may add
  float block_width = 0.0f;
  float area_height = 0.0f;   // each plotting area: block_height less the frame's padding
};

// Without a minimum, every plot in one column sharing the height. With one, the
// most plots whose areas keep it (at least one, whatever the space), in the
// fewest rows that hold them, so each is as tall as it can be.
PlotGrid fit_plots(const PlotSpace& space);

// Which plots show when only `capacity` of them fit: a run of consecutive plots
// starting at the one chosen (wrapping past the last), so every plot is one choice away.
class PlotChoice {
 public:
  void choose(int first) { first_ = first; }
  int first() const { return first_; }
  // The plots on show, in their own order (so a plot keeps its place above or below the others).
  std::vector<int> shown(int count, int capacity) const;

 private:
  int first_ = 0;
};

}  // namespace latent::plot
