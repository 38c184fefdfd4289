// Points of the user's own from CSV: columns, headers, label columns (integer
// and text), the standardization and its inverse, the errors naming the
// file, the line and the fix, and every model kind training on such a file.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <map>
#include <string>

#include "core/data/catalog.hpp"
#include "core/data/csv_table.hpp"
#include "core/data/points_csv.hpp"
#include "core/train/open_checkpoint.hpp"
#include "core/train/training_session.hpp"
#include "scratch_directory.hpp"

using namespace latent;
using latent::testing::ScratchDirectory;

namespace {

std::string error_of(const std::function<void()>& f) { return latent::testing::message_of<DataError>(f); }

// Row i: (1000 + 10 i, -0.5 i, i mod 3), then a label; i from 0.
std::string rows(int count, const std::function<std::string(int)>& label) {
  std::string text;
  for (int i = 0; i < count; ++i)
    text += std::to_string(1000 + 10 * i) + "," + std::to_string(-0.5 * i) + "," + std::to_string(i % 3) +
            (label ? "," + label(i) : "") + "\n";
  return text;
}

// Every point of both halves in the file's units, keyed by its first column (unique per row).
std::map<long, std::vector<double>> originals(const DataSplit& split) {
  std::map<long, std::vector<double>> out;
  for (const Dataset* set : {&split.train, &split.test})
    for (size_t i = 0; i < set->size(); ++i) {
      std::vector<double> v;
      for (int c = 0; c < set->dim; ++c) v.push_back(set->original(c, set->point(i)[c]));
      out[std::lround(v[0])] = v;
    }
  return out;
}

}  // namespace

