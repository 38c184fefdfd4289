// Tests of lesson files and captions: every field read as written, every
// kind of mistake refused with one line naming the file, the field and the
// fix, and live numbers written into formulas the way the window shows them.
#include <doctest/doctest.h>

#include <string>

#include "live/lessons/caption.hpp"
#include "live/lessons/lesson_file.hpp"
#include "live/lessons/lesson_player.hpp"
#include "scratch_directory.hpp"

using namespace latent;

namespace {

const char* kFull = R"JSON({
  "title": "The ELBO",
  "summary": "its two terms and beta",
  "steps": [
    {
      "title": "Two terms",
      "caption": "The ELBO trades reconstruction against KL.",
      "formula": "ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z))",
      "numbers": "ELBO {elbo} = {reconstruction} − {kl}",
      "settings": {"dataset": "fashion-mnist", "latent": 2, "lr": 0.001, "beta": 1, "batch": 128, "samples": 1,
                   "seed": 7, "encoder": "512-256", "decoder": "256-512", "activation": "relu",
                   "likelihood": "bernoulli", "estimator": "reparameterization", "pace": 0, "model": "vae"},
      "restart": true,
      "checkpoint": "models/fashion.ckpt",
      "warmup": 2000,
      "training": {"steps": 500},
      "panels": [{"panel": "latent", "column": 0, "width": 1.5}, {"panel": "curves", "column": 1, "height": 2},
                 {"panel": "decoder", "column": 1}],
      "gradient_lab_tab": "1d",
      "lab_cost": "cosine",
      "pins": [[-1.5, 0.5], [1.5, -0.5, 0.25]],
      "slice_x": 0.3,
      "select": 17,
      "start_vi": true
    },
    {"title": "Paused", "caption": "Look.", "training": "pause"},
    {"title": "Conditional", "caption": "p(y|x).", "settings": {"model": "mdn", "dataset": "bishop-inverse",
     "components": 3, "prior": "conditional"}, "training": "run"}
  ]
})JSON";

// The message a lesson text is refused with (empty if it is accepted).
std::string refusal(const std::string& text) {
  try {
    parse_lesson(text, "t", "lessons/t.json");
  } catch (const LessonError& e) {
    return e.what();
  }
  return "";
}

// A one-step lesson with `field` added to its step.
std::string with_step_field(const std::string& field) {
  return R"({"title": "T", "steps": [{"title": "S", "caption": "C", )" + field + "}]}";
}

}  // namespace

TEST_CASE("lessons: every field of a lesson file is read as written") {
  const Lesson l = parse_lesson(kFull, "elbo", "lessons/elbo.json");
  CHECK(l.name == "elbo");
  CHECK(l.title == "The ELBO");
  CHECK(l.summary == "its two terms and beta");
  REQUIRE(l.steps.size() == 3);
  const LessonStep& s = l.steps[0];
  CHECK(s.title == "Two terms");
  CHECK(s.formula == "ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z))");
  CHECK(s.numbers == "ELBO {elbo} = {reconstruction} − {kl}");
  REQUIRE(s.settings.size() == 14);
  auto setting = [&](const std::string& key) {
    for (const auto& [k, v] : s.settings)
      if (k == key) return v;
    return std::string("(absent)");
  };
  CHECK(setting("dataset") == "fashion-mnist");
  CHECK(setting("latent") == "2");
  CHECK(setting("lr") == "0.001");
  CHECK(setting("encoder") == "512-256");
  CHECK(setting("seed") == "7");
  CHECK(s.restart);
  CHECK(s.checkpoint == "models/fashion.ckpt");
  CHECK(s.warmup == 2000);
  REQUIRE(s.training);
  CHECK(s.training->mode == LessonTraining::Mode::RunThenPause);
  CHECK(s.training->steps == 500);
  REQUIRE(s.panels);
  REQUIRE(s.panels->size() == 3);
  CHECK((*s.panels)[0].panel == LessonPanel::Latent);
  CHECK((*s.panels)[0].width == doctest::Approx(1.5));
  CHECK((*s.panels)[1].panel == LessonPanel::Curves);
  CHECK((*s.panels)[1].column == 1);
  CHECK((*s.panels)[1].height == doctest::Approx(2.0));
  CHECK((*s.panels)[2].height == doctest::Approx(1.0));
  CHECK(s.gradient_lab_tab == "1d");
  CHECK(s.lab_cost == "cosine");
  REQUIRE(s.pins);
  CHECK((*s.pins)[1] == std::vector<double>{1.5, -0.5, 0.25});
  CHECK(s.slice_x == doctest::Approx(0.3));
  CHECK(s.select == 17);
  CHECK(s.start_vi);
  CHECK(l.steps[1].training->mode == LessonTraining::Mode::Pause);
  CHECK_FALSE(l.steps[1].panels);  // unset: the step before's
  CHECK(l.steps[2].training->mode == LessonTraining::Mode::Run);
}

