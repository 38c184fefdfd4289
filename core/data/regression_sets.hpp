// Conditional-density problems for the MDN and its least-squares baseline:
// Bishop's and hardmaru's 1-D toys (and their multi-valued inverses), and
// two-column CSV files of the user's own (x, y) data.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"

namespace latent {

// How a regression example splits: the first input_dim floats of each point
// are x, the next output_dim are y.
struct RegressionShape {
  int input_dim = 1;   // Din
  int output_dim = 1;  // Dout
  int dim() const { return input_dim + output_dim; }
};

// Two Datasets of kind Points, dim = Din + Dout, each point x first then y.
// Labels are all 0 (one class named "observation"): these sets have no classes.
struct RegressionData {
  DataSplit split;
  RegressionShape shape;
};

struct RegressionInfo {
  std::string name;
  std::string description;
};

// The built-in problems, in menu order: bishop, bishop-inverse, sinusoid,
// sinusoid-inverse. ("csv:<path>" is accepted too but not listed.)
std::vector<RegressionInfo> regression_catalog();

// True for a catalog name or "csv:<path>".
bool is_regression_name(const std::string& name);

// A catalog name (train and test drawn from seed, train_count and
// test_count points each) or "csv:<path>" (see load_regression_csv; the
// counts are ignored). The splits carry name exactly as given. Throws DataError.
RegressionData load_regression(const std::string& name, uint64_t seed, int train_count = 1000,
                               int test_count = 1000);

// A CSV file of (x, y) rows (csv_table.hpp: header, comments, separators),
// each column's scale within kMinCsvMagnitude..kMaxCsvMagnitude and y not the
// same in every row. The file's units are kept (densities are reported in y's
// units). The rows are shuffled with seed and test_fraction of them (at least
// one) held out as the test set. Throws DataError naming the file, the line
// and the fix.
// A label column (label_column as in points_csv.hpp) colours the points by class.
RegressionData load_regression_csv(const std::string& path, uint64_t seed, const std::string& label_column = "");

// batch (Din + Dout, B), as Dataset::gather returns it -> x (Din, B), y (Dout, B).
void split_inputs_targets(const Matrix& batch, const RegressionShape& shape, Matrix& x, Matrix& y);

}  // namespace latent
