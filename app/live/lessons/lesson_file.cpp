// Parsing and checking lesson files. Every message is one line: the file,
// the field (as a path like steps[2].settings.lr), what was there, the fix.
#include "live/lessons/lesson_file.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/data/catalog.hpp"
#include "core/models/cvae_config.hpp"
#include "core/models/vae.hpp"
#include "core/models/vae_config.hpp"
#include "core/nn/activation.hpp"
#include "core/nn/hidden_sizes.hpp"
#include "core/train/kinds/model_kind.hpp"
#include "core/train/settings.hpp"
#include "live/lessons/caption.hpp"
#include "live/text/glyph_ranges.hpp"

namespace latent {

namespace {

using Json = nlohmann::json;

constexpr size_t kMaxFileBytes = 1 << 20;
constexpr size_t kMaxSteps = 100;
constexpr size_t kMaxText = 4000;
constexpr size_t kMaxPins = 6;
constexpr int64_t kMaxWarmup = 1000000;

// Where in the file we are, for messages: "steps[2].settings.lr".
class Reader {
 public:
  Reader(const std::string& path) : path_(path) {}

  [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
    // Keys and values quoted from the file may hold control characters (a DEL in a key, found by fuzzing).
    std::string message = field + ": " + problem;
    for (char& c : message)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    throw LessonError(path_ + ": " + message);
  }
  static std::string shown(const Json& v) {
    std::string s = v.dump();
    return s.size() > 40 ? s.substr(0, 37) + "..." : s;
  }

