// The regression problems the conditional models learn from: the catalog's
// sets (shape, seeding, inverses) and the CSV loader with its one-line errors.
#include <doctest/doctest.h>

#include <functional>
#include <set>
#include <string>

#include "core/data/regression_sets.hpp"
#include "scratch_directory.hpp"

using namespace latent;
using latent::testing::message_of;
using latent::testing::ScratchDirectory;

namespace {

std::string csv_rows(int count, int first = 0) {
  std::string text;
  for (int i = first; i < first + count; ++i) text += std::to_string(0.1 * i) + "," + std::to_string(i * i) + "\n";
  return text;
}

}  // namespace

TEST_CASE("regression data: catalog sets have the documented shape, are seeded, and inverses swap columns") {
  std::set<std::string> names;
  for (const RegressionInfo& info : regression_catalog()) {
    names.insert(info.name);
    CHECK(!info.description.empty());
    CHECK(is_regression_name(info.name));
    const RegressionData data = load_regression(info.name, 4, 300, 100);
    CHECK(data.shape.input_dim == 1);
    CHECK(data.shape.output_dim == 1);
    for (const Dataset* set : {&data.split.train, &data.split.test}) {
      CHECK(set->name == info.name);
      CHECK(set->kind == DataKind::Points);
      CHECK(set->dim == 2);
      CHECK(set->labels.size() == set->size());
    }
    CHECK(data.split.train.size() == 300);
    CHECK(data.split.test.size() == 100);
    CHECK(load_regression(info.name, 4, 300, 100).split.train.points == data.split.train.points);
    CHECK(load_regression(info.name, 5, 300, 100).split.train.points != data.split.train.points);
  }
  CHECK(names == std::set<std::string>{"bishop", "bishop-inverse", "sinusoid", "sinusoid-inverse"});
  CHECK(is_regression_name("csv:/tmp/a.csv"));
  CHECK(!is_regression_name("moons"));

  // Same seed: the inverse problem is the forward one with x and y swapped.
  for (const char* base : {"bishop", "sinusoid"}) {
    const RegressionData forward = load_regression(base, 9, 200, 50);
    const RegressionData inverse = load_regression(std::string(base) + "-inverse", 9, 200, 50);
    bool swapped = true;
    for (size_t i = 0; i < 200; ++i)
      swapped = swapped && forward.split.train.point(i)[0] == inverse.split.train.point(i)[1] &&
                forward.split.train.point(i)[1] == inverse.split.train.point(i)[0];
    CHECK(swapped);
  }

  // The generating processes: Bishop's noise is U(-0.1, 0.1) around the
  // curve; the sinusoid's is N(0, 1) (mean and sd within 4 standard errors
  // for 20000 points).
  const RegressionData bishop = load_regression("bishop", 2, 2000, 10);
  for (size_t i = 0; i < bishop.split.train.size(); ++i) {
    const double x = bishop.split.train.point(i)[0], t = bishop.split.train.point(i)[1];
    CHECK((x >= 0.0 && x < 1.0));
    CHECK(std::abs(t - (x + 0.3 * std::sin(2 * M_PI * x))) <= 0.1 + 1e-6);
  }
  const RegressionData sinusoid = load_regression("sinusoid", 2, 20000, 10);
  double sum = 0.0, sum_sq = 0.0;
  for (size_t i = 0; i < 20000; ++i) {
    const double x = sinusoid.split.train.point(i)[0], y = sinusoid.split.train.point(i)[1];
    CHECK((x >= -10.5 && x <= 10.5));
    const double noise = y - (7.0 * std::sin(0.75 * x) + 0.5 * x);
    sum += noise;
    sum_sq += noise * noise;
  }
  CHECK(std::abs(sum / 20000) < 4.0 / std::sqrt(20000.0));
  CHECK(std::abs(std::sqrt(sum_sq / 20000) - 1.0) < 4.0 * std::sqrt(0.5 / 20000));

  const std::string unknown = message_of<DataError>([] { load_regression("sine", 1); });
  CHECK(unknown.find("unknown regression problem 'sine'") != std::string::npos);
  CHECK(unknown.find("sinusoid-inverse") != std::string::npos);

  Matrix batch(2, 3), x, y;
  batch << 1, 2, 3, 4, 5, 6;
  split_inputs_targets(batch, RegressionShape{}, x, y);
  CHECK(x == batch.topRows(1));
  CHECK(y == batch.bottomRows(1));
}

TEST_CASE("regression data: CSV loader reads good files and holds out a seeded test split") {
  const ScratchDirectory dir;
  // Header, CRLF line ends, a comment, blank lines, spaces and a '+' sign.
  const std::string path = dir.write("good.csv", "x,y\r\n# measured on Tuesday\r\n\r\n" + csv_rows(11) +
                                                     " +1.5 , -2e-3 \r\n\n");
  const RegressionData data = load_regression("csv:" + path, 3);
  CHECK(data.shape.input_dim == 1);
  CHECK(data.shape.output_dim == 1);
  CHECK(data.split.train.name == "csv:" + path);
  CHECK(data.split.test.size() == 2);  // round(0.2 * 12)
  CHECK(data.split.train.size() == 10);
  std::multiset<std::pair<float, float>> rows;
  for (const Dataset* set : {&data.split.train, &data.split.test}) {
    CHECK(set->kind == DataKind::Points);
    CHECK(set->dim == 2);
    for (size_t i = 0; i < set->size(); ++i) rows.insert({set->point(i)[0], set->point(i)[1]});
  }
  std::multiset<std::pair<float, float>> expected;
  for (int i = 0; i < 11; ++i) expected.insert({float(0.1 * i), float(i * i)});
  expected.insert({1.5f, -2e-3f});
  CHECK(rows == expected);
  // The same seed holds out the same rows; the split does not depend on the name.
  CHECK(load_regression_csv(path, 3).split.test.points == data.split.test.points);

  // No header, whitespace-separated columns.
  std::string spaced;
  for (int i = 0; i < 10; ++i) spaced += std::to_string(i) + " \t " + std::to_string(2 * i) + "\n";
  const RegressionData plain = load_regression_csv(dir.write("spaced.txt", spaced), 1);
  CHECK(plain.split.train.size() + plain.split.test.size() == 10);
}

