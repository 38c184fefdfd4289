// The VQ-VAE's latent view: the encoder's outputs z_e of held-out examples
// (coloured by class), the codebook entries and the cells of the plane that
// snap to each (Voronoi cells), and each entry's decoding drawn at it.
#pragma once
#include <vector>

#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/image_tiles.hpp"
#include "gui/plot/plot.hpp"
#include "live/series/cell_borders.hpp"
#include "live/workers/decode_worker.hpp"

namespace latent {

class VqCodebookPanel {
 public:
  void draw(PanelContext& ctx);
  // The student-facing explanation, also used by the README.
  static const char* explanation();

 private:
  // The entries to the worker when the parameters changed; picks up its result.
  void refresh(PanelContext& ctx);
  // The cells' borders over the view [x0, x1] x [y0, y1]: found again only
  // when the entries or the view change (0.85 ms a frame at 1280x800 when it
  // was every frame), drawn every frame.
  void draw_cells(const plot::Frame& frame, const Matrix& entries, double x0, double x1, double y0, double y1);

  struct CellCache {
    Matrix entries;  // (code_dim, K) they were found for
    double view[4] = {};
    std::vector<plot::BorderSegment> borders;
  };
  CellCache cells_;
  DecodeSchedule schedule_;
  ImageTiles tiles_;
  Matrix decoded_;  // (Din, K): each entry decoded
  bool show_images_ = true;
};

}  // namespace latent
