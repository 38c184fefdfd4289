// The safetensors way in and out: our VAE round-trips bit-exactly, a file
// PyTorch wrote decodes as PyTorch decodes it, and every damaged file is
// refused in one line naming the file, the tensor and the fix.
#include <doctest/doctest.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "core/models/vae.hpp"
#include "core/models/vae_safetensors.hpp"
#include "core/train/model_file.hpp"
#include "tests/scratch_directory.hpp"

using namespace latent;
using latent::testing::is_one_line_about;
using latent::testing::ScratchDirectory;
using latent::testing::slurp;
using latent::testing::spill;

namespace {

Checkpoint random_vae(const VaeConfig& config, uint64_t seed) {
  const Vae vae(config);
  Checkpoint c;
  c.model_kind = "vae";
  c.architecture = {{"dataset", "moons"}, {"vae", config_to_json(config)}};
  c.params.assign(vae.param_count(), 0.0f);
  Rng rng(seed);
  vae.init(c.params.data(), rng);
  if (config.likelihood == Likelihood::Gaussian && config.learn_sigma)  // not the init's constant
    for (int d = 0; d < config.input_dim; ++d) c.params[vae.log_sigma_block().offset + d] = 0.1f * float(d) - 0.3f;
  return c;
}

// A file with the given header (as JSON text) and data bytes.
void write_raw(const std::string& path, const std::string& header, const std::string& data) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = char((uint64_t(header.size()) >> (8 * i)) & 0xff);
  spill(path, bytes + header + data);
}