  const Json& require(const Json& object, const std::string& key, const std::string& field) const {
    if (!object.contains(key)) fail(field, "missing; add \"" + key + "\"");
    return object.at(key);
  }
  std::string text(const Json& v, const std::string& field, bool allow_empty = false) const {
    if (!v.is_string()) fail(field, "expected text in quotes, got " + shown(v));
    std::string s = v.get<std::string>();
    if (!allow_empty && s.empty()) fail(field, "is empty; write something or leave the field out");
    if (s.size() > kMaxText) fail(field, "is " + std::to_string(s.size()) + " characters; keep it under " + std::to_string(kMaxText));
    if (const std::optional<char32_t> c = first_undrawable(s)) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", unsigned(*c));
      // Appended, not concatenated: GCC 12 warns falsely (-Wrestrict) on const char* + std::string.
      std::string why = "has a character the window's font cannot draw (";
      why.append(code).append("); write it another way, e.g. x_hat, or use Greek, math and arrow symbols");
      fail(field, why);
    }
    return s;
  }
  double number(const Json& v, const std::string& field, double lo, double hi) const {
    if (!v.is_number()) fail(field, "expected a number, got " + shown(v));
    const double x = v.get<double>();
    if (!(x >= lo && x <= hi)) fail(field, shown(v) + " is out of range; use a number from " + fmt(lo) + " to " + fmt(hi));
    return x;
  }
  int64_t integer(const Json& v, const std::string& field, int64_t lo, int64_t hi) const {
    if (!v.is_number_integer()) fail(field, "expected a whole number, got " + shown(v));
    const int64_t x = v.get<int64_t>();
    if (x < lo || x > hi) fail(field, shown(v) + " is out of range; use a whole number from " + fmt(double(lo)) + " to " + fmt(double(hi)));
    return x;
  }
  bool boolean(const Json& v, const std::string& field) const {
    if (!v.is_boolean()) fail(field, "expected true or false, got " + shown(v));
    return v.get<bool>();
  }
  void only_keys(const Json& object, const std::string& field, std::initializer_list<const char*> keys) const {
    for (auto it = object.begin(); it != object.end(); ++it) {
      bool known = false;
      for (const char* k : keys) known |= it.key() == k;
      if (!known) {
        std::string list;
        for (const char* k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
        fail(field.empty() ? it.key() : field + "." + it.key(), "unknown field; the fields here are " + list);
      }
    }
  }
  static std::string fmt(double v) {
    std::ostringstream o;
    o << v;
    return o.str();
  }

 private:
  std::string path_;
};

// Checks one run setting with the command line's rules, and returns it as the command line would take it.
std::string setting_value(const Reader& r, const std::string& key, const Json& v, const std::string& field) {
  auto checked = [&](auto parse) {
    const std::string s = r.text(v, field);
    try {
      parse(s);
    } catch (const std::exception& e) {
      r.fail(field, e.what());
    }
    return s;
  };
  if (key == "model") return checked(from_string<ModelKind>);
  if (key == "dataset") {
    const std::string s = r.text(v, field);
    if (s.rfind("idx:", 0) == 0 || s.rfind("csv:", 0) == 0 || s.rfind("images:", 0) == 0) return s;
    std::string list;
    for (const DatasetInfo& d : dataset_catalog()) {
      if (d.name == s) return s;
      list += (list.empty() ? "" : ", ") + d.name;
    }
    r.fail(field, "\"" + s + "\" is not a data set; use one of " + list + ", idx:DIR or csv:FILE");
  }
  if (key == "prior") return checked(from_string<CvaePrior>);
  if (key == "activation") return checked(from_string<Activation>);
  if (key == "likelihood") return checked(from_string<Likelihood>);
  if (key == "estimator") return checked(from_string<EncoderGradient>);
  if (key == "encoder" || key == "decoder") return checked(parse_hidden_sizes);
  if (key == "lr") return Reader::fmt(r.number(v, field, kMinLearningRate, kMaxLearningRate));
  if (key == "beta") return Reader::fmt(r.number(v, field, 0.0, kMaxBeta));
  if (key == "components") return std::to_string(r.integer(v, field, 1, kMaxComponents));
  if (key == "latent") return std::to_string(r.integer(v, field, 1, kMaxLatentDim));
  if (key == "seed") return std::to_string(r.integer(v, field, 0, int64_t(1) << 53));
  if (key == "batch") return std::to_string(r.integer(v, field, 1, kMaxBatchSize));
  if (key == "samples") return std::to_string(r.integer(v, field, 1, kMaxMcSamples));
  if (key == "pace") return std::to_string(r.integer(v, field, 0, 1000000));
  if (key == "groups") return std::to_string(r.integer(v, field, 1, kMaxLatentDim));
  if (key == "categories") return std::to_string(r.integer(v, field, 2, kMaxLatentDim));
  if (key == "codebook") return std::to_string(r.integer(v, field, 2, 4096));
  if (key == "temperature") return Reader::fmt(r.number(v, field, 0.01, 100.0));
  std::string list;
  for (const std::string& k : lesson_setting_keys()) list += (list.empty() ? "" : ", ") + k;
  r.fail(field, "unknown setting; the settings are " + list);
}

std::vector<LessonPanelPlace> parse_panels(const Reader& r, const Json& v, const std::string& field) {
  if (!v.is_array() || v.empty() || v.size() > size_t(kLessonPanelCount))
    r.fail(field, "expected a list of 1 to " + std::to_string(kLessonPanelCount) + " panels, like [{\"panel\": \"latent\"}]");
  std::vector<LessonPanelPlace> places;
  bool seen[kLessonPanelCount] = {};
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    const Json& p = v[i];
    if (!p.is_object()) r.fail(f, "expected {\"panel\": NAME, \"column\": N, \"width\": W, \"height\": H}");
    r.only_keys(p, f, {"panel", "column", "width", "height"});
    LessonPanelPlace place;
    const std::string name = r.text(r.require(p, "panel", f + ".panel"), f + ".panel");
    const auto panel = lesson_panel_from_string(name);
    if (!panel) {
      std::string list;
      for (int k = 0; k < kLessonPanelCount; ++k) list += (k ? ", " : "") + std::string(to_string(LessonPanel(k)));
      r.fail(f + ".panel", "\"" + name + "\" is not a panel; the panels are " + list);
    }
    if (seen[int(*panel)]) r.fail(f + ".panel", "\"" + name + "\" is listed twice; list each panel once");
    seen[int(*panel)] = true;
    place.panel = *panel;
    if (p.contains("column")) place.column = int(r.integer(p["column"], f + ".column", 0, 3));
    if (p.contains("width")) place.width = float(r.number(p["width"], f + ".width", 0.1, 10.0));
    if (p.contains("height")) place.height = float(r.number(p["height"], f + ".height", 0.1, 10.0));
    places.push_back(place);
  }
  return places;
}

LessonStep parse_step(const Reader& r, const Json& s, const std::string& field) {
  if (!s.is_object()) r.fail(field, "expected a step: {\"title\": ..., \"caption\": ...}");
  r.only_keys(s, field, {"title", "caption", "formula", "numbers", "settings", "restart", "checkpoint", "warmup",
                         "training", "panels", "gradient_lab_tab", "lab_cost", "pins", "slice_x", "select", "start_vi"});
  LessonStep step;
  step.title = r.text(r.require(s, "title", field + ".title"), field + ".title");
  step.caption = r.text(r.require(s, "caption", field + ".caption"), field + ".caption");
  if (s.contains("formula")) step.formula = r.text(s["formula"], field + ".formula");
  if (s.contains("numbers")) {
    step.numbers = r.text(s["numbers"], field + ".numbers");
    if (const std::string problem = check_numbers(step.numbers); !problem.empty()) r.fail(field + ".numbers", problem);
  }
  if (s.contains("settings")) {
    const Json& settings = s["settings"];
    if (!settings.is_object()) r.fail(field + ".settings", "expected {\"dataset\": \"moons\", \"lr\": 0.001, ...}");
    for (auto it = settings.begin(); it != settings.end(); ++it)
      step.settings.emplace_back(it.key(), setting_value(r, it.key(), it.value(), field + ".settings." + it.key()));
  }
  if (s.contains("restart")) step.restart = r.boolean(s["restart"], field + ".restart");
  if (s.contains("checkpoint")) step.checkpoint = r.text(s["checkpoint"], field + ".checkpoint");
  if (s.contains("warmup")) step.warmup = r.integer(s["warmup"], field + ".warmup", 0, kMaxWarmup);
  if (s.contains("training")) {
    const Json& t = s["training"];
    const std::string f = field + ".training";
    LessonTraining training;
    if (t.is_string() && t == "run") {
      training.mode = LessonTraining::Mode::Run;
    } else if (t.is_string() && t == "pause") {
      training.mode = LessonTraining::Mode::Pause;
    } else if (t.is_object() && t.size() == 1 && t.contains("steps")) {
      training.mode = LessonTraining::Mode::RunThenPause;
      training.steps = r.integer(t["steps"], f + ".steps", 1, kMaxWarmup);
    } else {
      r.fail(f, "expected \"run\", \"pause\" or {\"steps\": N} (run N steps, then pause), got " + Reader::shown(t));
    }
    step.training = training;
  }
  if (s.contains("panels")) step.panels = parse_panels(r, s["panels"], field + ".panels");
  if (s.contains("gradient_lab_tab")) {
    const std::string tab = r.text(s["gradient_lab_tab"], field + ".gradient_lab_tab");
    if (tab != "live" && tab != "1d" && tab != "discrete")
      r.fail(field + ".gradient_lab_tab", "\"" + tab + "\" is not a tab; use \"live\", \"1d\" or \"discrete\"");
    step.gradient_lab_tab = tab;
  }
  if (s.contains("lab_cost")) {
    const std::string cost = r.text(s["lab_cost"], field + ".lab_cost");
    if (cost != "quadratic" && cost != "bump" && cost != "cosine")
      r.fail(field + ".lab_cost", "\"" + cost + "\" is not a cost; use \"quadratic\", \"bump\" or \"cosine\"");
    step.lab_cost = cost;
  }
  if (s.contains("pins")) {
    const Json& pins = s["pins"];
    const std::string f = field + ".pins";
    if (!pins.is_array() || pins.size() > kMaxPins)
      r.fail(f, "expected up to " + std::to_string(kMaxPins) + " latent points, like [[-1.5, 0.5], [1.5, -0.5]]");
    std::vector<std::vector<double>> zs;
    for (size_t i = 0; i < pins.size(); ++i) {
      const std::string pf = f + "[" + std::to_string(i) + "]";
      if (!pins[i].is_array() || pins[i].empty() || pins[i].size() > 64)
        r.fail(pf, "expected a latent point like [1.0, -0.5], got " + Reader::shown(pins[i]));
      std::vector<double> z;
      for (size_t d = 0; d < pins[i].size(); ++d)
        z.push_back(r.number(pins[i][d], pf + "[" + std::to_string(d) + "]", -10.0, 10.0));
      zs.push_back(std::move(z));
    }
    step.pins = std::move(zs);
  }
  if (s.contains("slice_x")) step.slice_x = r.number(s["slice_x"], field + ".slice_x", -1e6, 1e6);
  if (s.contains("select")) step.select = int(r.integer(s["select"], field + ".select", 0, 10000000));
  if (s.contains("start_vi")) step.start_vi = r.boolean(s["start_vi"], field + ".start_vi");
  return step;
}

}  // namespace

