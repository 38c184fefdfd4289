// Name -> dataset: the generated sets (sprites, toys), Fashion-MNIST from its
// Debian package, and any MNIST-format directory given as "idx:<dir>".
#include "core/data/catalog.hpp"

#include "core/data/regression_sets.hpp"

#include <cstdlib>
#include <filesystem>

#include "core/data/idx_reader.hpp"
#include "core/data/image_folder.hpp"
#include "core/data/points_csv.hpp"
#include "core/data/sprites.hpp"
#include "core/data/toy_sets.hpp"

namespace latent {
namespace {

constexpr const char* kFashionEnv = "LATENT_FASHION_MNIST_DIR";
constexpr const char* kFashionDebianDir = "/usr/share/datasets/fashion-mnist";
constexpr const char* kIdxPrefix = "idx:";
constexpr const char* kImagesPrefix = "images:";

// The first of Fashion-MNIST's four files that is missing from `dir`
// (its name without ".gz"), or null when all four are there.
const char* missing_fashion_mnist_file(const std::string& dir) {
  std::error_code ec;
  for (const char* base : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                           "t10k-labels-idx1-ubyte"}) {
    const auto path = std::filesystem::path(dir) / base;
    if (!std::filesystem::is_regular_file(path, ec) && !std::filesystem::is_regular_file(path.string() + ".gz", ec))
      return base;
  }
  return nullptr;
}

DataSplit load_fashion_mnist(const std::string& name) {
  const std::string dir = fashion_mnist_directory();
  const char* env = std::getenv(kFashionEnv);
  const bool from_env = env && *env;
  // Any of the four files missing means "not installed", not "corrupt": say how to get it.
  if (const char* missing = missing_fashion_mnist_file(dir))
    throw DataError(dir + ": Fashion-MNIST not found (no " + missing + "[.gz]" +
                    (from_env ? std::string(" in the directory ") + kFashionEnv + " names" : "") +
                    "); install it with `sudo apt-get install dataset-fashion-mnist` or set " + kFashionEnv +
                    " to a directory holding the four IDX files");
  DataSplit split = load_idx_directory(dir, name);
  const auto& names = fashion_mnist_class_names();
  for (Dataset* set : {&split.train, &split.test}) {
    if (set->width != 28 || set->height != 28)
      throw DataError(dir + ": Fashion-MNIST images should be 28x28, these are " + std::to_string(set->width) +
                      "x" + std::to_string(set->height) + "; point " + kFashionEnv +
                      " at the real Fashion-MNIST files");
    if (set->class_count() > int(names.size()))
      throw DataError(dir + ": Fashion-MNIST labels should be 0..9, found " +
                      std::to_string(set->class_count() - 1) + "; re-download the label files");
    set->class_names = names;
  }
  return split;
}

}  // namespace

std::vector<DatasetInfo> dataset_catalog() {
  std::vector<DatasetInfo> list = {
      {"sprites",
       "Procedural 28x28 shapes (disc, square, triangle, ring, plus) at random position, size and brightness; "
       "12000 train / 2000 test, no download, a small VAE learns it in seconds.",
       DataKind::Image},
      {"fashion-mnist",
       "Zalando's 28x28 grayscale clothing photos, 10 classes, 60000 train / 10000 test "
       "(Debian package dataset-fashion-mnist).",
       DataKind::Image},
      {"moons", "Two interleaved half-circles with noise (2-D points, 2 classes).", DataKind::Points},
      {"rings", "Three concentric noisy circles (2-D points, 3 classes).", DataKind::Points},
      {"pinwheel", "Five curved arms, as in Johnson et al. 2016 (2-D points, 5 classes).", DataKind::Points},
      {"gaussians", "Eight Gaussians on a ring (2-D points, 8 classes).", DataKind::Points},
      {"spirals", "Two interleaved spirals of 1.5 turns (2-D points, 2 classes).", DataKind::Points},
  };
  // The conditional-density problems (x, y) for the MDN; a VAE can model them as 2-D points too.
  for (const RegressionInfo& r : regression_catalog()) list.push_back({r.name, r.description, DataKind::Points});
  return list;
}

DataSplit load_dataset(const std::string& name, uint64_t seed, const DataOptions& options) {
  if (options.color && name.rfind(kImagesPrefix, 0) != 0)
    throw DataError(name + ": only a folder of pictures is read in colour; use --color with --dataset images:<folder>, "
                    "or leave it out");
  DataSplit split;
  if (name.rfind(kCsvPrefix, 0) == 0) {
    const std::string path = name.substr(std::char_traits<char>::length(kCsvPrefix));
    if (path.empty()) throw DataError("csv: needs a file after the colon, e.g. csv:/home/me/points.csv");
    split = options.pairs_in_file_units ? load_regression_csv(path, seed, options.label_column).split
                                        : load_points_csv(path, options.label_column, seed);
  } else if (is_regression_name(name)) {
    split = load_regression(name, seed).split;
  } else if (name == "sprites") {
    split = make_sprite_split(seed);
  } else if (name == "fashion-mnist") {
    split = load_fashion_mnist(name);
  } else if (name.rfind(kIdxPrefix, 0) == 0) {
    const std::string dir = name.substr(std::char_traits<char>::length(kIdxPrefix));
    if (dir.empty())
      throw DataError("idx: needs a directory after the colon, e.g. idx:/home/me/mnist");
    split = load_idx_directory(dir, name);
  } else if (name.rfind(kImagesPrefix, 0) == 0) {
    const std::string dir = name.substr(std::char_traits<char>::length(kImagesPrefix));
    if (dir.empty())
      throw DataError("images: needs a folder after the colon, e.g. images:/home/me/pictures");
    split = load_image_folder(dir, seed, options.color);
  } else if (const auto shape = toy_shape_from_name(name)) {
    split = make_toy_split(*shape, seed);
  } else {
    std::string known;
    for (const DatasetInfo& info : dataset_catalog()) known += (known.empty() ? "" : ", ") + info.name;
    throw DataError("unknown dataset '" + name + "'; choose one of " + known +
                    ", idx:<dir> for an MNIST-format directory, images:<dir> for a folder of PNG or JPEG pictures, "
                    "or csv:<file> for points of your own");
  }
  split.train.name = split.test.name = name;
  return split;
}

std::string fashion_mnist_directory() {
  const char* env = std::getenv(kFashionEnv);
  return env && *env ? env : kFashionDebianDir;
}

bool fashion_mnist_installed() { return missing_fashion_mnist_file(fashion_mnist_directory()) == nullptr; }

const std::vector<std::string>& fashion_mnist_class_names() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

}  // namespace latent
