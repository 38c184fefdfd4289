// Dataset tests: every catalog name loads with its documented shape, seeds
// are reproducible, toy sets are unit scale, sprites look right, and gather()
// copies the right columns.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

#include "core/data/catalog.hpp"
#include "core/data/regression_sets.hpp"
#include "core/data/sprites.hpp"
#include "core/data/toy_sets.hpp"

namespace fs = std::filesystem;
using namespace latent;

namespace {

const std::vector<std::string> kToyNames = {"moons", "rings", "pinwheel", "gaussians", "spirals"};

// Loaded once: decompressing 30 MB of gzip is the slowest thing in the suite.
const DataSplit& fashion_mnist() {
  static const DataSplit split = load_dataset("fashion-mnist", 0);
  return split;
}

// Sprites take a noticeable fraction of a second to draw, so the tests share one split.
constexpr uint64_t kSpriteSeed = 3;
const DataSplit& shared_sprites() {
  static const DataSplit split = load_dataset("sprites", kSpriteSeed);
  return split;
}

// Points $LATENT_FASHION_MNIST_DIR at a fresh empty directory, and puts
// both back as they were.
class FashionDirectory {
 public:
  FashionDirectory() : dir_(fs::temp_directory_path() / ("latent_fashion_" + std::to_string(getpid()))) {
    fs::create_directories(dir_);
    const char* previous = std::getenv("LATENT_FASHION_MNIST_DIR");
    if (previous) previous_ = previous;
    setenv("LATENT_FASHION_MNIST_DIR", dir_.c_str(), 1);
  }
  ~FashionDirectory() {
    if (previous_) setenv("LATENT_FASHION_MNIST_DIR", previous_->c_str(), 1);
    else unsetenv("LATENT_FASHION_MNIST_DIR");
    fs::remove_all(dir_);
  }
  const fs::path& path() const { return dir_; }

 private:
  fs::path dir_;
  std::optional<std::string> previous_;
};

std::set<int> labels_present(const Dataset& set) { return {set.labels.begin(), set.labels.end()}; }

std::set<int> all_labels(const Dataset& set) {
  std::set<int> all;
  for (int c = 0; c < set.class_count(); ++c) all.insert(c);
  return all;
}

// Sum of a sprite's pixel values in units of fully covered pixels.
double covered_area(const SpriteParams& params) {
  std::vector<uint8_t> image(kSpriteSide * kSpriteSide);
  draw_sprite(params, image.data());
  double sum = 0;
  for (uint8_t v : image) sum += v;
  return sum / 255.0;
}

}  // namespace

TEST_CASE("data: the catalog lists the built-in sets in menu order") {
  std::vector<std::string> names;
  for (const DatasetInfo& info : dataset_catalog()) {
    names.push_back(info.name);
    CHECK_FALSE(info.description.empty());
    CHECK(info.kind == (info.name == "sprites" || info.name == "fashion-mnist" ? DataKind::Image : DataKind::Points));
  }
  CHECK(names == std::vector<std::string>{"sprites", "fashion-mnist", "moons", "rings", "pinwheel", "gaussians",
                                          "spirals", "bishop", "bishop-inverse", "sinusoid", "sinusoid-inverse"});
}

TEST_CASE("data: every catalog name loads with its documented shape") {
  for (const DatasetInfo& info : dataset_catalog()) {
    INFO("dataset " << info.name);
    if (info.name == "fashion-mnist" && !fashion_mnist_installed()) {
      MESSAGE("fashion-mnist not installed at " << fashion_mnist_directory() << "; skipping it");
      continue;
    }
    DataSplit generated;
    if (info.name != "fashion-mnist" && info.name != "sprites") generated = load_dataset(info.name, 3);
    const DataSplit& split = info.name == "fashion-mnist" ? fashion_mnist()
                             : info.name == "sprites"     ? shared_sprites()
                                                          : generated;
    for (const Dataset* set : {&split.train, &split.test}) {
      CHECK(set->name == info.name);
      CHECK(set->kind == info.kind);
      CHECK(set->labels.size() == set->size());
      // The (x, y) regression sets have one class; the others several.
      CHECK(set->class_count() > (is_regression_name(info.name) ? 0 : 1));
      CHECK(*std::max_element(set->labels.begin(), set->labels.end()) < set->class_count());
      if (set->is_image()) {
        CHECK(set->dim == set->width * set->height);
        CHECK(set->pixels.size() == set->size() * size_t(set->dim));
        CHECK(set->points.empty());
      } else {
        CHECK(set->dim == 2);
        CHECK(set->points.size() == set->size() * 2);
        CHECK(set->pixels.empty());
      }
    }
    if (info.name == "sprites") {
      CHECK(split.train.size() == 12000);
      CHECK(split.test.size() == 2000);
      CHECK(split.train.dim == 784);
    } else if (is_regression_name(info.name)) {
      CHECK(split.train.size() == 1000);
      CHECK(split.test.size() == 1000);
    } else if (info.kind == DataKind::Points) {
      CHECK(split.train.size() == 4000);
      CHECK(split.test.size() == 1000);
    }
  }
}

