// The generated regression toys and the CSV reader. Every CSV error is one
// line: "<file>:<line>: what is wrong; how to fix it".
#include "core/data/regression_sets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numbers>

#include "core/data/csv_table.hpp"
#include "core/data/points_csv.hpp"
#include "core/math/rng.hpp"

namespace latent {
namespace {

struct Sample {
  double input, target;
};

// PRML section 5.6: x ~ U(0, 1), t = x + 0.3 sin(2 pi x) + U(-0.1, 0.1).
// Single-valued in x; its inverse (t -> x) has up to three branches for t
// near 0.5, which is what least squares cannot represent.
Sample bishop_sample(Rng& rng) {
  const double x = rng.uniform();
  return {x, x + 0.3 * std::sin(2.0 * std::numbers::pi * x) + rng.uniform(-0.1, 0.1)};
}

// hardmaru's MDN tutorial: x ~ U(-10.5, 10.5), y = 7 sin(0.75 x) + 0.5 x + N(0, 1).
Sample sinusoid_sample(Rng& rng) {
  const double x = rng.uniform(-10.5, 10.5);
  return {x, 7.0 * std::sin(0.75 * x) + 0.5 * x + rng.normal()};
}

struct ProblemSpec {
  const char* name;
  const char* description;
  Sample (*draw)(Rng&);
  bool inverse;  // swap input and target
};

constexpr ProblemSpec kProblems[] = {
    {"bishop", "Bishop's PRML 5.6 curve t = x + 0.3 sin(2 pi x) + U(-0.1, 0.1), x in [0, 1]: single-valued.",
     bishop_sample, false},
    {"bishop-inverse",
     "Bishop's curve with x and t swapped: up to three x for one t; least squares averages them, "
     "a 3-component MDN fits it.",
     bishop_sample, true},
    {"sinusoid", "hardmaru's y = 7 sin(0.75 x) + 0.5 x + N(0, 1), x in [-10.5, 10.5]: single-valued.",
     sinusoid_sample, false},
    {"sinusoid-inverse",
     "hardmaru's sinusoid with x and y swapped: many x per y; MSE plateaus near 20.7, "
     "a 5-component MDN reaches about 1.3 nats.",
     sinusoid_sample, true},
};

const ProblemSpec* find_problem(const std::string& name) {
  for (const ProblemSpec& spec : kProblems)
    if (name == spec.name) return &spec;
  return nullptr;
}

Dataset empty_points(const std::string& name, size_t count) {
  Dataset set;
  set.name = name;
  set.kind = DataKind::Points;
  set.dim = 2;
  set.points.reserve(2 * count);
  set.labels.assign(count, 0);
  set.class_names = {"observation"};
  return set;
}

Dataset draw_problem(const ProblemSpec& spec, int count, Rng& rng) {
  Dataset set = empty_points(spec.name, size_t(count));
  for (int i = 0; i < count; ++i) {
    const Sample s = spec.draw(rng);
    set.points.push_back(float(spec.inverse ? s.target : s.input));
    set.points.push_back(float(spec.inverse ? s.input : s.target));
  }
  return set;
}

}  // namespace

std::vector<RegressionInfo> regression_catalog() {
  std::vector<RegressionInfo> infos;
  for (const ProblemSpec& spec : kProblems) infos.push_back({spec.name, spec.description});
  return infos;
}

bool is_regression_name(const std::string& name) {
  return find_problem(name) != nullptr || name.rfind(kCsvPrefix, 0) == 0;
}

RegressionData load_regression(const std::string& name, uint64_t seed, int train_count, int test_count) {
  RegressionData data;
  if (name.rfind(kCsvPrefix, 0) == 0) {
    const std::string path = name.substr(std::strlen(kCsvPrefix));
    if (path.empty()) throw DataError("csv: needs a file after the colon, e.g. csv:/home/me/points.csv");
    data = load_regression_csv(path, seed);
  } else if (const ProblemSpec* spec = find_problem(name)) {
    if (train_count < 1 || test_count < 1)
      throw DataError(name + ": train and test need at least one point each; pass positive counts");
    Rng rng(seed);
    data.split.train = draw_problem(*spec, train_count, rng);
    data.split.test = draw_problem(*spec, test_count, rng);
  } else {
    std::string known;
    for (const ProblemSpec& spec : kProblems) known += (known.empty() ? "" : ", ") + std::string(spec.name);
    throw DataError("unknown regression problem '" + name + "'; choose one of " + known +
                    ", or csv:<file> for your own two-column (x,y) data");
  }
  data.split.train.name = data.split.test.name = name;
  return data;
}

RegressionData load_regression_csv(const std::string& path, uint64_t seed, const std::string& label_column) {
  CsvRequest request;
  request.label_column = label_column;
  request.numeric_columns = 2;
  request.column_meaning = "(x,y)";
  CsvTable table = read_csv_table(path, request);
  table.names = {"x", "y"};  // errors say "column 2 (y)" whatever the header calls them
  check_csv_scale(path, table);
  const std::vector<float>& points = table.values;
  bool y_varies = false;
  for (size_t i = 3; i < points.size() && !y_varies; i += 2) y_varies = points[i] != points[1];
  if (!y_varies)
    throw DataError(path + ": column 2 (y) has the same value in every row, so there is no p(y|x) to learn; "
                           "give rows whose y varies");
  Dataset all = empty_points(path, table.rows());
  all.points = std::move(table.values);
  if (!label_column.empty()) assign_csv_classes(path, table, all);
  RegressionData data;
  data.split = hold_out(all, seed, 0.2);
  return data;
}

void split_inputs_targets(const Matrix& batch, const RegressionShape& shape, Matrix& x, Matrix& y) {
  // batch: (Din + Dout, B) -> x: (Din, B), y: (Dout, B)
  if (batch.rows() != shape.dim())
    throw std::invalid_argument("split_inputs_targets: the batch has " + std::to_string(batch.rows()) +
                                " rows, the problem has " + std::to_string(shape.dim()));
  x = batch.topRows(shape.input_dim);
  y = batch.bottomRows(shape.output_dim);
}

}  // namespace latent
