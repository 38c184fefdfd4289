// The CSV reader: one pass over the lines, the column layout fixed by the
// first line (or by the request), every field checked where it is read.
#include "core/data/csv_table.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string_view>
#include <system_error>

#include "core/data/dataset.hpp"
#include "core/io/printable_text.hpp"

namespace latent {
namespace {

// More rows than this is not a teaching data set; refused before memory runs out.
constexpr size_t kMaxCsvRows = 10'000'000;

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

bool is_number(std::string_view field) {
  float ignored;
  return parse_number(field, ignored) != Parse::NotANumber;
}

// "3" -> 2 (0-based); -1 when `text` is not a plain positive number.
int column_number(const std::string& text) {
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && end == text.data() + text.size() && n >= 1 ? n - 1 : -1;
}

// The column layout, fixed by the first line read.
struct Layout {
  size_t fields = 0;  // per row, the label included
  int label = -1;     // 0-based position of the label column, -1 if none
  int first_line = 0;
};

// Settles `layout` and the table's names from the first content line.
void read_layout(const std::string& path, const std::string& where, const std::vector<std::string_view>& fields,
                 bool header, const CsvRequest& request, Layout& layout, CsvTable& table) {
  const bool labelled = !request.label_column.empty();
  layout.fields = request.numeric_columns > 0 ? size_t(request.numeric_columns) + (labelled ? 1 : 0) : fields.size();
  if (labelled) {
    layout.label = column_number(request.label_column);
    if (layout.label < 0) {
      if (!header)
        throw DataError(where + "the label column '" + printable_excerpt(request.label_column) +
                        "' is a name but the file has no header line; give the column's number instead "
                        "(1 to " + std::to_string(fields.size()) + ") or add a header line");
      std::string known;
      for (size_t c = 0; c < fields.size(); ++c) {
        if (fields[c] == request.label_column) layout.label = int(c);
        known += (known.empty() ? "" : ", ") + printable_excerpt(fields[c]);
      }
      if (layout.label < 0)
        throw DataError(path + ": no column is named '" + printable_excerpt(request.label_column) + "' (the header has " +
                        known + "); name one of those, or give the column's number, as the label column");
    }
    if (size_t(layout.label) >= layout.fields)
      throw DataError(where + "the label column is number " + std::to_string(layout.label + 1) + " but rows have " +
                      std::to_string(layout.fields) + " columns; give a number from 1 to " +
                      std::to_string(layout.fields));
  }
  const size_t numeric = layout.fields - (labelled ? 1 : 0);
  if (request.numeric_columns == 0 && numeric < 2)
    throw DataError(where + "found " + std::to_string(numeric) +
                    " numeric column, need at least 2 (one point per row, one coordinate per column); "
                    "write rows such as 0.5,1.25");
  if (numeric > size_t(kMaxCsvColumns))
    throw DataError(where + std::to_string(numeric) + " numeric columns, at most " + std::to_string(kMaxCsvColumns) +
                    " are supported; keep the columns you want to model");
  for (size_t c = 0; c < layout.fields; ++c) {
    const std::string name = header && c < fields.size() ? std::string(fields[c]) : std::string();
    if (int(c) == layout.label) {
      table.label_name = name.empty() ? "column " + std::to_string(c + 1) : name;
    } else {
      table.names.push_back(name);
      table.file_columns.push_back(int(c) + 1);
    }
  }
}

std::string wrong_count(const CsvRequest& request, const Layout& layout, size_t found) {
  const std::string count = std::to_string(layout.fields);
  if (request.numeric_columns == 0)
    return "expected " + count + " columns as on line " + std::to_string(layout.first_line) + ", found " +
           std::to_string(found) + "; give every row the same columns";
  const bool plain_pair = request.numeric_columns == 2 && layout.label < 0;
  return "expected " + count + " columns" + (request.column_meaning.empty() ? "" : " " + request.column_meaning) +
         ", found " + std::to_string(found) + "; write each row as " +
         (plain_pair ? "two numbers separated by a comma" : count + " fields separated by commas") + ", e.g. " +
         request.example_row;
}

}  // namespace

std::string CsvTable::describe(int c) const {
  const std::string& name = names[size_t(c)];
  return "column " + std::to_string(file_columns[size_t(c)]) + (name.empty() ? "" : " (" + name + ")");
}

CsvTable read_csv_table(const std::string& path, const CsvRequest& request) {
  std::ifstream in(path);
  if (!in) {
    const int err = errno;
    throw DataError(path + ": cannot open (" + std::strerror(err) + "); check the path and that the file is readable");
  }
  CsvTable table;
  Layout layout;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    // Spreadsheets often start a UTF-8 file with a byte-order mark.
    if (line_number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    const std::string_view content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    const std::vector<std::string_view> fields = split_fields(content);
    const std::string where = path + ":" + std::to_string(line_number) + ": ";
    if (layout.first_line == 0) {
      // A first line in which nothing is a number is a header such as "x,y".
      const bool header = std::none_of(fields.begin(), fields.end(), is_number);
      layout.first_line = line_number;
      read_layout(path, where, fields, header, request, layout, table);
      if (header) {
        if (fields.size() != layout.fields) throw DataError(where + wrong_count(request, layout, fields.size()));
        continue;
      }
    }
    if (fields.size() != layout.fields) throw DataError(where + wrong_count(request, layout, fields.size()));
    if (table.rows() >= kMaxCsvRows)
      throw DataError(where + "more than " + std::to_string(kMaxCsvRows) + " rows; keep a sample of them");
    for (size_t c = 0; c < fields.size(); ++c) {
      const std::string field = printable_excerpt(fields[c]);
      const std::string column = "column " + std::to_string(c + 1);
      if (int(c) == layout.label) {
        if (fields[c].empty()) throw DataError(where + column + " (the label) is empty; give every row a label");
        table.labels.emplace_back(fields[c]);
        continue;
      }
      float value = 0.0f;
      const Parse result = parse_number(fields[c], value);
      if (result == Parse::NotANumber)
        throw DataError(where + column + " ('" + field +
                        "') is not a number; use plain numbers such as -1.5 or 2e-3 (only the first line may be a "
                        "header" + (layout.label < 0 && request.numeric_columns == 0
                                        ? "; a column of class names is read with --label-column)"
                                        : ")"));
      if (result == Parse::NotFinite)
        throw DataError(where + column + " ('" + field + "') is not a finite number; remove the row or replace the value");
      table.values.push_back(value);
    }
  }
  if (in.bad())
    throw DataError(path + ": read error after line " + std::to_string(line_number) +
                    "; check the disk or copy the file elsewhere");
  if (table.rows() < size_t(kMinCsvRows))
    throw DataError(path + ": only " + std::to_string(table.rows()) + " data rows, need at least " +
                    std::to_string(kMinCsvRows) + "; add more rows");
  return table;
}

void check_csv_scale(const std::string& path, const CsvTable& table) {
  const int d = table.columns();
  for (int c = 0; c < d; ++c) {
    double largest = 0.0;
    for (size_t i = size_t(c); i < table.values.size(); i += size_t(d))
      largest = std::max(largest, double(std::fabs(table.values[i])));
    if (largest > 0.0 && (largest < kMinCsvMagnitude || largest > kMaxCsvMagnitude)) {
      char text[160];
      std::snprintf(text, sizeof text, " is at most %.3g in size, too %s to train on in 32-bit floats; multiply it by %.0e",
                    largest, largest < 1.0 ? "small" : "large", std::pow(10.0, -std::round(std::log10(largest))));
      throw DataError(path + ": " + table.describe(c) + text + " (or rescale it to values near 1) and load it again");
    }
  }
}

}  // namespace latent
