// Points of the user's own from a CSV file, for the VAE and the mixture
// model: two or more numeric columns, an optional label column, standardized
// per column for the models (the views show the file's units again).
#pragma once
#include <cstdint>
#include <string>

#include "core/data/dataset.hpp"

namespace latent {

// Distinct labels a label column may hold: classes, not identifiers.
inline constexpr int kMaxCsvClasses = 100;
// A data set name "csv:<path>" reads the file (points, or (x, y) pairs for the conditional models).
inline constexpr const char* kCsvPrefix = "csv:";

struct CsvTable;
// Fills set.class_names and set.labels from the table's label column (one
// class "point" without one): integer labels are classes in numeric order,
// text labels in alphabetical order. Throws DataError past kMaxCsvClasses.
void assign_csv_classes(const std::string& path, const CsvTable& table, Dataset& set);

// The file read by read_csv_table (csv_table.hpp) with `label_column` (a
// header name or a 1-based number; empty: no labels), classes as
// assign_csv_classes gives them. Each column is standardized, (value - mean) / sd over
// the whole file, which Dataset::unit_offset and unit_scale record. The rows
// are shuffled with seed and test_fraction of them held out. Throws DataError.
DataSplit load_points_csv(const std::string& path, const std::string& label_column, uint64_t seed,
                          double test_fraction = 0.2);

}  // namespace latent