TEST_CASE("regression data: CSV loader errors name the file, the line and the fix") {
  const ScratchDirectory dir;
  auto load = [](const std::string& path) { return message_of<DataError>([&] { load_regression_csv(path, 1); }); };

  const std::string missing = dir.file("nope.csv");
  std::string e = load(missing);
  CHECK(e.find(missing + ": cannot open") == 0);
  CHECK(e.find("check the path") != std::string::npos);
  CHECK(message_of<DataError>([] { load_regression("csv:", 1); }).find("csv: needs a file") == 0);

  std::string path = dir.write("columns.csv", "x,y\n1,2\n3,4,5\n" + csv_rows(10));
  e = load(path);
  CHECK(e.find(path + ":3: expected 2 columns (x,y), found 3") == 0);
  CHECK(e.find("e.g. 0.5,1.25") != std::string::npos);

  path = dir.write("one_column.csv", csv_rows(3) + "42\n" + csv_rows(10));
  CHECK(load(path).find(path + ":4: expected 2 columns (x,y), found 1") == 0);

  // Raw bytes of a bad field are quoted printably (found by fuzzing).
  path = dir.write("bytes.csv", "x,y\n" + csv_rows(3) + "0.5,0\x01\xff\r2\n" + csv_rows(10));
  CHECK(load(path).find("('0\\x01\\xFF\\x0D2') is not a number") != std::string::npos);

  path = dir.write("text.csv", "x,y\n" + csv_rows(3) + "0.5,abc\n" + csv_rows(10));
  e = load(path);
  CHECK(e.find(path + ":5: column 2 ('abc') is not a number") == 0);
  CHECK(e.find("only the first line may be a header") != std::string::npos);

  path = dir.write("two_points.csv", csv_rows(2) + "0.5,1.2.3\n" + csv_rows(10));
  CHECK(load(path).find(path + ":3: column 2 ('1.2.3') is not a number") == 0);

  for (const char* bad : {"nan", "inf", "-Infinity", "1e39"}) {
    CAPTURE(bad);
    path = dir.write("nonfinite.csv", csv_rows(6) + bad + ",1\n" + csv_rows(10));
    e = load(path);
    CHECK(e.find(path + ":7: column 1 ('" + std::string(bad) + "') is not a finite number") == 0);
    CHECK(e.find("remove the row or replace the value") != std::string::npos);
  }

  path = dir.write("short.csv", "x,y\n" + csv_rows(7));
  e = load(path);
  CHECK(e.find(path + ": only 7 data rows, need at least 10") == 0);
  CHECK(load(dir.write("empty.csv", "")).find(": only 0 data rows") != std::string::npos);

  // Every message is one line.
  CHECK(e.find('\n') == std::string::npos);
}

TEST_CASE("regression data: a UTF-8 byte-order mark is read with or without a header") {
  ScratchDirectory dir;
  const std::string bom = "\xEF\xBB\xBF";
  const RegressionData plain = load_regression_csv(dir.write("plain.csv", csv_rows(20)), 1);
  CHECK(load_regression_csv(dir.write("bom.csv", bom + csv_rows(20)), 1).split.train.points == plain.split.train.points);
  CHECK(load_regression_csv(dir.write("bom-header.csv", bom + "x,y\n" + csv_rows(20)), 1).split.train.points ==
        plain.split.train.points);
}

TEST_CASE("regression data: tiny, huge or constant data are refused with the factor to rescale by, not trained to a divergence") {
  ScratchDirectory dir;
  std::string tiny;
  for (int i = 0; i < 200; ++i) tiny += "1e-40,1e-40\n";
  const std::string tiny_path = dir.write("tiny.csv", tiny);
  std::string message = message_of<DataError>([&] { load_regression_csv(tiny_path, 1); });
  CHECK(message.rfind(tiny_path + ": column 1 (x) is at most 1e-40 in size, too small", 0) == 0);
  CHECK(message.find("multiply it by 1e+40") != std::string::npos);

  std::string huge;
  for (int i = 0; i < 20; ++i) huge += std::to_string(i) + "," + std::to_string(i) + "e20\n";
  const std::string huge_path = dir.write("huge.csv", huge);
  CHECK(message_of<DataError>([&] { load_regression_csv(huge_path, 1); }).find("column 2 (y) is at most 1.9e+21 in size, too large") !=
        std::string::npos);

  std::string flat;
  for (int i = 0; i < 20; ++i) flat += std::to_string(i) + ",1\n";
  const std::string flat_path = dir.write("flat.csv", flat);
  CHECK(message_of<DataError>([&] { load_regression_csv(flat_path, 1); }).find("column 2 (y) has the same value in every row") !=
        std::string::npos);
}
