// Axis ticks and number labels, checked against hand-worked cases.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "live/series/axis_ticks.hpp"

using namespace latent::plot;

namespace {
int labelled(const std::vector<Tick>& ticks) {
  int n = 0;
  for (const Tick& t : ticks) n += !t.label.empty();
  return n;
}
}  // namespace

TEST_CASE("axis ticks: nice steps inside the range, about as many as asked") {
  const auto ticks = make_ticks(0.0, 1.0, Scale::Linear, 5);
  REQUIRE(ticks.size() == 6);  // step 0.2: 0, 0.2, ..., 1
  CHECK(ticks.front().label == "0.0");  // one decimal on every label of the axis, as the step has
  CHECK(ticks[1].label == "0.2");
  CHECK(ticks.back().value == doctest::Approx(1.0));
  for (const Tick& t : make_ticks(-12.5, 15.0, Scale::Linear, 4)) {
    CHECK(t.value >= -12.5);
    CHECK(t.value <= 15.0);
    CHECK(std::fmod(std::fabs(t.value), 5.0) == doctest::Approx(0.0));  // step 5 or 10
  }
}

TEST_CASE("axis ticks: a short range between two nice steps still gets two labels") {
  // Two ticks asked over [-0.8, 0.9]: a step of 1 would leave only 0; 0.5 gives -0.5, 0, 0.5.
  const auto ticks = make_ticks(-0.8, 0.9, Scale::Linear, 2);
  CHECK(labelled(ticks) >= 2);
  CHECK(ticks.front().label == "−0.5");
}

TEST_CASE("axis ticks: log axes label decades, with unlabelled minor ticks between") {
  const auto ticks = make_ticks(1.0, 1e4, Scale::Log, 5);
  CHECK(labelled(ticks) == 5);  // 1, 10, 100, 1000, 10k
  CHECK(int(ticks.size()) > labelled(ticks));
  CHECK(make_power_ticks(1e-6, 1e2, 4).front().label == "10⁻⁶");
  CHECK(power_of_ten(5) == "10⁵");
  CHECK(power_of_ten(-2) == "0.01");
}

TEST_CASE("axis ticks: labels are short and use a true minus sign") {
  CHECK(format_number(25000, 5000) == "25k");
  CHECK(format_number(1.2e6, 2e5) == "1.2M");
  CHECK(format_number(-0.5, 0.1) == "−0.5");
  CHECK(format_number(-1e-12, 0.5) == "0.0");  // rounding noise at zero: no "−0.0"
  CHECK(format_significant(32774, 2) == "33,000");
  CHECK(format_significant(0.04213, 2) == "0.042");
  CHECK(format_significant(123456, 2) == "1.2×10⁵");
  CHECK(format_significant(NAN) == "—");
}

TEST_CASE("axis ticks: headroom raises the top so the data keep below the title") {
  const Axis linear = with_headroom(Axis{"", 0.0, 1.0}, 0.2f);
  CHECK(linear.max == doctest::Approx(1.25));  // the data fill the bottom 80%
  const Axis log = with_headroom(Axis{"", 1.0, 100.0, Scale::Log}, 0.5f);
  CHECK(log.max == doctest::Approx(1e4));      // two decades of data in the bottom half
}

TEST_CASE("axis ticks: standardized data are labelled in the file's units at nice numbers of those units") {
  // Stored values s in [-2, 2] of a column with mean 1195 and sd 115.4: shown as 1195 + 115.4 s.
  Axis axis{"length", -2.0, 2.0};
  axis.label_offset = 1195.0;
  axis.label_scale = 115.4;
  const std::vector<Tick> ticks = make_axis_ticks(axis, 5);
  REQUIRE(ticks.size() >= 3);
  for (const Tick& t : ticks) {
    CHECK(t.value >= -2.0 - 1e-9);
    CHECK(t.value <= 2.0 + 1e-9);
    const double shown = 1195.0 + 115.4 * t.value;
    CHECK(std::fmod(std::round(shown), 100.0) == 0.0);  // 1000, 1100, ...: steps of 100 in the file's units
    CHECK(shown == doctest::Approx(std::round(shown)).epsilon(1e-9));
    CHECK(t.label == format_number(std::round(shown), 100.0));
  }
  // Without a map: the plain ticks.
  const Axis plain{"x", -2.0, 2.0};
  CHECK(make_axis_ticks(plain, 5).size() == make_ticks(-2.0, 2.0, Scale::Linear, 5).size());
}
