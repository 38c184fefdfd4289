// The one CSV reader behind every csv: data set: numeric columns, an optional
// header line and an optional label column (integers or text). Every error is
// one line "<file>:<line>: what is wrong; how to fix it".
#pragma once
#include <string>
#include <vector>

namespace latent {

// What the caller needs from the file.
struct CsvRequest {
  // The label column: its header name or its 1-based number ("3"); empty: every column holds numbers.
  std::string label_column;
  // Numeric columns required: 0 means any number from 2 to kMaxCsvColumns, the same on every row.
  int numeric_columns = 0;
  // For the column-count error when numeric_columns is fixed: what they are and a row to copy.
  std::string column_meaning = "";  // e.g. "(x,y)"
  std::string example_row = "0.5,1.25";
};

struct CsvTable {
  std::vector<std::string> names;   // the numeric columns' names from the header ("" without one)
  std::vector<int> file_columns;    // their 1-based positions in the file
  std::string label_name;           // the label column's name (or "column 3"), when one was asked for
  std::vector<float> values;        // (rows, names.size()), row-major
  std::vector<std::string> labels;  // one per row when a label column was asked for
  int columns() const { return int(names.size()); }
  size_t rows() const { return names.empty() ? 0 : values.size() / names.size(); }
  // "column 2 (height)", or "column 2" without a header: how errors name numeric column c.
  std::string describe(int c) const;
};

inline constexpr int kMinCsvRows = 10;
inline constexpr int kMaxCsvColumns = 256;
// The models compute in 32-bit floats with squares of the data (and of its
// spread): beyond these, those squares leave a float's normal range (1e-38 to
// 3e38), lose every digit, and training ends as "diverged" though the data are
// finite. Such files are refused with the factor to rescale by.
inline constexpr double kMinCsvMagnitude = 1e-15, kMaxCsvMagnitude = 1e15;

// Blank lines and lines starting with '#' are skipped; a first line in which
// no field is a number is the header; fields are separated by commas (or, on
// lines without one, by spaces or tabs); a UTF-8 byte-order mark is ignored.
// At least kMinCsvRows rows. Throws DataError.
CsvTable read_csv_table(const std::string& path, const CsvRequest& request);

// Each column's largest magnitude (unless all zero) within [kMinCsvMagnitude,
// kMaxCsvMagnitude]. Throws DataError.
void check_csv_scale(const std::string& path, const CsvTable& table);

}  // namespace latent