TEST_CASE("data: fashion-mnist matches the published set") {
  if (!fashion_mnist_installed()) {
    MESSAGE("fashion-mnist not installed at " << fashion_mnist_directory()
                                              << " (sudo apt-get install dataset-fashion-mnist); skipping");
    return;
  }
  const DataSplit& split = fashion_mnist();
  CHECK(split.train.size() == 60000);
  CHECK(split.test.size() == 10000);
  CHECK(split.train.width == 28);
  CHECK(split.train.height == 28);
  CHECK(split.train.dim == 784);
  CHECK(split.train.class_names.front() == "T-shirt/top");
  CHECK(split.train.class_names.back() == "Ankle boot");
  CHECK(split.test.class_names.size() == 10);

  // Fashion-MNIST is balanced: 6000 train and 1000 test images per class.
  for (const auto& [set, per_class] : {std::pair{&split.train, 6000}, std::pair{&split.test, 1000}}) {
    std::vector<int> counts(10, 0);
    for (uint8_t label : set->labels) {
      REQUIRE(label < 10);
      ++counts[label];
    }
    CHECK(counts == std::vector<int>(10, per_class));
  }
  // Mean pixel bytes measured from the Debian package files (train 72.940352, test 73.146567).
  auto mean_byte = [](const Dataset& set) {
    double sum = 0;
    for (uint8_t v : set.pixels) sum += v;
    return sum / double(set.pixels.size());
  };
  CHECK(mean_byte(split.train) == doctest::Approx(72.9404).epsilon(1e-5));
  CHECK(mean_byte(split.test) == doctest::Approx(73.1466).epsilon(1e-5));
}

TEST_CASE("data: a missing fashion-mnist says how to install it") {
  std::string message, dir;
  {
    const FashionDirectory empty;
    dir = empty.path().string();
    try {
      load_dataset("fashion-mnist", 0);
    } catch (const DataError& e) {
      message = e.what();
    }
  }
  INFO("message: " << message);
  CHECK(message.rfind(dir, 0) == 0);
  CHECK(message.find("sudo apt-get install dataset-fashion-mnist") != std::string::npos);
  CHECK(message.find("LATENT_FASHION_MNIST_DIR") != std::string::npos);
  CHECK(message.find('\n') == std::string::npos);
}

TEST_CASE("data: fashion-mnist counts as installed only with all four files, gzipped or not") {
  const FashionDirectory dir;
  auto touch = [&](const std::string& name) { std::ofstream(dir.path() / name) << "x"; };
  CHECK_FALSE(fashion_mnist_installed());
  touch("train-images-idx3-ubyte.gz");
  touch("train-labels-idx1-ubyte");
  touch("t10k-images-idx3-ubyte.gz");
  CHECK_FALSE(fashion_mnist_installed());
  // The loader names the same missing file the check stopped at.
  CHECK_THROWS_WITH_AS(load_dataset("fashion-mnist", 0), doctest::Contains("no t10k-labels-idx1-ubyte[.gz]"),
                       DataError);
  fs::create_directory(dir.path() / "t10k-labels-idx1-ubyte");  // a directory is not the file
  CHECK_FALSE(fashion_mnist_installed());
  touch("t10k-labels-idx1-ubyte.gz");
  CHECK(fashion_mnist_installed());
}

