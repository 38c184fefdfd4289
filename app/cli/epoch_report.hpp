// What `latentlab train` prints and writes per epoch for each model kind:
// the console table, the CSV and the closing summary, as one table row per
// kind. epoch_report() is the one place here that looks at the kind.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/train/kinds/model_kind.hpp"
#include "core/train/metric_series.hpp"

namespace latent {

struct EpochRow {
  int epoch;
  int64_t step;
  MetricPoint train, test;  // train: the epoch's running mean
  double seconds;
};

struct EpochReport {
  const char* header;      // the console table's titles
  const char* row_format;  // printf: epoch (%d), step (%lld), six figures, samples/s
  std::array<double, 6> (*row)(const EpochRow& row);
  const char* csv_header;
  std::vector<double> (*csv_row)(const EpochRow& row);  // the columns between step and seconds
  const char* summary_format;                           // printf: up to four figures of the last test point
  std::array<double, 4> (*summary)(const MetricPoint& test);

  void print_header() const;
  void print_row(const EpochRow& row, double samples_per_second) const;
  std::string csv(const std::vector<EpochRow>& rows) const;
  std::string summary_text(const MetricPoint& test) const;  // "final test ELBO -2.745 nats (...)"
};

const EpochReport& epoch_report(ModelKind kind);

}  // namespace latent
