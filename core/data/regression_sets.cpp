// The generated regression toys and the CSV reader. Every CSV error is one
// line: "<file>:<line>: what is wrong; how to fix it".
#include "core/data/regression_sets.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string_view>
#include <system_error>

#include "core/io/printable_text.hpp"
#include "core/math/rng.hpp"

namespace latent {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr const char* kCsvPrefix = "csv:";

struct Sample {
  double input, target;
};

// PRML section 5.6: x ~ U(0, 1), t = x + 0.3 sin(2 pi x) + U(-0.1, 0.1).
// Single-valued in x; its inverse (t -> x) has up to three branches for t
// near 0.5, which is what least squares cannot represent.
Sample bishop_sample(Rng& rng) {
  const double x = rng.uniform();
  return {x, x + 0.3 * std::sin(2.0 * kPi * x) + rng.uniform(-0.1, 0.1)};
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

// ---- CSV

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  if (line.find(',') != std::string_view::npos) {
    size_t start = 0;
    for (;;) {
      const size_t comma = line.find(',', start);
      fields.push_back(trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                                : comma - start)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  } else {
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      const size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
      if (i > start) fields.push_back(line.substr(start, i - start));
    }
  }
  return fields;
}

enum class Parse { Ok, NotANumber, NotFinite };

// from_chars, unlike strtod, ignores the locale: "1.5" is 1.5 everywhere.
Parse parse_number(std::string_view field, float& value) {
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  if (field.empty()) return Parse::NotANumber;
  double v = 0.0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (end != field.data() + field.size()) return Parse::NotANumber;
  if (ec == std::errc::result_out_of_range) return Parse::NotFinite;
  if (ec != std::errc()) return Parse::NotANumber;
  value = float(v);
  return std::isfinite(value) ? Parse::Ok : Parse::NotFinite;  // also catches 1e39, finite only in double
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

namespace {
// points: (x, y) pairs. See kMinCsvMagnitude for why.
void check_csv_scale(const std::string& path, const std::vector<float>& points) {
  for (int c = 0; c < 2; ++c) {
    double largest = 0.0;
    for (size_t i = size_t(c); i < points.size(); i += 2) largest = std::max(largest, double(std::fabs(points[i])));
    const std::string column = c == 0 ? "column 1 (x)" : "column 2 (y)";
    char text[160];
    if (largest > 0.0 && (largest < kMinCsvMagnitude || largest > kMaxCsvMagnitude)) {
      std::snprintf(text, sizeof text, "%s is at most %.3g in size, too %s to train on in 32-bit floats; multiply it by %.0e",
                    column.c_str(), largest, largest < 1.0 ? "small" : "large",
                    std::pow(10.0, -std::round(std::log10(largest))));
      throw DataError(path + ": " + text + " (or rescale it to values near 1) and load it again");
    }
  }
  bool y_varies = false;
  for (size_t i = 3; i < points.size() && !y_varies; i += 2) y_varies = points[i] != points[1];
  if (!y_varies)
    throw DataError(path + ": column 2 (y) has the same value in every row, so there is no p(y|x) to learn; "
                           "give rows whose y varies");
}
}  // namespace

RegressionData load_regression_csv(const std::string& path, uint64_t seed, double test_fraction) {
  std::ifstream in(path);
  if (!in) {
    const int err = errno;
    throw DataError(path + ": cannot open (" + std::strerror(err) +
                    "); check the path and that the file is readable");
  }
  std::vector<float> points;
  std::string line;
  int line_number = 0;
  bool first_content_line = true;
  while (std::getline(in, line)) {
    ++line_number;
    // Spreadsheets often start a UTF-8 file with a byte-order mark.
    if (line_number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    const std::string_view content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    const std::vector<std::string_view> fields = split_fields(content);
    float values[2] = {0.0f, 0.0f};
    Parse results[2] = {Parse::NotANumber, Parse::NotANumber};
    for (size_t c = 0; c < fields.size() && c < 2; ++c) results[c] = parse_number(fields[c], values[c]);

    // A first line in which nothing is a number is a header such as "x,y".
    const bool is_header = first_content_line &&
                           std::none_of(fields.begin(), fields.end(), [](std::string_view f) {
                             float ignored;
                             return parse_number(f, ignored) != Parse::NotANumber;
                           });
    first_content_line = false;
    const std::string where = path + ":" + std::to_string(line_number) + ": ";
    if (fields.size() != 2)
      throw DataError(where + "expected 2 columns (x,y), found " + std::to_string(fields.size()) +
                      "; write each row as two numbers separated by a comma, e.g. 0.5,1.25");
    if (is_header) continue;
    for (int c = 0; c < 2; ++c) {
      const std::string field = printable_excerpt(fields[size_t(c)]);
      if (results[c] == Parse::NotANumber)
        throw DataError(where + "column " + std::to_string(c + 1) + " ('" + field +
                        "') is not a number; use plain numbers such as -1.5 or 2e-3 (only the first line may "
                        "be a header)");
      if (results[c] == Parse::NotFinite)
        throw DataError(where + "column " + std::to_string(c + 1) + " ('" + field +
                        "') is not a finite number; remove the row or replace the value");
    }
    points.push_back(values[0]);
    points.push_back(values[1]);
  }
  if (in.bad()) throw DataError(path + ": read error after line " + std::to_string(line_number) +
                                "; check the disk or copy the file elsewhere");
  const size_t rows = points.size() / 2;
  if (rows < size_t(kMinCsvRows))
    throw DataError(path + ": only " + std::to_string(rows) + " data rows, need at least " +
                    std::to_string(kMinCsvRows) + "; add more (x,y) rows");

  check_csv_scale(path, points);
  Dataset all = empty_points(path, rows);
  all.points = std::move(points);
  RegressionData data;
  data.split = hold_out(all, seed, test_fraction);
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
