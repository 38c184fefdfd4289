// The Inspector: what each pin decodes to (updated in the frame the pin
// moves), and the selected held-out example: its input, its reconstruction
// (the decoder mean at mu(x)) and its q(z|x).
#pragma once
#include <memory>
#include <vector>

#include "live/workers/decode_worker.hpp"
#include "gui/plot/image_tiles.hpp"
#include "gui/panels/shared/panel_context.hpp"

namespace latent {

class InspectorPanel {
 public:
  void draw(PanelContext& ctx);

 private:
  void draw_pins(PanelContext& ctx);
  void draw_selected(PanelContext& ctx);

  std::vector<ImageTiles> pin_images_;
  std::vector<int64_t> pin_uploaded_frame_;
  ImageTiles input_, reconstruction_;
  int shown_index_ = -1;
  const DataSplit* shown_data_ = nullptr;
  // The selected example's q(z|x) and reconstruction are both of `shown_codes_`
  // (its parameters and step); newer codes replace them once decoded.
  std::shared_ptr<const LatentCodes> shown_codes_, submitted_codes_;
  Matrix reconstruction_mean_;
  uint64_t reconstruction_generation_ = 0;
  Vae::Workspace workspace_;  // this (the UI) thread's decode after a click
};

}  // namespace latent
