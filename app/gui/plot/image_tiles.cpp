// Packing decoded images into a texture atlas and drawing single tiles of it.
#include "gui/plot/image_tiles.hpp"

#include <algorithm>
#include <cmath>

namespace latent {

namespace {
// A value in [0, 1] as a byte. Branch-free so it vectorizes: a 15x15 manifold
// is 176,400 pixels on the UI thread in the frame its decode arrives. NaN
// fails both comparisons and ends up 0, like -inf; +inf ends up 255.
inline uint8_t to_byte(float v) { return uint8_t((v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f) * 255.0f + 0.5f); }
}  // namespace

void ImageTiles::upload(const Matrix& images, int width, int height, int columns, int channels) {
  const int count = int(images.cols());
  if (count == 0 || (channels != 1 && channels != 3) || images.rows() != Eigen::Index(width) * height * channels) {
    count_ = 0;
    return;
  }
  width_ = width;
  height_ = height;
  columns_ = std::max(1, std::min(columns, count));
  rows_ = (count + columns_ - 1) / columns_;
  count_ = count;
  const int atlas_w = width * columns_, atlas_h = height * rows_;
  // Grey: one byte a pixel (the texture repeats it as R, G and B); colour: RGBA.
  const size_t texel = channels == 1 ? 1 : 4;
  bytes_.assign(size_t(atlas_w) * size_t(atlas_h) * texel, 255);
  for (int b = 0; b < count; ++b) {
    const int ox = (b % columns_) * width, oy = (b / columns_) * height;
    const float* src = images.col(b).data();
    for (int y = 0; y < height; ++y) {
      uint8_t* dst = bytes_.data() + (size_t(oy + y) * size_t(atlas_w) + size_t(ox)) * texel;
      if (channels == 1) {
        for (int x = 0; x < width; ++x) dst[x] = to_byte(src[y * width + x]);
      } else {
        for (int x = 0; x < width; ++x)
          for (int c = 0; c < 3; ++c) dst[4 * x + c] = to_byte(src[(y * width + x) * 3 + c]);
      }
    }
  }
  texture_.ensure(atlas_w, atlas_h, channels == 1 ? gl::Texture::Format::Grey8 : gl::Texture::Format::Rgba8);
  texture_.upload(bytes_.data());
}

void ImageTiles::upload(const uint8_t* image, int width, int height, int channels) {
  width_ = width;
  height_ = height;
  columns_ = rows_ = count_ = 1;
  if (channels == 3) {
    bytes_.assign(size_t(width) * height * 4, 255);
    for (size_t i = 0; i < size_t(width) * height; ++i) std::copy_n(image + 3 * i, 3, bytes_.data() + 4 * i);
    image = bytes_.data();
  }
  texture_.ensure(width, height, channels == 3 ? gl::Texture::Format::Rgba8 : gl::Texture::Format::Grey8);
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
