// The --stats record of plot heights: the last frame's smallest per window and
// overall, windows that stopped drawing left out, and the smallest since settling.
#include <doctest/doctest.h>

#include "live/stats/plot_heights.hpp"

using latent::PlotHeights;

TEST_CASE("plot heights: the last frame's smallest plot per window and overall") {
  PlotHeights record;
  CHECK(record.to_json().empty());  // no plots drawn: nothing to report
  record.add(0, false, "Training curves", {90.0f, 90.0f, 160.0f});  // before the layout settled
  record.add(7, true, "Training curves", {320.0f, 410.0f});
  record.add(7, true, "Latent space", {512.0f});
  record.add(7, true, "Controls", {});
  record.add(8, true, "Training curves", {301.5f});
  record.add(8, true, "Latent space", {498.0f});
  record.add(8, true, "Gradient lab", {350.0f, 302.0f});
  const nlohmann::json j = record.to_json();
  CHECK(j["frame"] == 8);
  CHECK(j["min_px"] == 301.5f);
  CHECK(j["plots"] == 4);
  CHECK(j["windows"]["Training curves"]["min_px"] == 301.5f);
  CHECK(j["windows"]["Training curves"]["plots"] == 1);
  CHECK(j["windows"]["Gradient lab"]["min_px"] == 302.0f);
  CHECK(j["windows"]["Gradient lab"]["plots"] == 2);
  CHECK(j["windows"]["Latent space"]["min_px"] == 498.0f);
  CHECK_FALSE(j["windows"].contains("Controls"));  // it drew no plots
  CHECK(j["min_px_settled"] == 301.5f);  // frame 0's 90 px came before the layout settled
}

TEST_CASE("plot heights: a window that no longer draws is not on the last screen") {
  PlotHeights record;
  record.add(3, true, "Training curves", {120.0f});
  record.add(4, true, "Gradient lab", {330.0f});  // the curves panel went (focus, another lesson step)
  const nlohmann::json j = record.to_json();
  CHECK(j["min_px"] == 330.0f);
  CHECK_FALSE(j["windows"].contains("Training curves"));
  CHECK(j["min_px_settled"] == 120.0f);  // but it was on screen once
}
