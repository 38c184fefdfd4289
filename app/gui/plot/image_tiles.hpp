// Images (decoded means or data; grey, or RGB interleaved per pixel) packed
// into one texture as a grid of tiles, so a 15x15 manifold is one upload and
// one texture.
#pragma once
#include <vector>

#include <imgui.h>

#include "core/nn/tensor.hpp"
#include "gui/gl/gl_objects.hpp"

namespace latent {

class ImageTiles {
 public:
  // images: (width*height*channels, B), values in [0,1] (clamped: a Gaussian
  // decoder's means can overshoot); channels 1 (grey) or 3 (RGB). Tile b goes
  // to column b % columns, row b / columns.
  void upload(const Matrix& images, int width, int height, int columns, int channels = 1);
  // One image of bytes, e.g. a data set example.
  void upload(const uint8_t* image, int width, int height, int channels = 1);

  bool empty() const { return count_ == 0; }
  int count() const { return count_; }
  int tile_width() const { return width_; }
  int tile_height() const { return height_; }
  // Draws tile i into the screen rectangle [p0, p1].
  void draw(ImDrawList* draw, int i, ImVec2 p0, ImVec2 p1, ImU32 tint = IM_COL32_WHITE) const;
  // The whole atlas into [p0, p1] (for grids laid out exactly as uploaded).
  void draw_all(ImDrawList* draw, ImVec2 p0, ImVec2 p1) const;
  int columns() const { return columns_; }
  int rows() const { return rows_; }
  // An ImGui::Image of tile i at `size` pixels.
  void image(int i, ImVec2 size) const;

 private:
  void uv(int i, ImVec2& uv0, ImVec2& uv1) const;
  gl::Texture texture_;
  std::vector<uint8_t> bytes_;
  int width_ = 0, height_ = 0, columns_ = 1, rows_ = 1, count_ = 0;
};

}  // namespace latent