TEST_CASE("lessons: a bad lesson file is refused with one line naming the file, the field and the fix") {
  struct Case {
    std::string text, expected;
  };
  const Case cases[] = {
      {"{\"title\": \"T\", \"steps\": [", "lessons/t.json: not valid JSON near byte"},
      {"{\"title\": \"T\", \"steps\": [1" + std::string(400, '1') + "]}", "lessons/t.json: a number too large to read"},
      {"[1, 2]", "lessons/t.json: (top level): expected {\"title\""},
      {"{\"steps\": []}", "lessons/t.json: title: missing; add \"title\""},
      {"{\"title\": 3, \"steps\": []}", "lessons/t.json: title: expected text in quotes, got 3"},
      {"{\"title\": \"T\", \"steps\": []}", "lessons/t.json: steps: expected a list of 1 to 100 steps"},
      {"{\"title\": \"T\", \"colour\": 1, \"steps\": []}", "lessons/t.json: colour: unknown field; the fields here are title, summary, steps"},
      // A DEL in a key is shown as '?', so the message stays one printable line (found by fuzzing).
      {"{\"t\x7fitle\": \"T\", \"steps\": []}", "lessons/t.json: t?itle: unknown field"},
      {R"({"title": "T", "steps": [{"caption": "C"}]})", "steps[0].title: missing"},
      {with_step_field(R"("warmup": "lots")"), "steps[0].warmup: expected a whole number, got \"lots\""},
      {with_step_field(R"("warmup": -5)"), "steps[0].warmup: -5 is out of range"},
      {with_step_field(R"("training": "walk")"), "steps[0].training: expected \"run\", \"pause\" or {\"steps\": N}"},
      {with_step_field(R"("panels": [{"panel": "teapot"}])"), "steps[0].panels[0].panel: \"teapot\" is not a panel; the panels are controls, latent"},
      {with_step_field(R"("panels": [{"panel": "latent"}, {"panel": "latent"}])"), "steps[0].panels[1].panel: \"latent\" is listed twice"},
      {with_step_field(R"("panels": [{"panel": "latent", "width": 0}])"), "steps[0].panels[0].width: 0 is out of range"},
      {with_step_field(R"("settings": {"lr": "fast"})"), "steps[0].settings.lr: expected a number, got \"fast\""},
      {with_step_field(R"("settings": {"lr": 5})"), "steps[0].settings.lr: 5 is out of range; use a number from 1e-07 to 1"},
      {with_step_field(R"("settings": {"dataset": "cats"})"), "steps[0].settings.dataset: \"cats\" is not a data set; use one of sprites"},
      {with_step_field(R"("settings": {"estimator": "magic"})"), "steps[0].settings.estimator: "},
      {with_step_field(R"("settings": {"model": "rbm"})"), "steps[0].settings.model: unknown model kind 'rbm' (use vae, conditional, gmm, categorical or vq)"},
      {with_step_field(R"("settings": {"encoder": "512,,256"})"), "steps[0].settings.encoder: hidden sizes '512,,256': a width is missing"},
      {with_step_field(R"("settings": {"speed": 3})"), "steps[0].settings.speed: unknown setting; the settings are model, dataset"},
      {with_step_field(R"("pins": [[1, 2], "A"])"), "steps[0].pins[1]: expected a latent point like [1.0, -0.5]"},
      {with_step_field(R"("pins": [[1, 20]])"), "steps[0].pins[0][1]: 20 is out of range"},
      {with_step_field(R"("gradient_lab_tab": "2d")"), "steps[0].gradient_lab_tab: \"2d\" is not a tab; use \"live\", \"1d\" or \"discrete\""},
      {with_step_field(R"("numbers": "ELBO {elbo} = {recon}")"), "steps[0].numbers: {recon} is not a caption number"},
      {with_step_field(R"("numbers": "ELBO {elbo")"), "steps[0].numbers: a { is not closed"},
      {with_step_field(R"("numbers": "{elbo} vs {log_px}")"), "steps[0].numbers: {elbo} (held-out evaluation) and {log_px} (bound panel) may be of different models"},
      {with_step_field(R"("numbers": "{kl:x}")"), "steps[0].numbers: {kl:...} takes one digit"},
      {with_step_field(R"("lab_cost": "sine")"), "steps[0].lab_cost: \"sine\" is not a cost"},
      {with_step_field(R"("start_vi": "yes")"), "steps[0].start_vi: expected true or false, got \"yes\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const std::string message = refusal(c.text);
    CHECK(message.find(c.expected) != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.find("json.exception") == std::string::npos);  // never the library's own text
  }
}

TEST_CASE("lessons: a missing, oversized or unreadable lesson file is refused by name") {
  const testing::ScratchDirectory dir;
  std::string message;
  try {
    read_lesson_file(dir.file("absent.json"));
  } catch (const LessonError& e) {
    message = e.what();
  }
  CHECK(message.find("absent.json: cannot read the lesson file") != std::string::npos);

  const std::string big = dir.write("big.json", std::string((1 << 20) + 1, ' '));
  message.clear();
  try {
    read_lesson_file(big);
  } catch (const LessonError& e) {
    message = e.what();
  }
  CHECK(message.find("big.json: 1048577 bytes is too large for a lesson") != std::string::npos);

  const std::string good = dir.write("elbo-demo.json", kFull);
  const Lesson l = read_lesson_file(good);
  CHECK(l.name == "elbo-demo");
  CHECK(l.path == good);
}

TEST_CASE("lessons: live numbers are written into the formula as the window shows them") {
  const std::map<std::string, double> v{{"elbo", -251.43}, {"reconstruction", -244.55}, {"kl", 6.88},
                                        {"step", 12345}, {"log_px", -2.1234}, {"bound_elbo", -2.5}};
  CHECK(render_numbers("ELBO {elbo} = {reconstruction} − {kl}", v) == "ELBO −251.4 = −244.6 − 6.9");
  // Small numbers keep two decimals, and {name:N} asks for N.
  CHECK(render_numbers("log p(x) {log_px} ≥ {bound_elbo}", v) == "log p(x) −2.12 ≥ −2.50");
  CHECK(render_numbers("{log_px:3}", v) == "−2.123");
  CHECK(render_numbers("after {step} steps", v) == "after 12,345 steps");
  // Not known yet: an ellipsis, not a zero.
  CHECK(render_numbers("IWAE {iwae_500}", v) == "IWAE …");
  CHECK(render_numbers("no numbers", v) == "no numbers");
  CHECK(render_numbers("{kl}", {{"kl", -0.0001}}) == "0.00");  // no "−0.00"
}

TEST_CASE("lessons: caption values come from one held-out evaluation and from the bound panel's one model") {
  Snapshot s;
  s.step = 900;
  s.training.beta = 0.5f;
  MetricRecorder recorder;
  for (int i = 0; i < 150; ++i) {
    MetricPoint p;
    p.step = i;
    p.reconstruction = float(-100 - (i < 50 ? 1000 : i));  // the first 50 must not count in the training mean
    p.kl = 5.0f;
    p.elbo = p.reconstruction - p.kl;
    recorder.append(p);
  }
  s.train_metrics = recorder.publish();
  MetricRecorder test;
  MetricPoint t;
  t.elbo = -250.0f;
  t.reconstruction = -240.0f;
  t.kl = 10.0f;
  test.append(t);
  s.test_metrics = test.publish();
  nlohmann::json figures;
  figures["bound"] = {{"model_step", 800},
                      {"figures", {{"step", 800}, {"elbo", -3.0}, {"log_px", -2.0}, {"iwae", {{5, -2.5, 0.1}, {500, -2.1, 0.01}}}}},
                      {"vi", {{"step", 800}, {"steps", 1000}, {"finished", true}, {"encoder_elbo", -3.0}, {"optimized_elbo", -2.4}}}};
  const auto v = caption_values(s, figures);
  CHECK(v.at("elbo") == doctest::Approx(-250));
  CHECK(v.at("kl") == doctest::Approx(10));
  CHECK(v.at("train_reconstruction") == doctest::Approx(-100 - (50 + 149) / 2.0));  // mean of steps 50..149
  CHECK(v.at("train_elbo") == doctest::Approx(v.at("train_reconstruction") - 5.0));
  CHECK(v.at("beta") == doctest::Approx(0.5));
  CHECK(v.at("bound_gap") == doctest::Approx(1.0));
  CHECK(v.at("iwae_5") == doctest::Approx(-2.5));
  CHECK(v.at("iwae_500") == doctest::Approx(-2.1));
  CHECK(v.count("iwae_50") == 0);
  CHECK(v.at("amortization_gap") == doctest::Approx(0.6));
  CHECK(v.at("approximation_gap") == doctest::Approx(0.4));
  CHECK(v.count("mdn_nll") == 0);  // not a conditional run
}