std::string load_error(const std::string& path) {
  try {
    load_model_file(path);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("safetensors: a VAE survives export and import bit for bit") {
  ScratchDirectory dir;
  VaeConfig points = VaeConfig::for_points(2);
  VaeConfig fixed = points;
  fixed.learn_sigma = false;
  fixed.fixed_sigma = 0.25f;
  for (const VaeConfig& config : {VaeConfig::for_images(784), points, fixed}) {
    CAPTURE(config.describe());
    const Checkpoint saved = random_vae(config, 7);
    const std::string path = dir.file("model.safetensors");
    save_model_file(path, saved);
    const Checkpoint loaded = load_model_file(path);
    CHECK(loaded.model_kind == "vae");
    CHECK(loaded.architecture.at("vae") == saved.architecture.at("vae"));
    CHECK(loaded.architecture.at("dataset") == "moons");
    REQUIRE(loaded.params.size() == saved.params.size());
    CHECK(std::memcmp(loaded.params.data(), saved.params.data(), 4 * saved.params.size()) == 0);
  }
}

TEST_CASE("safetensors: the tensors carry PyTorch's names, shapes and row-major order") {
  const Checkpoint c = random_vae(VaeConfig::for_images(784), 3);
  const Vae vae(config_from_json<VaeConfig>(c.architecture, "vae"));
  const SafetensorsFile file = vae_to_safetensors(c, "x.safetensors");
  CHECK(file.tensors.size() == 14);  // encoder.{0,2}, mu, log_var, decoder.{0,2,4}: weight and bias each
  const NamedTensor& w = file.tensors.at("decoder.4.weight");
  CHECK(w.shape == std::vector<int64_t>{784, 512});
  // PyTorch's W[o][i] is our column-major block's (o, i).
  const ConstMatrixMap ours = view(c.params.data(), vae.decoder().weight_block(2));
  CHECK(w.values[5 * 512 + 7] == ours(5, 7));
  // log_var is the encoder's last layer's second half of the rows.
  const ConstMatrixMap last = view(c.params.data(), vae.encoder().weight_block(2));
  CHECK(file.tensors.at("log_var.weight").values[1 * 256 + 3] == last(2 + 1, 3));
  CHECK(file.metadata.at("activation") == "relu");
  CHECK(file.metadata.at("likelihood") == "bernoulli");
}

TEST_CASE("safetensors: a model PyTorch trained decodes as PyTorch decodes it") {
  // Made by python/train_in_pytorch.py --epochs 1 --hidden 8 8 --expect ...
  const std::string fixtures = LATENT_TEST_FIXTURES;
  const Checkpoint c = load_model_file(fixtures + "/pytorch_tiny_vae.safetensors");
  const Vae vae(config_from_json<VaeConfig>(c.architecture, "vae"));
  CHECK(vae.config().describe() == "784-8-8 > 2 > 8-8-784, relu, bernoulli");
  const auto expected = nlohmann::json::parse(slurp(fixtures + "/pytorch_tiny_vae_means.json"));
  Vae::Workspace ws;
  for (size_t k = 0; k < expected["z"].size(); ++k) {
    Matrix z(2, 1), mean;
    z << expected["z"][k][0].get<float>(), expected["z"][k][1].get<float>();
    vae.decode(c.params.data(), z, mean, ws);
    double worst = 0.0;
    for (int d = 0; d < 784; ++d) worst = std::max(worst, std::abs(double(mean(d, 0)) - expected["means"][k][d].get<double>()));
    CHECK(worst < 1e-5);
  }
}

TEST_CASE("safetensors: every damaged file is refused in one line naming the file, the tensor and the fix") {
  ScratchDirectory dir;
  const std::string good_path = dir.file("good.safetensors");
  save_model_file(good_path, random_vae(VaeConfig::for_points(2), 1));
  const std::string good = slurp(good_path);
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | uint8_t(good[i]);
  const nlohmann::json header = nlohmann::json::parse(good.substr(8, n));
  const std::string data = good.substr(8 + n);

  struct Case {
    const char* name;
    std::function<void(nlohmann::json&, std::string&)> damage;
    std::vector<const char*> says;  // what the message must name
  };
  const std::vector<Case> cases = {
      {"wrong dtype", [](nlohmann::json& h, std::string&) { h["mu.bias"]["dtype"] = "F16"; }, {"'mu.bias'", "F16", "float32"}},
      {"missing tensor", [](nlohmann::json& h, std::string&) { h.erase("log_var.bias"); }, {"'log_var.bias'", "missing", "state_dict"}},
      {"inconsistent shapes",
       [](nlohmann::json& h, std::string&) {
         auto& e = h["decoder.2.weight"];  // claim one more input, with offsets kept consistent would be a bigger file
         e["shape"][1] = e["shape"][1].get<int>() - 1;
         e["data_offsets"][1] = e["data_offsets"][1].get<int>() - 4 * e["shape"][0].get<int>();
       },
       {"'decoder.2.weight'", "shape"}},
      {"offsets outside the data",
       [](nlohmann::json& h, std::string& d) { d.resize(d.size() - 64); (void)h; },
       {"data_offsets", "truncated"}},
      {"extra tensor",
       [](nlohmann::json& h, std::string& d) {
         h["encoder.1.weight"] = {{"dtype", "F32"}, {"shape", {1}}, {"data_offsets", {d.size(), d.size() + 4}}};
         d.append(4, '\0');
       },
       {"'encoder.1.weight'", "not part of the module"}},
      {"unknown activation", [](nlohmann::json& h, std::string&) { h["__metadata__"]["activation"] = "gelu"; }, {"activation", "gelu", "relu"}},
      {"not a number",
       [](nlohmann::json& h, std::string& d) {
         const size_t at = h["mu.bias"]["data_offsets"][0].get<size_t>();
         const float nan = std::nanf("");
         std::memcpy(&d[at], &nan, 4);
       },
       {"'mu.bias'", "NaN"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    nlohmann::json h = header;
    std::string d = data;
    c.damage(h, d);
    const std::string path = dir.file(std::string("bad.safetensors"));
    write_raw(path, h.dump(), d);
    const std::string message = load_error(path);
    CHECK(is_one_line_about(message, path));
    for (const char* word : c.says) CHECK_MESSAGE(message.find(word) != std::string::npos, message);
  }

  const std::string path = dir.file("short.safetensors");
  spill(path, good.substr(0, 8) + good.substr(8, 20));  // a header longer than the file
  CHECK(load_error(path).find("exceeds the file") != std::string::npos);
  spill(path, "this is a text file, not weights\n");
  const std::string text = load_error(path);
  CHECK(is_one_line_about(text, path));
  CHECK(text.find("not a safetensors file") != std::string::npos);
  write_raw(path, "{\"a\": [1, 2", "");
  CHECK(load_error(path).find("not JSON") != std::string::npos);
  // A control character in a tensor's name is quoted printable (fuzz_safetensors: a DEL in a name).
  write_raw(path, "{\"_\x7fmean\": {\"activation\": \"tanh\"}}", "");
  const std::string del = load_error(path);
  CHECK(is_one_line_about(del, path));
  CHECK(del.find("tensor '_\\x7Fmean': no \"dtype\"") != std::string::npos);
}