TEST_CASE("points csv: three numeric columns and a text label column are read, classed and standardized") {
  ScratchDirectory dir;
  const char* species[] = {"virginica", "setosa", "versicolor"};
  const std::string path =
      dir.write("flowers.csv", "length,width,parity,species\n" + rows(40, [&](int i) { return species[i % 3]; }));
  const DataSplit split = load_points_csv(path, "species", 7);
  CHECK(split.train.dim == 3);
  CHECK(split.train.size() + split.test.size() == 40);
  CHECK(split.test.size() == 8);
  CHECK(split.train.kind == DataKind::Points);
  CHECK(split.train.feature_names == std::vector<std::string>{"length", "width", "parity"});
  // Alphabetical classes, and each point keeps its own label (row i's class is species[i % 3]).
  CHECK(split.train.class_names == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  for (const Dataset* set : {&split.train, &split.test})
    for (size_t i = 0; i < set->size(); ++i) {
      const long row = (std::lround(set->original(0, set->point(i)[0])) - 1000) / 10;
      CHECK(set->class_names[set->labels[i]] == species[row % 3]);
    }
  // Stored standardized: mean 0 and sd 1 per column over the whole file ...
  for (int c = 0; c < 3; ++c) {
    double sum = 0, squares = 0;
    for (const Dataset* set : {&split.train, &split.test})
      for (size_t i = 0; i < set->size(); ++i) {
        sum += set->point(i)[c];
        squares += double(set->point(i)[c]) * set->point(i)[c];
      }
    CHECK(std::abs(sum / 40) < 1e-5);
    CHECK(squares / 40 == doctest::Approx(1.0).epsilon(1e-5));
  }
  // ... and mapped back, the file's own numbers (the offset is the mean, 1195, the scale its sd).
  CHECK(split.train.unit_offset[0] == doctest::Approx(1195.0));
  CHECK(split.train.unit_scale[0] == doctest::Approx(10.0 * std::sqrt((40.0 * 40.0 - 1.0) / 12.0)));
  const auto back = originals(split);
  REQUIRE(back.size() == 40);
  for (int i = 0; i < 40; ++i) {
    const std::vector<double>& v = back.at(1000 + 10 * i);
    CHECK(v[1] == doctest::Approx(-0.5 * i).scale(1.0).epsilon(1e-5));
    CHECK(v[2] == doctest::Approx(i % 3).scale(1.0).epsilon(1e-5));
  }
  CHECK(load_points_csv(path, "species", 7).test.points == split.test.points);  // seeded split
}

TEST_CASE("points csv: integer labels by column number sort as numbers, and no label means one class") {
  ScratchDirectory dir;
  const char* labels[] = {"10", "2", "+2", "02", "-1"};
  const std::string path = dir.write("numbers.csv", rows(30, [&](int i) { return labels[i % 5]; }));
  const DataSplit split = load_points_csv(path, "4", 1);
  CHECK(split.train.class_names == std::vector<std::string>{"-1", "2", "10"});
  CHECK(split.train.feature_names == std::vector<std::string>{"", "", ""});
  for (size_t i = 0; i < split.train.size(); ++i) {
    const long row = (std::lround(split.train.original(0, split.train.point(i)[0])) - 1000) / 10;
    const int expected = row % 5 == 0 ? 2 : row % 5 == 4 ? 0 : 1;
    CHECK(int(split.train.labels[i]) == expected);
  }
  // Without a label column, the fourth column must be a number: here it is not, and the error says what to do.
  const std::string e = error_of([&] { load_points_csv(dir.write("text.csv", rows(30, [](int) { return "a"; })), "", 1); });
  CHECK(e.find(":1: column 4 ('a') is not a number") != std::string::npos);
  CHECK(e.find("--label-column") != std::string::npos);
  const DataSplit plain = load_points_csv(dir.write("plain.csv", rows(30, nullptr)), "", 1);
  CHECK(plain.train.class_names == std::vector<std::string>{"point"});
  CHECK(plain.train.dim == 3);
}

TEST_CASE("points csv: errors name the file, the line or column, and the fix") {
  ScratchDirectory dir;
  const auto species = [](int i) { return i % 2 ? std::string("a") : std::string("b"); };
  std::string path = dir.write("header.csv", "length,width,parity,kind\n" + rows(20, species));
  std::string e = error_of([&] { load_points_csv(path, "species", 1); });
  CHECK(e.rfind(path + ": no column is named 'species' (the header has length, width, parity, kind)", 0) == 0);
  path = dir.write("no_header.csv", rows(20, species));
  e = error_of([&] { load_points_csv(path, "species", 1); });
  CHECK(e.rfind(path + ":1: the label column 'species' is a name but the file has no header line", 0) == 0);
  e = error_of([&] { load_points_csv(path, "9", 1); });
  CHECK(e.rfind(path + ":1: the label column is number 9 but rows have 4 columns", 0) == 0);
  path = dir.write("ragged.csv", "# comment\n" + rows(5, nullptr) + "1,2\n" + rows(10, nullptr));
  e = error_of([&] { load_points_csv(path, "", 1); });
  CHECK(e.rfind(path + ":7: expected 3 columns as on line 2, found 2; give every row the same columns", 0) == 0);
  path = dir.write("one.csv", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n");
  CHECK(error_of([&] { load_points_csv(path, "", 1); }).rfind(path + ":1: found 1 numeric column, need at least 2", 0) == 0);
  path = dir.write("constant.csv", "height,weight\n" + [] {
    std::string t;
    for (int i = 0; i < 20; ++i) t += std::to_string(i) + ",70\n";
    return t;
  }());
  CHECK(error_of([&] { load_points_csv(path, "", 1); })
            .rfind(path + ": column 2 (weight) has (nearly) the same value in every row", 0) == 0);
  path = dir.write("many.csv", rows(150, [](int i) { return "id" + std::to_string(i); }));
  CHECK(error_of([&] { load_points_csv(path, "4", 1); }).find("holds more than 100 different values") != std::string::npos);
  path = dir.write("empty_label.csv", rows(12, species) + "1,2,3,\n");
  CHECK(error_of([&] { load_points_csv(path, "4", 1); }).rfind(path + ":13: column 4 (the label) is empty", 0) == 0);
  path = dir.write("huge.csv", rows(12, nullptr) + "1e30,1,1\n");
  CHECK(error_of([&] { load_points_csv(path, "", 1); }).find("column 1 is at most 1e+30 in size, too large") !=
        std::string::npos);
  CHECK(error_of([] { load_dataset("csv:", 1); }).rfind("csv: needs a file after the colon", 0) == 0);
}

TEST_CASE("points csv: every model kind trains on a CSV file; the conditional models keep the file's units") {
  ScratchDirectory dir;
  // A noisy circle of radius 300 around (1000, -50) in two classes: far from unit scale on purpose.
  std::string text = "x,y,side\n";
  for (int i = 0; i < 400; ++i) {
    const double t = 0.0157 * i, noise = 3.0 * std::sin(17.0 * i);
    text += std::to_string(1000 + (300 + noise) * std::cos(t)) + "," + std::to_string(-50 + (300 + noise) * std::sin(t)) +
            "," + (i % 2 ? "left" : "right") + "\n";
  }
  const std::string name = "csv:" + dir.write("circle.csv", text);
  for (ModelKind kind : {ModelKind::Vae, ModelKind::Mixture, ModelKind::Conditional}) {
    CAPTURE(to_string(kind));
    ModelSettings model;
    model.kind = kind;
    model.dataset = name;
    model.label_column = "side";
    auto data = std::make_shared<const DataSplit>(model.load_data());
    CHECK(data->train.class_names == std::vector<std::string>{"left", "right"});
    CHECK(data->train.standardized() == (kind != ModelKind::Conditional));
    TrainingSession session(model, TrainSettings{}, data);
    // What each kind maximizes, on the held-out points: the VAE's ELBO, the mixture's log p(x), the MDN's log p(y|x).
    const auto held_out = [&] {
      const ModelTerms t = session.evaluate_test();
      return kind == ModelKind::Vae ? t.bound.elbo() : kind == ModelKind::Mixture ? t.log_lik : -t.mdn_nll;
    };
    const double before = held_out();
    for (int i = 0; i < 300; ++i) session.step();
    const double after = held_out();
    CHECK(std::isfinite(after));
    CHECK(after > before);
    // A checkpoint remembers how its data were read.
    const ModelSettings reopened = model_settings_from_checkpoint(session.to_checkpoint(), 1);
    CHECK(reopened.label_column == "side");
    CHECK(reopened.same_data(model));
  }
}
