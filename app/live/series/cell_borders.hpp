// Where the plane's cells of nearest codebook entries meet (the VQ-VAE's
// Voronoi cells), found on a grid over a view: GL-free, so the panel can
// keep the result until the entries or the view change.
#pragma once
#include <vector>

#include "core/nn/tensor.hpp"

namespace latent::plot {

// The index of the entry nearest (x, y), by the first two rows of entries (dim, K).
int nearest_entry(const Matrix& entries, double x, double y);

// One border piece in data coordinates: a grid cell's side.
struct BorderSegment {
  float x0, y0, x1, y1;
};

// The view [x0, x1] x [y0, y1] cut into grid x grid cells, each given the
// entry nearest its centre (the first two rows of entries (dim, K) are the
// plane); a side between two cells of different entries is a border.
std::vector<BorderSegment> cell_borders(const Matrix& entries, double x0, double x1, double y0, double y1, int grid);

}  // namespace latent::plot
