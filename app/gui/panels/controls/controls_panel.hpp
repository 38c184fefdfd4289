// The Controls panel: play/pause/step/reset, throughput, the data set, the
// architecture (a change rebuilds the model and says so) and the training
// settings that apply live (learning rate, beta, batch size, MC samples).
// The model kind (VAE, or the conditional-density models) picks which data
// sets and which architecture fields it offers.
#pragma once
#include <string>

#include "options/run_options.hpp"
#include "gui/panels/shared/panel_context.hpp"

namespace latent {

class ControlsPanel {
 public:
  ControlsPanel(const RunOptions& initial, bool start_paused);
  void draw(PanelContext& ctx);

  // The shortcuts (space, S, R) do what the buttons do.
  void toggle_pause(PanelContext& ctx);
  void single_step(PanelContext& ctx);
  void reset(PanelContext& ctx);
  // A VAE, the conditional-density models or a mixture of Gaussians, each with its default data set
  // (restarts training).
  void set_kind(PanelContext& ctx, ModelKind kind);
  // Restarts the current kind of model on a file of points ("csv:<path>", its
  // label column), from the point models' default architecture and pace.
  void train_on_points(PanelContext& ctx, const std::string& dataset, const std::string& label_column);

 private:
  // The default pace of the model the fields describe (see default_pace), sent to the trainer.
  void reset_pace(PanelContext& ctx);
  void draw_run(PanelContext& ctx);
  void draw_kind(PanelContext& ctx);
  void draw_data(PanelContext& ctx);
  void draw_model(PanelContext& ctx);
  void draw_training(PanelContext& ctx);
  void draw_gradient_settings(PanelContext& ctx, bool mixture);  // learning rate, β, batch, samples
  void draw_pace(PanelContext& ctx);
  void draw_shortcuts();
  ModelSettings edited_model() const;  // the model the fields describe
  void rebuild(PanelContext& ctx);

  // The fields as edited; the model changes only on Rebuild.
  ModelKind kind_ = ModelKind::Vae;
  bool conditional() const { return kind_ == ModelKind::Conditional; }  // MDN + regressor + conditional VAE of p(y|x)
  int components_ = 0;        // MDN or mixture components K; 0: the default
  MixtureFit mixture_fit_ = MixtureFit::Em;
  std::string dataset_;
  std::string label_column_;  // csv: data sets only
  bool color_ = false;        // images:<dir> read in colour
  bool conditional_prior_ = false;  // the conditional VAE's prior: p(z|x) rather than N(0, I)
  int latent_dim_ = 2;
  int groups_ = 2, categories_ = 10;  // categorical VAE: D and K
  int codebook_ = 16;                 // VQ-VAE: K entries
  uint64_t seed_ = 1;
  char encoder_[64] = {0}, decoder_[64] = {0};  // empty: the data set's default
  int activation_ = 0, likelihood_ = 0;         // 0: default, then the enum + 1
  std::string model_error_;
  // Live settings, sent as they change.
  TrainSettings training_;
  bool paused_wish_ = false;
};

}  // namespace latent
