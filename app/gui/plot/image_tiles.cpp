// Packing decoded images into a texture atlas and drawing single tiles of it.
#include "gui/plot/image_tiles.hpp"

#include <algorithm>
#include <cmath>

namespace latent {

void ImageTiles::upload(const Matrix& images, int width, int height, int columns) {
  const int count = int(images.cols());
  if (count == 0 || images.rows() != Eigen::Index(width) * height) {
    count_ = 0;
    return;
  }
  width_ = width;
  height_ = height;
  columns_ = std::max(1, std::min(columns, count));
  rows_ = (count + columns_ - 1) / columns_;
  count_ = count;
  const int atlas_w = width * columns_, atlas_h = height * rows_;
  bytes_.assign(size_t(atlas_w) * size_t(atlas_h), 0);
  for (int b = 0; b < count; ++b) {
    const int ox = (b % columns_) * width, oy = (b / columns_) * height;
    const float* src = images.col(b).data();
    for (int y = 0; y < height; ++y) {
      uint8_t* dst = bytes_.data() + size_t(oy + y) * size_t(atlas_w) + size_t(ox);
      // Branch-free so it vectorizes: a 15x15 manifold is 176,400 pixels on
      // the UI thread in the frame its decode arrives. NaN fails both
      // comparisons and ends up 0, like -inf; +inf ends up 255.
      for (int x = 0; x < width; ++x) {
        const float v = src[y * width + x];
        const float c = v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;
        dst[x] = uint8_t(c * 255.0f + 0.5f);
      }
    }
  }
  texture_.ensure(atlas_w, atlas_h, gl::Texture::Format::Grey8);
  texture_.upload(bytes_.data());
}

void ImageTiles::upload(const uint8_t* image, int width, int height) {
  width_ = width;
  height_ = height;
  columns_ = rows_ = count_ = 1;
  texture_.ensure(width, height, gl::Texture::Format::Grey8);
  texture_.upload(image);
}

void ImageTiles::uv(int i, ImVec2& uv0, ImVec2& uv1) const {
  const float cw = 1.0f / float(columns_), ch = 1.0f / float(rows_);
  const int cx = i % columns_, cy = i / columns_;
  uv0 = ImVec2(cx * cw, cy * ch);
  uv1 = ImVec2((cx + 1) * cw, (cy + 1) * ch);
}

void ImageTiles::draw(ImDrawList* draw, int i, ImVec2 p0, ImVec2 p1, ImU32 tint) const {
  if (i < 0 || i >= count_) return;
  ImVec2 uv0, uv1;
  uv(i, uv0, uv1);
  draw->AddImage(texture_.imgui_id(), p0, p1, uv0, uv1, tint);
}

void ImageTiles::draw_all(ImDrawList* draw, ImVec2 p0, ImVec2 p1) const {
  if (count_ > 0) draw->AddImage(texture_.imgui_id(), p0, p1);
}

void ImageTiles::image(int i, ImVec2 size) const {
  if (i < 0 || i >= count_) {
    ImGui::Dummy(size);
    return;
  }
  ImVec2 uv0, uv1;
  uv(i, uv0, uv1);
  ImGui::Image(texture_.imgui_id(), size, uv0, uv1);
}

}  // namespace latent
