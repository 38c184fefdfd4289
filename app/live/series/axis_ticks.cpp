// Axis ticks and number labels: where the ticks go on a linear or log axis,
// and short labels that read well on a projector.
#include "live/series/axis_ticks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace latent::plot {

namespace {

// 1, 2 or 5 times a power of ten, nearest to `rough`.
double nice_step(double rough) {
  if (!(rough > 0) || !std::isfinite(rough)) return 1.0;
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  const double f = rough / power;
  return (f < 1.5 ? 1.0 : f < 3.5 ? 2.0 : f < 7.5 ? 5.0 : 10.0) * power;
}

}  // namespace

bool usable(double v, Scale s) { return std::isfinite(v) && (s == Scale::Linear || v > 0.0); }

std::string format_number(double value, double step) {
  if (std::fabs(value) < std::fabs(step) * 1e-6) value = 0.0;
  const double magnitude = std::fabs(value);
  const char* sign = value < 0 ? kMinus : "";
  char buf[64];
  auto decimals_for = [](double s) { return s >= 1.0 ? 0 : std::min(6, int(std::ceil(-std::log10(s) - 1e-9))); };
  if (magnitude >= 1e6 && step >= 1e5) {
    std::snprintf(buf, sizeof buf, "%s%.*fM", sign, decimals_for(step / 1e6), magnitude / 1e6);
  } else if (magnitude >= 1e4 && step >= 100) {
    std::snprintf(buf, sizeof buf, "%s%.*fk", sign, decimals_for(step / 1e3), magnitude / 1e3);
  } else if (magnitude != 0.0 && (magnitude < 1e-3 || magnitude >= 1e7)) {
    std::snprintf(buf, sizeof buf, "%s%.0e", sign, magnitude);
  } else {
    std::snprintf(buf, sizeof buf, "%s%.*f", sign, decimals_for(step), magnitude);
  }
  return buf;
}

namespace {
const char* const kSuperscripts[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
}

std::string power_of_ten(int exponent) {
  if (exponent >= -3 && exponent <= 3) return format_number(std::pow(10.0, exponent), std::pow(10.0, exponent));
  std::string out = exponent < 0 ? "10⁻" : "10";
  for (char c : std::to_string(std::abs(exponent))) out += kSuperscripts[c - '0'];
  return out;
}

std::vector<Tick> make_power_ticks(double min, double max, int target) {
  std::vector<Tick> ticks = make_ticks(min, max, Scale::Log, target);
  for (Tick& t : ticks) {
    const double exponent = std::log10(t.value);
    if (!t.label.empty() && std::fabs(exponent - std::round(exponent)) < 1e-9)
      t.label = power_of_ten(int(std::lround(exponent)));
  }
  return ticks;
}

std::string format_significant(double value, int significant) {
  if (!std::isfinite(value)) return "—";
  if (value == 0.0) return "0";
  significant = std::clamp(significant, 1, 9);
  const double magnitude = std::fabs(value);
  const int exponent = int(std::floor(std::log10(magnitude)));
  const char* sign = value < 0 ? kMinus : "";
  char buf[64];
  if (exponent >= -2 && exponent <= 4) {
    // Plain digits, rounded to `significant` (32,774 -> 33,000); thousands get a separator
    // (12,345 reads faster from the back of a room).
    const int decimals = significant - 1 - exponent;
    const double unit = std::pow(10.0, -decimals);
    std::snprintf(buf, sizeof buf, "%.*f", std::max(0, decimals), decimals < 0 ? std::round(magnitude / unit) * unit : magnitude);
    const size_t length = std::strlen(buf);
    std::string out = sign;
    if (!std::strchr(buf, '.') && length > 3)
      out.append(buf, length - 3).append(",").append(buf + length - 3);
    else
      out.append(buf);
    return out;
  }
  // m×10ⁿ with superscript digits (the UI font has them; "e+05" reads badly on a projector).
  std::snprintf(buf, sizeof buf, "%.*f", significant - 1, magnitude / std::pow(10.0, exponent));
  std::string out = std::string(sign) + buf + "×10";
  if (exponent < 0) out += "⁻";
  for (char c : std::to_string(std::abs(exponent))) out += kSuperscripts[c - '0'];
  return out;
}

std::vector<Tick> make_ticks(double min, double max, Scale scale, int target) {
  std::vector<Tick> ticks;
  if (!(max > min)) return ticks;
  target = std::max(2, target);
  if (scale == Scale::Log && min > 0) {
    const int first = int(std::floor(std::log10(min))), last = int(std::ceil(std::log10(max)));
    if (last - first >= 2) {
      // Several decades: label powers of ten (thinned if crowded), minor ticks between.
      const int every = std::max(1, (last - first + target - 1) / target);
      for (int k = first; k <= last; ++k) {
        const double decade = std::pow(10.0, k);
        if (decade >= min && decade <= max)
          ticks.push_back({decade, (k - first) % every == 0 ? format_number(decade, decade) : std::string()});
        if (last - first <= 6)
          for (int m = 2; m <= 9; ++m)
            if (double v = m * decade; v >= min && v <= max) ticks.push_back({v, std::string()});
      }
      return ticks;
    }
    // Within a decade or two, plain numbers are clearer than powers of ten.
  }
  // A short range can fall between two nice steps and get a single tick: ask
  // for finer steps until at least two are labelled, so the axis has a scale.
  for (int wanted = target;; ++wanted) {
    ticks.clear();
    const double step = nice_step((max - min) / wanted);
    for (double v = std::ceil(min / step) * step; v <= max + step * 1e-9; v += step)
      if (usable(v, scale)) ticks.push_back({v, format_number(v, step)});
    if (ticks.size() >= 2 || wanted >= 4 * target) return ticks;
  }
}

std::vector<Tick> make_axis_ticks(const Axis& axis, int target) {
  const bool mapped = axis.label_offset != 0.0 || axis.label_scale != 1.0;
  if (!mapped || axis.scale != Scale::Linear || !(axis.label_scale > 0.0))
    return make_ticks(axis.min, axis.max, axis.scale, target);
  std::vector<Tick> ticks = make_ticks(axis.label_offset + axis.label_scale * axis.min,
                                       axis.label_offset + axis.label_scale * axis.max, Scale::Linear, target);
  for (Tick& t : ticks) t.value = (t.value - axis.label_offset) / axis.label_scale;
  return ticks;
}

Axis with_headroom(Axis axis, float fraction) {
  const double f = std::clamp(double(fraction), 0.0, 0.6);
  if (axis.scale == Scale::Log && axis.min > 0 && axis.max > axis.min)
    axis.max *= std::pow(axis.max / axis.min, f / (1.0 - f));
  else if (axis.max > axis.min)
    axis.max += (axis.max - axis.min) * f / (1.0 - f);
  return axis;
}

}  // namespace latent::plot