TEST_CASE("data: an unknown name lists the choices") {
  std::string message;
  try {
    load_dataset("mnits", 0);
  } catch (const DataError& e) {
    message = e.what();
  }
  INFO("message: " << message);
  CHECK(message.find("'mnits'") != std::string::npos);
  CHECK(message.find("sprites, fashion-mnist, moons") != std::string::npos);
  CHECK(message.find("idx:<dir>") != std::string::npos);
  CHECK_THROWS_AS(load_dataset("idx:", 0), DataError);
}

TEST_CASE("data: the same seed gives the same data, another seed different data") {
  std::vector<std::string> generated = kToyNames;
  generated.push_back("sprites");
  for (const std::string& name : generated) {
    INFO("dataset " << name);
    const uint64_t seed = name == "sprites" ? kSpriteSeed : 11;
    DataSplit generated;
    if (name != "sprites") generated = load_dataset(name, seed);
    const DataSplit& a = name == "sprites" ? shared_sprites() : generated;
    const DataSplit b = load_dataset(name, seed), c = load_dataset(name, seed + 1);
    CHECK(a.train.pixels == b.train.pixels);
    CHECK(a.train.points == b.train.points);
    CHECK(a.train.labels == b.train.labels);
    CHECK(a.test.pixels == b.test.pixels);
    CHECK(a.test.points == b.test.points);
    CHECK(a.test.labels == b.test.labels);
    if (a.train.is_image()) {
      CHECK(a.train.pixels != c.train.pixels);
      CHECK(a.test.pixels != c.test.pixels);
      // Train and test are independent draws, not the same examples.
      CHECK_FALSE(std::equal(a.test.pixels.begin(), a.test.pixels.end(), a.train.pixels.begin()));
    } else {
      CHECK(a.train.points != c.train.points);
      CHECK(a.test.points != c.test.points);
      CHECK_FALSE(std::equal(a.test.points.begin(), a.test.points.end(), a.train.points.begin()));
    }
  }
}

TEST_CASE("data: toy point sets have about unit scale and every label") {
  const std::vector<int> class_counts = {2, 3, 5, 8, 2};
  for (size_t t = 0; t < kToyNames.size(); ++t) {
    INFO("dataset " << kToyNames[t]);
    const DataSplit split = load_dataset(kToyNames[t], 5);
    CHECK(split.train.class_count() == class_counts[t]);
    CHECK(split.train.class_names == split.test.class_names);
    CHECK(labels_present(split.train) == all_labels(split.train));
    CHECK(labels_present(split.test) == all_labels(split.test));

    const Dataset& set = split.train;
    for (int axis = 0; axis < 2; ++axis) {
      double sum = 0, sum_sq = 0, largest = 0;
      for (size_t i = 0; i < set.size(); ++i) {
        const double v = set.point(i)[axis];
        sum += v;
        sum_sq += v * v;
        largest = std::max(largest, std::abs(v));
      }
      const double mean = sum / double(set.size());
      const double sd = std::sqrt(sum_sq / double(set.size()) - mean * mean);
      INFO("axis " << axis << " mean " << mean << " sd " << sd << " max |v| " << largest);
      CHECK(std::abs(mean) < 0.1);
      CHECK(sd > 0.9);
      CHECK(sd < 1.1);
      CHECK(largest < 4.5);
    }
  }
  CHECK(load_dataset("moons", 1).train.class_names == std::vector<std::string>{"moon 1", "moon 2"});
}

TEST_CASE("data: sprites cover every shape on a black background with anti-aliased edges") {
  const DataSplit& split = shared_sprites();
  CHECK(split.train.class_names == std::vector<std::string>{"disc", "square", "triangle", "ring", "plus"});
  CHECK(labels_present(split.train) == all_labels(split.train));
  CHECK(labels_present(split.test) == all_labels(split.test));

  const Dataset& set = split.train;
  CHECK(*std::min_element(set.pixels.begin(), set.pixels.end()) == 0);
  CHECK(*std::max_element(set.pixels.begin(), set.pixels.end()) == 255);
  int without_soft_edge = 0;
  for (size_t i = 0; i < set.size(); ++i) {
    const uint8_t* image = set.image(i);
    const uint8_t brightest = *std::max_element(image, image + set.dim);
    REQUIRE(brightest > 100);  // every image shows a shape
    bool border_black = true, soft_edge = false;
    for (int r = 0; r < kSpriteSide; ++r)
      for (int c = 0; c < kSpriteSide; ++c) {
        const uint8_t v = image[r * kSpriteSide + c];
        if ((r == 0 || c == 0 || r == kSpriteSide - 1 || c == kSpriteSide - 1) && v != 0) border_black = false;
        if (v > 0 && v < brightest) soft_edge = true;
      }
    REQUIRE(border_black);
    without_soft_edge += !soft_edge;
  }
  CHECK(without_soft_edge == 0);
}

