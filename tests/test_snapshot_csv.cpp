// The CSV exports for slides: the curves (one row per step, held-out values
// at the epochs that have them) and the held-out points' latent codes,
// checked column by column against a snapshot built here.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "live/export/snapshot_csv.hpp"

using namespace latent;

namespace {

// A small CSV reader: fields split at commas outside double quotes, "" inside them a quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  for (size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (quoted) {
      if (c == '"' && k + 1 < text.size() && text[k + 1] == '"') cell += text[++k];
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(cell);
      cell.clear();
    } else if (c == '\n') {
      row.push_back(cell);
      rows.push_back(row);
      row.clear();
      cell.clear();
    } else {
      cell += c;
    }
  }
  REQUIRE(row.empty());  // every row ends with a line break
  return rows;
}

MetricPoint point(int64_t step, float epoch, float a, float b, float c) {
  MetricPoint p;
  p.step = step;
  p.epoch = epoch;
  p.elbo = a;
  p.reconstruction = b;
  p.kl = c;
  p.mdn_log_lik = a + 100;
  p.regressor_mse = c / 10;
  return p;
}

// 10 training steps of 4 per epoch; held-out evaluations after steps 4 and 8,
// and one at step 12, which the training series (thinned, say) does not hold.
Snapshot curves_snapshot(bool conditional) {
  Snapshot s;
  s.model.kind = conditional ? ModelKind::Conditional : ModelKind::Vae;
  MetricRecorder train, test;
  for (int step = 1; step <= 10; ++step) {
    MetricPoint p = point(step, step / 4.0f, -100.0f + step, -90.0f + step * 0.5f, 10.0f - step * 0.25f);
    p.estimator = uint8_t(step > 6 ? EncoderGradient::ScoreFunction : EncoderGradient::Reparameterization);
    train.append(p);
  }
  for (int step : {4, 8, 12}) test.append(point(step, step / 4.0f, -50.0f - step, -45.0f, 5.0f + step));
  s.train_metrics = train.publish();
  s.test_metrics = test.publish();
  return s;
}

size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (size_t k = 0; k < header.size(); ++k)
    if (header[k] == name) return k;
  FAIL("no column " << name);
  return 0;
}

}  // namespace

TEST_CASE("curves csv: a VAE's columns, one row per training step, held-out values only at their steps") {
  const Snapshot s = curves_snapshot(false);
  const auto rows = parse_csv(curves_csv(s));
  const std::vector<std::string> header{"step",      "epoch",           "estimator",          "train_elbo",
                                        "train_reconstruction", "train_kl", "test_elbo", "test_reconstruction",
                                        "test_kl"};
  REQUIRE(rows.size() == 1 + 10 + 1);  // header, 10 training steps, the held-out point at step 12
  CHECK(rows[0] == header);
  for (size_t r = 1; r < rows.size(); ++r) CHECK(rows[r].size() == header.size());
  for (int step = 1; step <= 10; ++step) {
    const auto& row = rows[size_t(step)];
    CHECK(row[0] == std::to_string(step));
    CHECK(std::stof(row[column(header, "epoch")]) == step / 4.0f);
    CHECK(row[column(header, "estimator")] == (step > 6 ? "score-function" : "reparameterization"));
    CHECK(std::stof(row[column(header, "train_elbo")]) == -100.0f + step);
    CHECK(std::stof(row[column(header, "train_reconstruction")]) == -90.0f + step * 0.5f);
    CHECK(std::stof(row[column(header, "train_kl")]) == 10.0f - step * 0.25f);
    const bool held_out = step == 4 || step == 8;
    CHECK(row[column(header, "test_elbo")].empty() == !held_out);
    CHECK(row[column(header, "test_kl")].empty() == !held_out);
    if (held_out) {
      CHECK(std::stof(row[column(header, "test_elbo")]) == -50.0f - step);
      CHECK(std::stof(row[column(header, "test_reconstruction")]) == -45.0f);
      CHECK(std::stof(row[column(header, "test_kl")]) == 5.0f + step);
    }
  }
  // The held-out point without a training row: its own row, training cells empty.
  const auto& last = rows.back();
  CHECK(last[0] == "12");
  CHECK(std::stof(last[column(header, "epoch")]) == 3.0f);
  for (const char* name : {"estimator", "train_elbo", "train_reconstruction", "train_kl"})
    CHECK(last[column(header, name)].empty());
  CHECK(std::stof(last[column(header, "test_elbo")]) == -62.0f);
}

