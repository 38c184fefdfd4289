// Axes without drawing: scales, tick positions and the short number labels
// every plot and table uses. Free of ImGui, so tests can check it.
#pragma once
#include <string>
#include <vector>

namespace latent::plot {

enum class Scale { Linear, Log };

struct Axis {
  std::string label;  // with units, e.g. "steps", "nats"
  double min = 0.0, max = 1.0;
  Scale scale = Scale::Linear;
  // Linear axes only: the tick labels read label_offset + label_scale * value,
  // so data drawn standardized are labelled in their own units (scale > 0).
  double label_offset = 0.0, label_scale = 1.0;
};

struct Tick {
  double value;
  std::string label;  // empty for minor ticks
};

// A value that can be placed on this scale (finite; positive on a log axis).
bool usable(double v, Scale s);

// Tick positions for [min, max] on `scale`, about `target` labelled ticks.
std::vector<Tick> make_ticks(double min, double max, Scale scale, int target);
// make_ticks for the axis's range and scale; with a label map (label_offset,
// label_scale), ticks at nice numbers of the labelled units.
std::vector<Tick> make_axis_ticks(const Axis& axis, int target);
// The minus sign of every label and table (U+2212, wider than a hyphen and level with +).
inline constexpr const char* kMinus = "−";
// "12.5", "-0.003", "25k", "1.2M": short labels for projector-sized text.
std::string format_number(double value, double step);
// Log-axis ticks with decades labelled by power_of_ten ("10⁶" rather than "1M"): for
// quantities that span many decades, such as variances.
std::vector<Tick> make_power_ticks(double min, double max, int target);
// 10^exponent for log-axis labels: plain digits from 0.001 to 1000, else "10⁵", "10⁻⁴".
std::string power_of_ten(int exponent);
// `significant` digits for tables and readouts: "0.042", "3.1", "1,250", "1.2×10⁵".
std::string format_significant(double value, int significant = 2);

// The axis with its top raised so the data keep below the top `fraction` of the plot (room
// for the title, which the Frame draws inside the top-left corner). Log axes grow by decades.
Axis with_headroom(Axis axis, float fraction);

}  // namespace latent::plot
