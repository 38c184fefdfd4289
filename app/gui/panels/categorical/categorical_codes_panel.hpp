// The categorical VAE's latent view: every code of the first two groups
// (a K×K table, or a row of K for one group), each decoded, shaded by the
// share of the held-out examples' q(z|x) mass it holds. Images show the
// decoded picture per cell; 2-D points show each code's decoded point over
// the data, its disc's area proportional to that share.
#pragma once
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/image_tiles.hpp"
#include "live/workers/decode_worker.hpp"

namespace latent {

class CategoricalCodesPanel {
 public:
  void draw(PanelContext& ctx);
  // The student-facing explanation, also used by the README.
  static const char* explanation();

 private:
  // The cells' codes to the worker when the parameters changed; picks up its result.
  void refresh(PanelContext& ctx);
  void draw_images(PanelContext& ctx);
  void draw_points(PanelContext& ctx);
  // Hovered cell r (group 1's category) and c (group 2's): its numbers.
  void cell_tooltip(int r, int c) const;

  DecodeSchedule schedule_;
  ImageTiles tiles_;
  Matrix decoded_;             // (Din, rows*cols): the cells' decoded means, row after row
  Eigen::MatrixXd mass_;       // (rows, cols): mean over the held-out examples of q(z1 = r, z2 = c | x)
  std::vector<int> fixed_;     // groups 3..D: held at their most likely category (over the held-out mass)
  int rows_ = 0, cols_ = 0;    // K×K, or 1×K for one group
  int64_t decoded_step_ = -1;
};

}  // namespace latent
