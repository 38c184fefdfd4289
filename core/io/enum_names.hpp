// The names of enum values as the command line and checkpoints spell them.
// Each named enum lists its names once, in a table that `enum_names(E)`
// returns (declared beside the enum, found by argument-dependent lookup);
// to_string and from_string read that table both ways.
#pragma once
#include <concepts>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>
#include <type_traits>

namespace latent {

template <class Enum>
struct EnumName {
  Enum value;
  const char* name;
};

template <class Enum>
struct EnumNames {
  const char* what;  // what the enum chooses, for messages: "activation"
  // The first row naming a value is how it is written; later rows naming
  // the same value are older spellings that are still read.
  std::span<const EnumName<Enum>> names;
};

template <class Enum>
concept NamedEnum = std::is_enum_v<Enum> && requires(Enum e) {
  { enum_names(e) } -> std::same_as<EnumNames<Enum>>;
};

template <NamedEnum Enum>
std::string to_string(Enum value) {
  for (const EnumName<Enum>& n : enum_names(value).names)
    if (n.value == value) return n.name;
  return "?";
}

// The value `name` spells, or nothing (for readers that fall back to a default).
template <NamedEnum Enum>
std::optional<Enum> find_enum(const std::string& name) {
  for (const EnumName<Enum>& n : enum_names(Enum{}).names)
    if (name == n.name) return n.value;
  return std::nullopt;
}

// Throws std::invalid_argument: "unknown <what> '<name>' (use a, b or c)".
template <NamedEnum Enum>
Enum from_string(const std::string& name) {
  if (const std::optional<Enum> value = find_enum<Enum>(name)) return *value;
  const EnumNames<Enum> table = enum_names(Enum{});
  std::vector<const char*> spellings;  // each value's first row: older spellings are not offered
  for (const EnumName<Enum>& n : table.names)
    if (to_string(n.value) == n.name) spellings.push_back(n.name);
  std::string choices;
  for (size_t i = 0; i < spellings.size(); ++i)
    choices += std::string(i == 0 ? "" : i + 1 == spellings.size() ? " or " : ", ") + spellings[i];
  throw std::invalid_argument("unknown " + std::string(table.what) + " '" + name + "' (use " + choices + ")");
}

}  // namespace latent