TEST_CASE("curves csv: a conditional run exports its own three series") {
  const Snapshot s = curves_snapshot(true);
  const auto rows = parse_csv(curves_csv(s));
  const std::vector<std::string> header{"step",
                                        "epoch",
                                        "train_mdn_log_lik",
                                        "train_cvae_elbo",
                                        "train_regressor_mse",
                                        "test_mdn_log_lik",
                                        "test_cvae_elbo",
                                        "test_regressor_mse"};
  REQUIRE(rows.size() == 12);
  CHECK(rows[0] == header);
  const auto& row = rows[8];  // step 8: training and held-out
  CHECK(row[0] == "8");
  CHECK(std::stof(row[column(header, "train_mdn_log_lik")]) == -92.0f + 100);
  CHECK(std::stof(row[column(header, "train_cvae_elbo")]) == -92.0f);
  CHECK(std::stof(row[column(header, "train_regressor_mse")]) == (10.0f - 8 * 0.25f) / 10);
  CHECK(std::stof(row[column(header, "test_mdn_log_lik")]) == -58.0f + 100);
  CHECK(std::stof(row[column(header, "test_regressor_mse")]) == 13.0f / 10);
  CHECK(rows[7][column(header, "test_cvae_elbo")].empty());
}

TEST_CASE("curves csv: nothing to export before the first step") {
  Snapshot s;
  CHECK_THROWS_AS(curves_csv(s), ExportError);
}

TEST_CASE("codes csv: index, label, class name, then mu and sigma per latent dimension, one row per code") {
  auto data = std::make_shared<DataSplit>();
  data->test.labels = {0, 1, 2, 1, 0};
  data->test.class_names = {"T-shirt/top", "Trouser", "Pullover, \"wool\""};
  Snapshot s;
  s.data = data;
  auto codes = std::make_shared<LatentCodes>();
  codes->test_indices = {1, 2, 4};
  const int L = 3;
  codes->mu.resize(L, 3);
  codes->log_var.resize(L, 3);
  for (int n = 0; n < 3; ++n)
    for (int d = 0; d < L; ++d) {
      codes->mu(d, n) = 0.5f * float(n) - float(d);
      codes->log_var(d, n) = -0.25f * float(d + n);
    }
  s.codes = codes;
  const auto rows = parse_csv(codes_csv(s));
  const std::vector<std::string> header{"index", "label", "class", "mu_1", "mu_2", "mu_3", "sigma_1", "sigma_2", "sigma_3"};
  REQUIRE(rows.size() == 1 + 3);
  CHECK(rows[0] == header);
  const std::vector<std::string> classes{"Trouser", "Pullover, \"wool\"", "T-shirt/top"};
  for (int n = 0; n < 3; ++n) {
    const auto& row = rows[size_t(n) + 1];
    REQUIRE(row.size() == header.size());
    CHECK(row[0] == std::to_string(codes->test_indices[size_t(n)]));
    CHECK(row[1] == std::to_string(data->test.labels[size_t(codes->test_indices[size_t(n)])]));
    CHECK(row[2] == classes[size_t(n)]);
    for (int d = 0; d < L; ++d) {
      CHECK(std::stof(row[3 + size_t(d)]) == codes->mu(d, n));
      // sigma from the variance: sqrt(exp(log_var)).
      CHECK(std::stod(row[3 + L + size_t(d)]) == doctest::Approx(std::sqrt(std::exp(double(codes->log_var(d, n))))).epsilon(1e-7));
    }
  }
}

TEST_CASE("codes csv: a conditional run, or a model still loading, has no codes to export") {
  Snapshot s;
  CHECK_THROWS_WITH_AS(codes_csv(s), doctest::Contains("still loading"), ExportError);
  s.model.kind = ModelKind::Conditional;
  CHECK_THROWS_WITH_AS(codes_csv(s), doctest::Contains("conditional run"), ExportError);
}
