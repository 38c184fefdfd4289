// Reading the plain values of a model config from JSON, with messages that
// say where and what was expected (never the JSON library's own text).
#include "core/models/config_json.hpp"

#include <cmath>
#include <limits>

#include "core/nn/hidden_sizes.hpp"

namespace latent::config_json {

namespace {
[[noreturn]] void expected(const std::string& where, const char* what) {
  throw std::invalid_argument("\"" + where + "\" should be " + what);
}

template <class T>
void read_list(const nlohmann::json& j, const std::string& where, const char* what, std::vector<T>& out) {
  if (!j.is_array()) expected(where, what);
  out.clear();
  for (const nlohmann::json& item : j) {
    out.emplace_back();
    read_value(item, where, out.back());
  }
}
}  // namespace

std::string first_difference(const nlohmann::json& saved, const nlohmann::json& built, const std::string& prefix) {
  if (saved == built) return "";
  if (saved.is_object() && built.is_object()) {
    for (const auto& [key, value] : built.items()) {
      const auto it = saved.find(key);
      if (it == saved.end()) return "\"" + prefix + key + "\" is missing from the checkpoint";
      if (std::string d = first_difference(*it, value, prefix + key + "."); !d.empty()) return d;
    }
    for (const auto& [key, value] : saved.items())
      if (!built.contains(key)) return "\"" + prefix + key + "\" is in the checkpoint but not in this model";
  }
  auto shown = [](const nlohmann::json& v) {
    const std::string s = v.dump();
    return s.size() > 40 ? s.substr(0, 37) + "..." : s;
  };
  // Appended, not concatenated: GCC 12 warns falsely (-Wrestrict) on const char* + std::string.
  const std::string name =
      prefix.empty() ? "the config" : std::string("\"").append(prefix, 0, prefix.size() - 1).append("\"");
  return name + " is " + shown(saved) + " in the checkpoint, " + shown(built) + " in this model";
}

void rethrow_at(const std::string& where, const std::invalid_argument& problem) {
  throw std::invalid_argument("\"" + where + "\": " + problem.what());
}

void require_object(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) expected(where.empty() ? "(the config)" : where, "an object of named fields");
}

void read_value(const nlohmann::json& j, const std::string& where, int& out) {
  if (!j.is_number_integer() || j.get<double>() < std::numeric_limits<int>::min() ||
      j.get<double>() > std::numeric_limits<int>::max())
    expected(where, "a whole number");
  out = j.get<int>();
}

void read_value(const nlohmann::json& j, const std::string& where, float& out) {
  // A double beyond a float's range would become inf.
  if (!j.is_number() || !(std::abs(j.get<double>()) <= std::numeric_limits<float>::max()))
    expected(where, "a finite number");
  out = j.get<float>();
}

void read_value(const nlohmann::json& j, const std::string& where, bool& out) {
  if (!j.is_boolean()) expected(where, "true or false");
  out = j.get<bool>();
}

void read_value(const nlohmann::json& j, const std::string& where, std::string& out) {
  if (!j.is_string()) expected(where, "a name in quotes");
  out = j.get<std::string>();
}

void read_value(const nlohmann::json& j, const std::string& where, std::vector<int>& out) {
  read_list(j, where, "a list of layer widths", out);
  try {
    check_hidden_sizes(out);
  } catch (const std::invalid_argument& e) {
    rethrow_at(where, e);
  }
}

void read_value(const nlohmann::json& j, const std::string& where, std::vector<float>& out) {
  read_list(j, where, "a list of numbers", out);
}

}  // namespace latent::config_json
