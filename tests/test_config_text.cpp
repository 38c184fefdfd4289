// The text a person or a checkpoint hands us: hidden-layer sizes as typed,
// enum names, and model configs as JSON; what is accepted, and the one-line
// message for what is not.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/models/cvae_config.hpp"
#include "core/models/mdn_config.hpp"
#include "core/models/vae.hpp"
#include "core/nn/hidden_sizes.hpp"
#include "options/run_options.hpp"

using namespace latent;

namespace {
// The message `work` throws as std::invalid_argument, or "" if it throws none.
template <class Work>
std::string message_of(Work work) {
  try {
    work();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("hidden sizes: dashes or commas, with spaces around widths, read as typed") {
  CHECK(parse_hidden_sizes("512-256") == std::vector<int>{512, 256});
  CHECK(parse_hidden_sizes("512,256") == std::vector<int>{512, 256});
  CHECK(parse_hidden_sizes(" 32 - 16 ") == std::vector<int>{32, 16});
  CHECK(parse_hidden_sizes("64") == std::vector<int>{64});
  CHECK(parse_hidden_sizes("1-8192") == std::vector<int>{1, 8192});
  CHECK(parse_hidden_sizes("007") == std::vector<int>{7});
  CHECK(hidden_sizes_text({512, 256}) == "512-256");
  CHECK(hidden_sizes_text({}).empty());
  CHECK(parse_hidden_sizes(hidden_sizes_text({3, 2, 1})) == std::vector<int>{3, 2, 1});
  CHECK(widths_text(784, {512, 256}) == "784-512-256");
  CHECK(widths_text(2, {}) == "2");
}

TEST_CASE("hidden sizes: every rejected input gets one line quoting it, the problem and how to write sizes") {
  struct Case {
    const char* text;
    const char* problem;
  };
  const Case cases[] = {
      {"", "no widths given"},
      {"   ", "no widths given"},
      {"512-", "a width is missing (a separator at an end, or two in a row)"},
      {"-512", "a width is missing (a separator at an end, or two in a row)"},
      {"512--256", "a width is missing (a separator at an end, or two in a row)"},
      {"512,,256", "a width is missing (a separator at an end, or two in a row)"},
      {"512-x", "'x' is not a whole number"},
      {"5.5", "'5.5' is not a whole number"},
      {"+5", "'+5' is not a whole number"},
      {"512 256", "'512 256' is not a whole number"},
      {"512-0", "0 is not a width from 1 to 8192"},
      {"8193", "8193 is not a width from 1 to 8192"},
      {"99999999999", "99999999999 is not a width from 1 to 8192"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const std::string message = message_of([&] { parse_hidden_sizes(c.text); });
    CHECK(message == "hidden sizes '" + std::string(c.text) + "': " + c.problem + "; write them like 512-256");
  }
}

TEST_CASE("hidden sizes: the command line reads them with the same parser and names its option") {
  RunOptions options;
  options.encoder_hidden = "128,64";
  options.decoder_hidden = "64-128";
  finish_run_options(options);
  CHECK(options.model.encoder_hidden == std::vector<int>{128, 64});
  CHECK(options.model.decoder_hidden == std::vector<int>{64, 128});

  RunOptions bad;
  bad.decoder_hidden = "64-0";
  CHECK(message_of([&] { finish_run_options(bad); }) ==
        "--decoder: hidden sizes '64-0': 0 is not a width from 1 to 8192; write them like 512-256");
  RunOptions unset;  // empty fields: the data set's defaults
  finish_run_options(unset);
  CHECK_FALSE(unset.model.encoder_hidden);
}

TEST_CASE("enum names: every value reads back from its name; unknown names list the choices") {
  for (Activation a : {Activation::Identity, Activation::Relu, Activation::Tanh, Activation::Softplus})
    CHECK(from_string<Activation>(to_string(a)) == a);
  for (Likelihood l : {Likelihood::Bernoulli, Likelihood::Gaussian}) CHECK(from_string<Likelihood>(to_string(l)) == l);
  for (CvaePrior p : {CvaePrior::StandardNormal, CvaePrior::Conditional})
    CHECK(from_string<CvaePrior>(to_string(p)) == p);
  const std::vector<std::string> estimators = {"reparameterization", "score-function", "score-function-running-mean",
                                               "score-function-leave-one-out", "enumerate", "gumbel",
                                               "straight-through"};
  for (int i = 0; i < kEncoderGradientCount; ++i) {
    CHECK(to_string(EncoderGradient(i)) == estimators[size_t(i)]);
    CHECK(from_string<EncoderGradient>(estimators[size_t(i)]) == EncoderGradient(i));
  }
  CHECK(from_string<EncoderGradient>("reinforce-loo") == EncoderGradient::ScoreFunctionLeaveOneOut);
  CHECK(message_of([] { from_string<Activation>("sigmoid"); }) ==
        "unknown activation 'sigmoid' (use relu, tanh, softplus or identity)");
  CHECK(message_of([] { from_string<EncoderGradient>("concrete"); }) ==
        "unknown estimator 'concrete' (use reparameterization, score-function, score-function-running-mean, "
        "score-function-leave-one-out, enumerate, gumbel or straight-through)");
}

TEST_CASE("config JSON: a VAE config is written exactly as checkpoints have always stored it") {
  // The header of a checkpoint saved before the configs shared one writer.
  const nlohmann::json saved = nlohmann::json::parse(R"({"activation":"tanh","decoder_hidden":[64,64],
      "encoder_hidden":[64,64],"fixed_sigma":0.10000000149011612,"input_dim":2,"latent_dim":2,
      "learn_sigma":true,"likelihood":"gaussian"})");
  CHECK(config_to_json(VaeConfig::for_points(2)) == saved);
  const VaeConfig read = config_from_json<VaeConfig>(saved);
  CHECK(read.encoder_hidden == std::vector<int>{64, 64});
  CHECK(read.likelihood == Likelihood::Gaussian);
  CHECK(read.fixed_sigma == 0.1f);
}

TEST_CASE("config JSON: fields older checkpoints lack keep their defaults") {
  const VaeConfig vae = config_from_json<VaeConfig>(nlohmann::json::parse(
      R"({"input_dim":784,"latent_dim":2,"encoder_hidden":[512,256],"decoder_hidden":[256,512],
          "activation":"relu","likelihood":"bernoulli"})"));
  CHECK(vae.learn_sigma);
  CHECK(vae.fixed_sigma == 0.1f);
  const MdnConfig mdn = config_from_json<MdnConfig>(nlohmann::json::parse(
      R"({"input_dim":1,"output_dim":1,"components":3,"hidden":[24],"activation":"tanh"})"));
  CHECK(mdn.input_scaling.is_identity());
  CHECK(mdn.components == 3);
}

TEST_CASE("config JSON: a bad field is named with what it should be, never in the JSON library's words") {
  const nlohmann::json good = config_to_json(VaeConfig{});
  auto problem = [&](auto edit) {
    nlohmann::json j = good;
    edit(j);
    return message_of([&] { config_from_json<VaeConfig>(j); });
  };
  CHECK(problem([](nlohmann::json& j) { j.erase("latent_dim"); }) ==
        "bad VAE architecture: \"latent_dim\" is missing");
  CHECK(problem([](nlohmann::json& j) { j["latent_dim"] = "two"; }) ==
        "bad VAE architecture: \"latent_dim\" should be a whole number");
  CHECK(problem([](nlohmann::json& j) { j["latent_dim"] = 2.5; }) ==
        "bad VAE architecture: \"latent_dim\" should be a whole number");
  CHECK(problem([](nlohmann::json& j) { j["encoder_hidden"] = {512, 0}; }) ==
        "bad VAE architecture: \"encoder_hidden\": 0 is not a width from 1 to 8192");
  CHECK(problem([](nlohmann::json& j) { j["decoder_hidden"] = 512; }) ==
        "bad VAE architecture: \"decoder_hidden\" should be a list of layer widths");
  CHECK(problem([](nlohmann::json& j) { j["activation"] = "sigmoid"; }) ==
        "bad VAE architecture: \"activation\": unknown activation 'sigmoid' (use relu, tanh, softplus or identity)");
  CHECK(problem([](nlohmann::json& j) { j["learn_sigma"] = 1; }) ==
        "bad VAE architecture: \"learn_sigma\" should be true or false");
  CHECK(message_of([] { config_from_json<VaeConfig>(nlohmann::json::array()); }) ==
        "bad VAE architecture: \"(the config)\" should be an object of named fields");

  // Inside a nested object the path names both levels; its own checks run too.
  nlohmann::json cvae = config_to_json(CvaeConfig{});
  cvae["x_scaling"]["scale"] = "wide";
  CHECK(message_of([&] { config_from_json<CvaeConfig>(cvae); }) ==
        "bad conditional VAE architecture: \"x_scaling.scale\" should be a list of numbers");
  cvae["x_scaling"] = {{"shift", {0.0}}, {"scale", nlohmann::json::array()}};
  CHECK(message_of([&] { config_from_json<CvaeConfig>(cvae); }) ==
        "bad conditional VAE architecture: \"x_scaling\": shift and scale differ in size");
  nlohmann::json mdn = config_to_json(MdnConfig{});
  mdn["input_scaling"] = {{"shift", {0.0, 1.0}}, {"scale", {1.0, 1.0}}};
  CHECK(message_of([&] { config_from_json<MdnConfig>(mdn); }) ==
        "bad MDN architecture: input scaling has 2 dimensions, input_dim is 1");
  CHECK(message_of([] { config_from_json<MdnConfig>(nlohmann::json::object(), "mdn"); }) ==
        "the checkpoint's architecture has no \"mdn\" entry (the MDN's); it was not saved by this Latent Lab");
}