TEST_CASE("data: sprite coverage matches each shape's true area") {
  // Extent 8 centered on a pixel corner; areas from the shapes' geometry.
  const double pi = 3.14159265358979323846;
  const double r = 8.0;
  const double triangle_circumradius = 1.15 * r;
  const double ring_thickness = 0.35 * r;
  const double arm = 0.32 * r;
  const std::pair<SpriteShape, double> cases[] = {
      {SpriteShape::Disc, pi * r * r},
      {SpriteShape::Square, (1.6 * r) * (1.6 * r)},
      {SpriteShape::Triangle, 3.0 * std::sqrt(3.0) / 4.0 * triangle_circumradius * triangle_circumradius},
      {SpriteShape::Ring, pi * (r * r - (r - ring_thickness) * (r - ring_thickness))},
      {SpriteShape::Plus, 2 * (2 * r) * (2 * arm) - (2 * arm) * (2 * arm)},
  };
  for (const auto& c : cases) {
    const SpriteShape shape = c.first;  // not a structured binding: clang 14 cannot capture one in INFO
    const double area = c.second;
    INFO("shape " << int(shape));
    SpriteParams params;
    params.shape = shape;
    params.center_x = params.center_y = 14.0;
    params.extent = r;
    params.brightness = 1.0;
    CHECK(covered_area(params) == doctest::Approx(area).epsilon(0.01));
    params.brightness = 0.5;
    CHECK(covered_area(params) == doctest::Approx(area * 0.5).epsilon(0.01));
  }
  // The ring's hole is black, the disc's middle is full.
  std::vector<uint8_t> image(kSpriteSide * kSpriteSide);
  SpriteParams ring{SpriteShape::Ring, 14.0, 14.0, r, 1.0};
  draw_sprite(ring, image.data());
  CHECK(image[14 * kSpriteSide + 14] == 0);
  SpriteParams disc{SpriteShape::Disc, 14.0, 14.0, r, 1.0};
  draw_sprite(disc, image.data());
  CHECK(image[14 * kSpriteSide + 14] == 255);
}

TEST_CASE("data: gather copies the chosen examples into columns") {
  Matrix out;
  const DataSplit& sprites = shared_sprites();
  const Dataset& images = sprites.test;
  const int idx[] = {5, 0, 1999, 5};
  images.gather(idx, 4, out);
  REQUIRE(out.rows() == 784);
  REQUIRE(out.cols() == 4);
  for (int j = 0; j < 4; ++j)
    for (int k = 0; k < 784; ++k) REQUIRE(out(k, j) == float(images.image(size_t(idx[j]))[k]) / 255.0f);
  CHECK(out.maxCoeff() <= 1.0f);
  CHECK(out.minCoeff() >= 0.0f);

  const Dataset& points = load_dataset("spirals", 4).train;
  const int point_idx[] = {3999, 17};
  points.gather(point_idx, 2, out);
  REQUIRE(out.rows() == 2);
  REQUIRE(out.cols() == 2);
  CHECK(out(0, 0) == points.point(3999)[0]);
  CHECK(out(1, 0) == points.point(3999)[1]);
  CHECK(out(0, 1) == points.point(17)[0]);
  CHECK(out(1, 1) == points.point(17)[1]);

  const int past_end[] = {0, 4000};
  const int negative[] = {-1};
  CHECK_THROWS_AS(points.gather(past_end, 2, out), DataError);
  CHECK_THROWS_AS(points.gather(negative, 1, out), DataError);
}

TEST_CASE("data: an empty dataset has size zero") {
  Dataset empty;
  CHECK(empty.size() == 0);
  Matrix out;
  empty.gather(nullptr, 0, out);
  CHECK(out.cols() == 0);
}
