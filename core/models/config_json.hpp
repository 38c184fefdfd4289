// One JSON shape for every model config (VaeConfig, MdnConfig, ...). A
// config lists the fields a checkpoint keeps, once, in a static member
// template `fields(config, visit)` that calls visit("name", config.member)
// for each; config_to_json and config_from_json turn that list into JSON and
// back, with one-line errors naming the config and the field. A config may
// add `void check() const` (throws std::invalid_argument), run after reading.
#pragma once
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/io/enum_names.hpp"

namespace latent {

// Optional: checkpoints saved before the field existed lack it; it then
// keeps its default.
enum class Presence { Required, Optional };

namespace config_json {

template <class T, class Visit>
concept HasFields = requires(T& config, Visit& visit) { T::fields(config, visit); };

class Writer {
 public:
  explicit Writer(nlohmann::json& out) : out_(out) {}
  template <class T>
  void operator()(const char* key, const T& value, Presence = Presence::Required) {
    if constexpr (NamedEnum<T>) {
      out_[key] = to_string(value);
    } else if constexpr (HasFields<const T, Writer>) {
      nlohmann::json& nested = out_[key] = nlohmann::json::object();
      Writer writer(nested);
      T::fields(value, writer);
    } else {
      out_[key] = value;
    }
  }

 private:
  nlohmann::json& out_;
};

// The plain values a config holds; each throws std::invalid_argument with
// `where` and what the value should have been. A list of whole numbers is
// a list of hidden-layer widths (see check_hidden_sizes).
void read_value(const nlohmann::json& j, const std::string& where, int& out);
void read_value(const nlohmann::json& j, const std::string& where, float& out);
void read_value(const nlohmann::json& j, const std::string& where, bool& out);
void read_value(const nlohmann::json& j, const std::string& where, std::string& out);
void read_value(const nlohmann::json& j, const std::string& where, std::vector<int>& out);
void read_value(const nlohmann::json& j, const std::string& where, std::vector<float>& out);
// Where two configs' JSON differ, for a mismatch message: `"fixed_sigma" is
// 0.5 in the checkpoint, 0.1 in this model` (the first differing field, nested
// names joined by dots); "" when they are equal.
std::string first_difference(const nlohmann::json& saved, const nlohmann::json& built, const std::string& prefix = "");
// Throws unless j is a JSON object.
void require_object(const nlohmann::json& j, const std::string& where);
// `"where": problem`, for problems a reader finds after reading.
[[noreturn]] void rethrow_at(const std::string& where, const std::invalid_argument& problem);

class Reader {
 public:
  // `prefix` names the object being read inside the config ("" at the top, "x_scaling." inside).
  Reader(const nlohmann::json& in, std::string prefix) : in_(in), prefix_(std::move(prefix)) {}
  template <class T>
  void operator()(const char* key, T& value, Presence presence = Presence::Required) {
    const std::string where = prefix_ + key;
    const auto it = in_.find(key);
    if (it == in_.end()) {
      if (presence == Presence::Optional) return;
      throw std::invalid_argument("\"" + where + "\" is missing");
    }
    if constexpr (NamedEnum<T>) {
      std::string name;
      read_value(*it, where, name);
      try {
        value = from_string<T>(name);
      } catch (const std::invalid_argument& e) {
        rethrow_at(where, e);
      }
    } else if constexpr (HasFields<T, Reader>) {
      read_object(*it, where, value);
    } else {
      read_value(*it, where, value);
    }
  }

  template <class Config>
  static void read_object(const nlohmann::json& j, const std::string& where, Config& config) {
    require_object(j, where);
    Reader reader(j, where.empty() ? "" : where + ".");
    Config::fields(config, reader);
    if constexpr (requires { config.check(); }) {
      try {
        config.check();
      } catch (const std::invalid_argument& e) {
        if (where.empty()) throw;
        rethrow_at(where, e);
      }
    }
  }

 private:
  const nlohmann::json& in_;
  std::string prefix_;
};

}  // namespace config_json

template <class Config>
nlohmann::json config_to_json(const Config& config) {
  nlohmann::json j = nlohmann::json::object();
  config_json::Writer writer(j);
  Config::fields(config, writer);
  return j;
}

// Throws std::invalid_argument: "bad <Config::kName> architecture: <what and where>".
template <class Config>
Config config_from_json(const nlohmann::json& j) {
  Config config;
  try {
    config_json::Reader::read_object(j, "", config);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("bad " + std::string(Config::kName) + " architecture: " + e.what());
  }
  return config;
}

// The config saved under `key` of a checkpoint's architecture object.
template <class Config>
Config config_from_json(const nlohmann::json& architecture, const char* key) {
  if (!architecture.is_object() || !architecture.contains(key))
    throw std::invalid_argument("the checkpoint's architecture has no \"" + std::string(key) + "\" entry (the " +
                                Config::kName + "'s); it was not saved by this Latent Lab");
  return config_from_json<Config>(architecture.at(key));
}

}  // namespace latent
