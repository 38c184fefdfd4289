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
  std::shared_ptr<const FloatBuffer> reconstructed_params_;
  const DataSplit* shown_data_ = nullptr;
  Matrix reconstruction_mean_;
  DecodeSchedule reconstruction_schedule_;
  uint64_t reconstruction_generation_ = 0;
};

}  // namespace latent
