// The built-in datasets by name, for menus and the command line, and
// load_dataset() which turns a name into a train/test split.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"

namespace latent {

struct DatasetInfo {
  std::string name;
  std::string description;
  DataKind kind;
};

// Every built-in name, in menu order: sprites, fashion-mnist, moons, rings,
// pinwheel, gaussians, spirals. ("idx:<dir>" is accepted too but not listed.)
std::vector<DatasetInfo> dataset_catalog();

// How a file is read where its name alone does not say.
struct DataOptions {
  std::string label_column;          // csv: the label column's header name or 1-based number; "" = none
  bool pairs_in_file_units = false;  // csv: (x, y) rows in the file's units, for the conditional models
  bool color = false;                // images: RGB at 32x32 rather than grey at 28x28
  bool operator==(const DataOptions&) const = default;
};

// Names: any catalog name, "idx:<dir>" for an MNIST-format directory,
// "images:<dir>" for a folder of pictures (image_folder.hpp), or "csv:<file>"
// for points (points_csv.hpp; with pairs_in_file_units, regression_sets.hpp).
// The seed drives the generated sets; file-backed sets ignore it. The
// returned splits carry name exactly as given, so it can be stored and
// passed back here later. Throws DataError.
DataSplit load_dataset(const std::string& name, uint64_t seed, const DataOptions& options = {});

// Where "fashion-mnist" is read from: $LATENT_FASHION_MNIST_DIR if set,
// else the Debian package's /usr/share/datasets/fashion-mnist.
std::string fashion_mnist_directory();

// Whether all four of Fashion-MNIST's IDX files (gzipped or not) are in
// fashion_mnist_directory(): the check the loader, the app and the tests share.
bool fashion_mnist_installed();

// Fashion-MNIST's ten class names, label order.
const std::vector<std::string>& fashion_mnist_class_names();

}  // namespace latent
