// Reading, labelling and standardizing a CSV file of points.
#include "core/data/points_csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "core/data/csv_table.hpp"
#include "core/io/printable_text.hpp"

namespace latent {
namespace {

bool parse_integer(const std::string& text, long long& value) {
  const char* begin = text.data() + (!text.empty() && text.front() == '+' ? 1 : 0);
  const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && begin != end;
}

}  // namespace

void assign_csv_classes(const std::string& path, const CsvTable& table, Dataset& set) {
  set.class_names.clear();
  set.labels.clear();
  if (table.labels.empty()) {
    set.class_names = {"point"};
    set.labels.assign(table.rows(), 0);
    return;
  }
  // Integer labels sort as numbers ("2" before "10"); any other text alphabetically.
  bool integers = true;
  long long n = 0;
  for (const std::string& label : table.labels) integers = integers && parse_integer(label, n);
  const auto integer_of = [&](const std::string& label) { return parse_integer(label, n) ? n : 0; };
  std::set<long long> numbers;
  std::set<std::string> texts;
  for (const std::string& label : table.labels) {
    if (integers) numbers.insert(integer_of(label));
    else texts.insert(label);
    if (numbers.size() + texts.size() > size_t(kMaxCsvClasses)) break;
  }
  for (long long v : numbers) set.class_names.push_back(std::to_string(v));
  for (const std::string& t : texts) set.class_names.push_back(t);
  if (set.class_names.size() > size_t(kMaxCsvClasses))
    throw DataError(path + ": the label column '" + printable_excerpt(table.label_name) + "' holds more than " +
                    std::to_string(kMaxCsvClasses) + " different values; a label names a class, so pick the column "
                    "of class names (or leave the label column out)");
  std::map<std::string, uint8_t> index;  // class name -> class; "+3", "03" and "3" are one class
  for (size_t k = 0; k < set.class_names.size(); ++k) index.emplace(set.class_names[k], uint8_t(k));
  set.labels.reserve(table.rows());
  for (const std::string& label : table.labels)
    set.labels.push_back(index.at(integers ? std::to_string(integer_of(label)) : label));
}

namespace {

// Each column to mean 0 and standard deviation 1, recording how to undo it.
void standardize(const std::string& path, const CsvTable& table, Dataset& set) {
  const int d = table.columns();
  const size_t n = table.rows();
  set.points = table.values;
  set.unit_offset.resize(size_t(d));
  set.unit_scale.resize(size_t(d));
  for (int c = 0; c < d; ++c) {
    double sum = 0.0;
    for (size_t i = 0; i < n; ++i) sum += table.values[i * size_t(d) + size_t(c)];
    const double mean = sum / double(n);
    double squares = 0.0;
    for (size_t i = 0; i < n; ++i) {
      const double e = table.values[i * size_t(d) + size_t(c)] - mean;
      squares += e * e;
    }
    const double sd = std::sqrt(squares / double(n));
    if (!(sd > 1e-6 * std::max(1.0, std::fabs(mean))))
      throw DataError(path + ": " + table.describe(c) +
                      " has (nearly) the same value in every row, so it carries nothing to model; remove that column");
    for (size_t i = 0; i < n; ++i) {
      float& v = set.points[i * size_t(d) + size_t(c)];
      v = float((v - mean) / sd);
    }
    set.unit_offset[size_t(c)] = float(mean);
    set.unit_scale[size_t(c)] = float(sd);
  }
}

}  // namespace

DataSplit load_points_csv(const std::string& path, const std::string& label_column, uint64_t seed,
                          double test_fraction) {
  CsvRequest request;
  request.label_column = label_column;
  const CsvTable table = read_csv_table(path, request);
  check_csv_scale(path, table);
  Dataset all;
  all.name = path;
  all.kind = DataKind::Points;
  all.dim = table.columns();
  for (int c = 0; c < table.columns(); ++c) all.feature_names.push_back(table.names[size_t(c)]);
  assign_csv_classes(path, table, all);
  standardize(path, table, all);
  return hold_out(all, seed, test_fraction);
}

}  // namespace latent