const std::vector<std::string>& lesson_setting_keys() {
  static const std::vector<std::string> keys{"model", "dataset", "components", "prior", "latent",  "encoder",
                                             "decoder", "activation", "likelihood", "seed", "lr", "beta",
                                             "batch", "samples", "estimator", "pace", "groups", "categories",
                                             "codebook", "temperature"};
  return keys;
}

Lesson parse_lesson(const std::string& text, const std::string& name, const std::string& path) {
  const Reader r(path);
  Json j;
  try {
    j = Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // Only the byte offset of the library's message: the rest of its text is not for users.
    throw LessonError(path + ": not valid JSON near byte " + std::to_string(e.byte) +
                      "; check for a missing comma, quote or bracket there");
  } catch (const nlohmann::json::out_of_range&) {
    // The parser's other error: a number too large for a double (found by fuzzing).
    throw LessonError(path + ": a number too large to read; write it with fewer digits");
  }
  if (!j.is_object()) r.fail("(top level)", "expected {\"title\": ..., \"steps\": [...]}");
  r.only_keys(j, "", {"title", "summary", "steps"});
  Lesson lesson;
  lesson.name = name;
  lesson.path = path;
  lesson.title = r.text(r.require(j, "title", "title"), "title");
  if (j.contains("summary")) lesson.summary = r.text(j["summary"], "summary");
  const Json& steps = r.require(j, "steps", "steps");
  if (!steps.is_array() || steps.empty() || steps.size() > kMaxSteps)
    r.fail("steps", "expected a list of 1 to " + std::to_string(kMaxSteps) + " steps");
  for (size_t i = 0; i < steps.size(); ++i) lesson.steps.push_back(parse_step(r, steps[i], "steps[" + std::to_string(i) + "]"));
  return lesson;
}

Lesson read_lesson_file(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw LessonError(path + ": cannot read the lesson file (" + ec.message() + "); check the path");
  if (size > kMaxFileBytes)
    throw LessonError(path + ": " + std::to_string(size) + " bytes is too large for a lesson; keep it under 1 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LessonError(path + ": cannot open the lesson file; check its permissions");
  std::string text(size_t(size), '\0');
  in.read(text.data(), std::streamsize(size));
  if (!in) throw LessonError(path + ": could not read the whole lesson file");
  return parse_lesson(text, std::filesystem::path(path).stem().string(), path);
}

}  // namespace latent
