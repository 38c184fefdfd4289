// Marker sprites: a disc and two rings painted into the font atlas by the
// Context, and drawn as one textured quad each.
#include <cmath>

#include "gui/plot/plot_internal.hpp"

namespace latent::plot {

namespace {

constexpr int kSpriteSize = 64;

// Coverage of pixel (x, y) by the shape, by 4x4 supersampling: smooth edges at any drawn size.
float coverage(Sprite s, int x, int y) {
  const float c = kSpriteSize * 0.5f;
  int inside = 0;
  for (int sy = 0; sy < 4; ++sy)
    for (int sx = 0; sx < 4; ++sx) {
      const float px = x + (sx + 0.5f) / 4 - c, py = y + (sy + 0.5f) / 4 - c;
      const float r = std::sqrt(px * px + py * py) / (c - 1.0f);  // 1 at the edge, leaving a pixel for filtering
      const bool in = s == Sprite::Disc ? r <= 1.0f : s == Sprite::Ring ? (r <= 1.0f && r >= 0.62f) : (r <= 1.0f && r >= 0.93f);
      inside += in;
    }
  return inside / 16.0f;
}

}  // namespace

void Context::reserve_sprites(ImFontAtlas& atlas) {
  for (int i = 0; i < int(Sprite::kCount); ++i)
    state_->sprite_rects[i] = atlas.AddCustomRectRegular(kSpriteSize, kSpriteSize);
  state_->sprites_ready = false;
}

void Context::paint_sprites(ImFontAtlas& atlas) {
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  atlas.GetTexDataAsRGBA32(&pixels, &width, &height);  // converts once; the backend uploads this same buffer
  if (!pixels) return;
  for (int i = 0; i < int(Sprite::kCount); ++i) {
    const int index = state_->sprite_rects[i];
    const ImFontAtlasCustomRect* rect = index >= 0 ? atlas.GetCustomRectByIndex(index) : nullptr;
    if (!rect || !rect->IsPacked()) return;
    for (int y = 0; y < kSpriteSize; ++y)
      for (int x = 0; x < kSpriteSize; ++x) {
        unsigned char* p = pixels + 4 * (size_t(rect->Y + y) * size_t(width) + size_t(rect->X + x));
        p[0] = p[1] = p[2] = 255;
        p[3] = (unsigned char)std::lround(coverage(Sprite(i), x, y) * 255.0f);
      }
    state_->sprite_uv[i][0] = ImVec2(float(rect->X) / width, float(rect->Y) / height);
    state_->sprite_uv[i][1] = ImVec2(float(rect->X + kSpriteSize) / width, float(rect->Y + kSpriteSize) / height);
  }
  state_->sprites_ready = true;
}

bool sprite_uv(Sprite s, ImVec2& uv0, ImVec2& uv1) {
  const Context::State& state = internal::state();
  if (!state.sprites_ready) return false;
  uv0 = state.sprite_uv[int(s)][0];
  uv1 = state.sprite_uv[int(s)][1];
  return true;
}

void sprite(ImDrawList* draw, Sprite s, ImVec2 c, float rx, float ry, ImU32 color) {
  ImVec2 uv0, uv1;
  if (!sprite_uv(s, uv0, uv1)) {
    if (s == Sprite::Disc)
      draw->AddCircleFilled(c, rx, color, 8);
    else
      draw->AddCircle(c, rx, color, 12, 1.0f);
    return;
  }
  draw->PrimReserve(6, 4);
  draw->PrimRectUV(ImVec2(c.x - rx, c.y - ry), ImVec2(c.x + rx, c.y + ry), uv0, uv1, color);
}

}  // namespace latent::plot
