// Drawing the VQ-VAE's plane of codes: z_e from the snapshot's codes, the
// entries from its parameters, their decodings from the worker.
#include "gui/panels/vq/vq_codebook_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/conditional/conditional_style.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

const char* VqCodebookPanel::explanation() {
  return "The encoder maps each example to a point z_e (dots, coloured by class). The model keeps a codebook of K "
         "entries (numbered discs); every z_e snaps to its nearest entry, so the plane splits into cells, one per "
         "entry, and the decoder only ever sees the K entries: the picture beside each is its decoding. The "
         "gradient cannot pass the snap, so the decoder's gradient at the entry is copied to z_e (straight-through); "
         "the codebook loss pulls entries toward the z_e that chose them and the commitment loss keeps z_e near "
         "its entry. An entry no example chooses is dead: it no longer moves.";
}

void VqCodebookPanel::refresh(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (schedule_.due(s, 0)) {
    DecodeWorker::Job job;
    job.vq = s.vq;
    job.params = s.params;
    job.z = s.vq->codebook(s.params->data());
    job.step = s.step;
    ctx.worker.submit(DecodeWorker::VqEntries, std::move(job));
  }
  if (auto result = ctx.worker.take(DecodeWorker::VqEntries)) {
    if (s.data && result->mean.rows() == s.data->train.dim) {
      decoded_ = std::move(result->mean);
      if (s.data->train.is_image())
        tiles_.upload(decoded_, s.data->train.width, s.data->train.height, int(decoded_.cols()),
                      s.data->train.channels);
    }
  }
}

void VqCodebookPanel::draw_cells(const plot::Frame& frame, const Matrix& entries, double x0, double x1, double y0,
                                 double y1) {
  constexpr int kGrid = 160;  // borders to a 160th of the view: finer than a student sees
  const double view[4] = {x0, x1, y0, y1};
  if (!std::equal(view, view + 4, cells_.view) || cells_.entries.rows() != entries.rows() ||
      cells_.entries.cols() != entries.cols() || cells_.entries != entries) {
    cells_.borders = plot::cell_borders(entries, x0, x1, y0, y1, kGrid);
    cells_.entries = entries;
    std::copy(view, view + 4, cells_.view);
  }
  const ImU32 color = plot::with_alpha(plot::colors().axis_text, 0.45f);
  const float thick = std::max(1.0f, ui_px(1.2f));
  for (const plot::BorderSegment& b : cells_.borders)
    frame.draw_list()->AddLine(frame.to_px(b.x0, b.y0), frame.to_px(b.x1, b.y1), color, thick);
}

void VqCodebookPanel::draw(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (!s.vq || !s.params || !s.data) {
    ImGui::TextDisabled("waiting for the model ...");
    return;
  }
  if (s.vq->config().code_dim < 2) {
    ImGui::TextDisabled("The codes are 1-D: the plane needs --latent 2 or more (the first two are drawn).");
    return;
  }
  refresh(ctx);
  const Matrix entries = s.vq->codebook(s.params->data());  // (code_dim, K)
  const bool images = s.data->train.is_image();
  if (images) ImGui::Checkbox("decodings at the entries", &show_images_);
  // The view spans the held-out z_e and every entry, padded.
  double lo[2] = {entries.row(0).minCoeff(), entries.row(1).minCoeff()};
  double hi[2] = {entries.row(0).maxCoeff(), entries.row(1).maxCoeff()};
  const bool have_codes = s.codes && s.codes->mu.rows() == s.vq->config().code_dim;
  if (have_codes)
    for (int d = 0; d < 2; ++d) {
      lo[d] = std::min(lo[d], double(s.codes->mu.row(d).minCoeff()));
      hi[d] = std::max(hi[d], double(s.codes->mu.row(d).maxCoeff()));
    }
  for (int d = 0; d < 2; ++d) {
    const double pad = 0.08 * std::max(hi[d] - lo[d], 1e-3);
    lo[d] -= pad;
    hi[d] += pad;
  }
  plot::FrameOptions options;
  options.equal_aspect = true;
  options.y_label = true;
  plot::Frame frame("vq_plane", ImVec2(0, -ImGui::GetTextLineHeightWithSpacing()),
                    plot::Axis{latent_axis_name(0), lo[0], hi[0]}, plot::Axis{latent_axis_name(1), lo[1], hi[1]}, options);
  draw_cells(frame, entries, lo[0], hi[0], lo[1], hi[1]);
  const int K = int(entries.cols());
  std::vector<int> counts(size_t(K), 0);
  if (have_codes) {
    const auto& idx = s.codes->test_indices;
    std::vector<std::vector<float>> xs(size_t(std::max(1, s.data->test.class_count()))), ys(xs.size());
    for (size_t i = 0; i < idx.size(); ++i) {
      const size_t label = std::min<size_t>(s.data->test.labels[size_t(idx[i])], xs.size() - 1);
      xs[label].push_back(s.codes->mu(0, Eigen::Index(i)));
      ys[label].push_back(s.codes->mu(1, Eigen::Index(i)));
      ++counts[size_t(plot::nearest_entry(entries, xs[label].back(), ys[label].back()))];
    }
    for (size_t c = 0; c < xs.size(); ++c)
      frame.markers(xs[c].data(), ys[c].data(), int(xs[c].size()), plot::category_color(int(c), 0.55f), ui_px(2.0f));
  }
  // Entries on top: a decoded picture (images) or a disc, numbered; a dead one greyed.
  const float tile = ui_px(34.0f);
  const plot::Colors& colors = plot::colors();
  for (int k = 0; k < K; ++k) {
    const ImVec2 at = frame.to_px(entries(0, k), entries(1, k));
    const bool dead = have_codes && counts[size_t(k)] == 0;
    const ImU32 ring = dead ? plot::with_alpha(colors.axis_text, 0.4f) : colors.accent;
    if (images && show_images_ && tiles_.count() == K) {
      const ImVec2 p0(at.x - tile * 0.5f, at.y - tile * 0.5f), p1(at.x + tile * 0.5f, at.y + tile * 0.5f);
      tiles_.draw(frame.draw_list(), k, p0, p1, dead ? IM_COL32(255, 255, 255, 90) : IM_COL32_WHITE);
      frame.draw_list()->AddRect(p0, p1, ring, 0.0f, 0, ui_px(1.5f));
    } else {
      frame.draw_list()->AddCircleFilled(at, ui_px(5.0f), ring);
    }
    char label[16];
    std::snprintf(label, sizeof label, "%d", k);
    frame.draw_list()->AddText({at.x + tile * 0.5f + ui_px(2.0f), at.y - tile * 0.5f}, ring, label);
  }
  int dead = 0;
  for (int c : counts) dead += c == 0;
  ImGui::TextDisabled("%d entries, %d unused by these %zu held-out examples; lines: the cells' borders", K, dead,
                      have_codes ? s.codes->test_indices.size() : size_t(0));
}

}  // namespace latent
