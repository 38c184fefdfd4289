// A checkpoint with a valid checksum but a hostile or edited header: every
// field is range-checked, and the parameters its architecture declares are
// matched against the file, before any model is built (one line each).
#include <doctest/doctest.h>

#include <string>

#include "core/data/catalog.hpp"
#include "core/train/open_checkpoint.hpp"
#include "core/train/training_session.hpp"
#include "scratch_directory.hpp"

using namespace latent;
using latent::testing::is_one_line_about;
using latent::testing::ScratchDirectory;

namespace {

Checkpoint checkpoint_of(ModelKind kind, const std::string& dataset) {
  ModelSettings model;
  model.kind = kind;
  model.dataset = dataset;
  TrainingSession session(model, TrainSettings{}, std::make_shared<const DataSplit>(load_dataset(dataset, 1)));
  session.step();
  return session.to_checkpoint();
}

// The message open_checkpoint gives for `c` saved with a valid checksum, or "" if it (wrongly) opened.
std::string open_error(const Checkpoint& c, const std::string& path) {
  save_checkpoint(path, c);
  try {
    open_checkpoint(path, 1);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("open checkpoint: a hostile size, alone or summed over layers, is refused before anything is built") {
  ScratchDirectory dir;
  const std::string path = dir.file("hostile.ckpt");
  const Checkpoint good = checkpoint_of(ModelKind::Vae, "moons");
  CHECK(open_checkpoint((save_checkpoint(path, good), path), 1).model.latent_dim == 2);
  struct Case {
    const char* field;
    nlohmann::json value;
    const char* said;  // in the message
  };
  const Case cases[] = {
      {"decoder_hidden", {1073741824}, "1073741824"},
      {"latent_dim", 1000000, "\"latent_dim\" is 1000000"},
      {"input_dim", 2147483647, "\"input_dim\" is 2147483647"},
      {"fixed_sigma", 0, "\"fixed_sigma\""},
      {"fixed_sigma", 1e39, "\"fixed_sigma\""},
      // Each width allowed, but 20 layers of 8,192 are 1.3 billion parameters: 20 GB with gradients and moments.
      {"encoder_hidden", std::vector<int>(20, 8192), "declares 1275285936 parameters but the file holds 9136"},
  };
  for (const Case& k : cases) {
    Checkpoint c = good;
    c.architecture["vae"][k.field] = k.value;
    const std::string message = open_error(c, path);
    CAPTURE(message);
    CHECK(is_one_line_about(message, path));
    CHECK(message.find(k.said) != std::string::npos);
  }
}

TEST_CASE("open checkpoint: every saved setting is range-checked, in one line naming the field and never the JSON library") {
  ScratchDirectory dir;
  const std::string path = dir.file("edited.ckpt");
  const Checkpoint good = checkpoint_of(ModelKind::Vae, "moons");
  const std::pair<nlohmann::json::json_pointer, nlohmann::json> cases[] = {
      {"/training/batch_size"_json_pointer, 0},          {"/training/batch_size"_json_pointer, -1},
      {"/training/batch_size"_json_pointer, 2147483648}, {"/training/learning_rate"_json_pointer, -0.001},
      {"/training/beta"_json_pointer, -1},               {"/training/mc_samples"_json_pointer, 0},
      {"/seed"_json_pointer, -5},                        {"/samples_seen"_json_pointer, -5},
      {"/samples_seen"_json_pointer, "many"},            {"/dataset"_json_pointer, 7},
  };
  for (const auto& [where, value] : cases) {
    Checkpoint c = good;
    c.architecture[where] = value;
    const std::string message = open_error(c, path);
    CAPTURE(message);
    CHECK(is_one_line_about(message, path));
    const std::string field = where.back();
    CHECK(message.find("\"" + (where.parent_pointer().empty() ? "" : where.parent_pointer().back() + ".") + field +
                       "\" is " + value.dump()) != std::string::npos);
    CHECK(message.find("json.exception") == std::string::npos);
  }
}

TEST_CASE("open checkpoint: the conditional models' component count is held to its limit too") {
  ScratchDirectory dir;
  const std::string path = dir.file("mdn.ckpt");
  Checkpoint c = checkpoint_of(ModelKind::Conditional, "sinusoid");
  c.architecture["mdn"]["components"] = 1000000;
  const std::string message = open_error(c, path);
  CAPTURE(message);
  CHECK(is_one_line_about(message, path));
  CHECK(message.find("\"components\" is 1000000") != std::string::npos);
}

TEST_CASE("open checkpoint: an architecture that differs from the model names the field once, not two equal descriptions") {
  const Checkpoint good = checkpoint_of(ModelKind::Vae, "moons");
  ModelSettings model;
  model.dataset = "moons";
  TrainingSession session(model, TrainSettings{}, std::make_shared<const DataSplit>(load_dataset("moons", 1)));
  Checkpoint c = good;
  c.architecture["vae"]["fixed_sigma"] = 0.5;  // unused with a learned sigma: both describe themselves alike
  std::string message;
  try {
    session.load_checkpoint(c);
  } catch (const std::invalid_argument& e) {
    message = e.what();
  }
  CAPTURE(message);
  const std::string description = session.model().describe();
  CHECK(message.find(description) != std::string::npos);
  CHECK(message.find(description, message.find(description) + 1) == std::string::npos);
  CHECK(message.find("\"fixed_sigma\" is 0.5 in the checkpoint") != std::string::npos);
}
