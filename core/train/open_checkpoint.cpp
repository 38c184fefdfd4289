// Range checks of a checkpoint's architecture object, and the count of
// parameters it declares against the parameters the file holds.
#include "core/train/open_checkpoint.hpp"

#include <new>
#include <stdexcept>

#include "core/math/number_text.hpp"
#include "core/models/config_json.hpp"
#include "core/train/kinds/trainable_model.hpp"
#include "core/train/model_file.hpp"

namespace latent {

namespace {

using Json = nlohmann::json;

[[noreturn]] void bad_field(const std::string& field, const Json& value, const std::string& expected) {
  std::string shown = value.dump();
  if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
  throw std::invalid_argument("\"" + field + "\" is " + shown + "; it should be " + expected);
}

// object[key] when present and a whole number from lo >= 0 to hi, else
// `fallback` when absent; `prefix` names the object in messages ("training.").
template <class Integer>
Integer whole_number(const Json& object, const char* key, Integer lo, Integer hi, Integer fallback,
                     const std::string& prefix = "") {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  const bool in_range = it->is_number_integer() && (it->is_number_unsigned() || it->template get<int64_t>() >= 0) &&
                        it->template get<uint64_t>() >= uint64_t(lo) && it->template get<uint64_t>() <= uint64_t(hi);
  if (!in_range)
    bad_field(prefix + key, *it, "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return it->template get<Integer>();
}

// The training settings a checkpoint records (not applied on load: the
// run's own settings are), checked with the command line's ranges.
void check_saved_training(const Json& architecture) {
  const auto it = architecture.find("training");
  if (it == architecture.end()) return;
  if (!it->is_object()) bad_field("training", *it, "an object of settings");
  auto number = [&](const char* key, double lo, double hi) {
    const auto value = it->find(key);
    if (value == it->end()) return;
    if (!value->is_number() || !(value->get<double>() >= lo && value->get<double>() <= hi))
      bad_field(std::string("training.") + key, *value,
                "a number from " + number_text(lo) + " to " + number_text(hi));
  };
  number("learning_rate", kMinLearningRate * (1 - 1e-6), kMaxLearningRate);  // saved as a float: 1e-7 rounds up
  number("beta", 0.0, kMaxBeta);
  whole_number<int>(*it, "batch_size", 1, kMaxBatchSize, 1, "training.");
  whole_number<int>(*it, "mc_samples", 1, kMaxMcSamples, 1, "training.");
}

}  // namespace

ModelKind checkpoint_kind(const Checkpoint& c) {
  try {
    return from_string<ModelKind>(c.model_kind);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("checkpoint holds a model this Latent Lab does not know: " + std::string(e.what()));
  }
}

int64_t checkpoint_samples_seen(const Checkpoint& c) {
  if (!c.architecture.is_object()) return 0;
  return whole_number<int64_t>(c.architecture, "samples_seen", 0, int64_t{1} << 62, 0);
}

ModelSettings model_settings_from_checkpoint(const Checkpoint& c, uint64_t seed) {
  ModelSettings m;
  m.kind = checkpoint_kind(c);
  const Json& a = c.architecture;
  if (!a.is_object()) throw std::invalid_argument("the architecture is not an object of named fields");
  if (const auto it = a.find("dataset"); it != a.end() && !(it->is_string() && !it->get<std::string>().empty()))
    bad_field("dataset", *it, "a data set's name in quotes");
  m.dataset = a.value("dataset", std::string("sprites"));
  if (const auto it = a.find("label_column"); it != a.end() && !(it->is_string() && !it->get<std::string>().empty()))
    bad_field("label_column", *it, "a column's name or number in quotes");
  m.label_column = a.value("label_column", std::string());
  if (const auto it = a.find("color"); it != a.end() && !it->is_boolean()) bad_field("color", *it, "true or false");
  m.color = a.value("color", false);
  m.seed = whole_number<uint64_t>(a, "seed", 0, UINT64_MAX, seed);
  checkpoint_samples_seen(c);
  check_saved_training(a);
  read_model_architecture(a, m);
  // The architecture's sizes are each within limits, yet together they could
  // still ask for gigabytes: they must describe the parameters the file holds.
  const size_t declared = saved_param_count(m.kind, a);
  if (declared != c.params.size())
    throw std::invalid_argument("the architecture declares " + std::to_string(declared) +
                                " parameters but the file holds " + std::to_string(c.params.size()));
  return m;
}

OpenedCheckpoint open_checkpoint(const std::string& path, uint64_t seed) {
  OpenedCheckpoint opened{load_model_file(path), {}};
  const std::string fix = "; the file was changed after Latent Lab saved it: restore a backup or retrain with "
                          "`latentlab train ... --save`";
  try {
    opened.model = model_settings_from_checkpoint(opened.checkpoint, seed);
  } catch (const std::invalid_argument& e) {
    throw CheckpointError(path + ": " + e.what() + fix);
  } catch (const nlohmann::json::exception&) {
    throw CheckpointError(path + ": the architecture has a field of the wrong type" + fix);
  } catch (const std::bad_alloc&) {
    throw CheckpointError(path + ": the architecture is too large to read" + fix);
  }
  return opened;
}

}  // namespace latent
