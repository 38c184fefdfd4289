// Tests of lesson files and captions: every field read as written, every
// kind of mistake refused with one line naming the file, the field and the
// fix, and live numbers written into formulas the way the window shows them.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "live/lessons/caption.hpp"
#include "live/lessons/lesson_catalog.hpp"
#include "live/lessons/lesson_file.hpp"
#include "live/lessons/lesson_layout.hpp"
#include "live/lessons/lesson_player.hpp"

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
      {"[1, 2]", "lessons/t.json: (top level): expected {\"title\""},
      {"{\"steps\": []}", "lessons/t.json: title: missing; add \"title\""},
      {"{\"title\": 3, \"steps\": []}", "lessons/t.json: title: expected text in quotes, got 3"},
      {"{\"title\": \"T\", \"steps\": []}", "lessons/t.json: steps: expected a list of 1 to 100 steps"},
      {"{\"title\": \"T\", \"colour\": 1, \"steps\": []}", "lessons/t.json: colour: unknown field; the fields here are title, summary, steps"},
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
      {with_step_field(R"("settings": {"model": "gmm"})"), "steps[0].settings.model: unknown model kind 'gmm' (use vae, conditional or mdn)"},
      {with_step_field(R"("settings": {"encoder": "512,,256"})"), "steps[0].settings.encoder: hidden sizes '512,,256': a width is missing"},
      {with_step_field(R"("settings": {"speed": 3})"), "steps[0].settings.speed: unknown setting; the settings are model, dataset"},
      {with_step_field(R"("pins": [[1, 2], "A"])"), "steps[0].pins[1]: expected a latent point like [1.0, -0.5]"},
      {with_step_field(R"("pins": [[1, 20]])"), "steps[0].pins[0][1]: 20 is out of range"},
      {with_step_field(R"("gradient_lab_tab": "2d")"), "steps[0].gradient_lab_tab: \"2d\" is not a tab; use \"live\" or \"1d\""},
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
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "latentlab-lesson-test";
  fs::create_directories(dir);
  std::string message;
  try {
    read_lesson_file((dir / "absent.json").string());
  } catch (const LessonError& e) {
    message = e.what();
  }
  CHECK(message.find("absent.json: cannot read the lesson file") != std::string::npos);

  const fs::path big = dir / "big.json";
  {
    std::ofstream out(big);
    out << std::string((1 << 20) + 1, ' ');
  }
  message.clear();
  try {
    read_lesson_file(big.string());
  } catch (const LessonError& e) {
    message = e.what();
  }
  CHECK(message.find("big.json: 1048577 bytes is too large for a lesson") != std::string::npos);

  const fs::path good = dir / "elbo-demo.json";
  {
    std::ofstream out(good);
    out << kFull;
  }
  const Lesson l = read_lesson_file(good.string());
  CHECK(l.name == "elbo-demo");
  CHECK(l.path == good.string());
  fs::remove_all(dir);
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

namespace {

// Records what a player posts, as short strings.
struct CommandLog {
  std::vector<std::string> lines;
  LessonPlayer::Post post() {
    return [this](Command c) {
      std::visit(
          [&](auto& cmd) {
            using T = std::decay_t<decltype(cmd)>;
            if constexpr (std::is_same_v<T, command::Rebuild>) lines.push_back("rebuild " + cmd.model.dataset);
            else if constexpr (std::is_same_v<T, command::Reset>) lines.push_back("reset " + std::to_string(cmd.seed));
            else if constexpr (std::is_same_v<T, command::Load>) lines.push_back("load " + cmd.path);
            else if constexpr (std::is_same_v<T, command::SetPace>) lines.push_back("pace " + std::to_string(cmd.max_steps_per_second));
            else if constexpr (std::is_same_v<T, command::SetThreads>) lines.push_back("threads " + std::to_string(cmd.value));
            else if constexpr (std::is_same_v<T, command::Pause>) lines.push_back("pause");
            else if constexpr (std::is_same_v<T, command::Resume>) lines.push_back("resume");
            else if constexpr (std::is_same_v<T, command::SetBeta>) lines.push_back("beta " + std::to_string(int(cmd.value * 100)));
            else if constexpr (std::is_same_v<T, command::SetEstimator>) lines.push_back(std::string("estimator ") + to_string(cmd.value));
          },
          c);
    };
  }
  bool has(const std::string& line) const { return std::find(lines.begin(), lines.end(), line) != lines.end(); }
  int count(const std::string& prefix) const {
    return int(std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; }));
  }
};

const char* kWalk = R"JSON({"title": "Walk", "steps": [
  {"title": "A", "caption": "a", "settings": {"dataset": "moons", "beta": 1}, "warmup": 300, "training": "run",
   "panels": [{"panel": "latent"}, {"panel": "curves", "column": 1}], "pins": [[1, 0]], "select": 4},
  {"title": "B", "caption": "b", "settings": {"beta": 0.5}, "training": {"steps": 50}},
  {"title": "C", "caption": "c", "settings": {"dataset": "rings"}, "restart": true, "training": "pause"},
  {"title": "D", "caption": "d", "restart": true, "checkpoint": "models/m.ckpt", "settings": {"estimator": "score-function"}}
]})JSON";

Snapshot snapshot_at(const std::string& dataset, uint64_t run, int64_t step, RunState state = RunState::Running) {
  Snapshot s;
  s.model.dataset = dataset;
  s.run = run;
  s.step = step;
  s.state = state;
  return s;
}

}  // namespace

TEST_CASE("lessons: a step folds the steps before it; unset fields keep their values") {
  const Lesson l = parse_lesson(kWalk, "walk", "/lessons/walk.json");
  RunOptions base;
  const LessonScene b = lesson_scene(l, 1, base);
  CHECK(b.run.model.dataset == "moons");
  CHECK(b.run.training.beta == doctest::Approx(0.5));
  REQUIRE(b.panels.size() == 2);  // from step A
  CHECK(b.pins.size() == 1);
  CHECK(b.select == 4);
  CHECK(b.warmup == 300);  // B keeps A's model, which A warmed up: opened at B directly, it warms up too
  CHECK(lesson_scene(l, 2, base).warmup == 0);  // C starts a new model and asks for none
  const LessonScene d = lesson_scene(l, 3, base);
  CHECK(d.run.model.dataset == "rings");
  CHECK(d.run.training.estimator == EncoderGradient::ScoreFunction);
  CHECK(d.checkpoint == "/lessons/models/m.ckpt");  // relative to the lesson file
}

TEST_CASE("lessons: the player brings training to each step: new model, warm-up, run-then-pause, restart, checkpoint") {
  CommandLog log;
  RunOptions base;  // sprites
  LessonPlayer player(parse_lesson(kWalk, "walk", "/lessons/walk.json"), base, log.post());
  player.go_to(0, snapshot_at("sprites", 1, 5000));
  CHECK(log.has("rebuild moons"));
  CHECK(log.has("pace 0"));  // warm-up at full speed, on every core
  CHECK(log.has("threads " + std::to_string(std::max(1, int(std::thread::hardware_concurrency())))));
  CHECK(player.waiting());
  // Snapshots of the old model do not count, however many steps they have.
  CHECK(player.view_version() == 1);  // what needs no model goes in place at once
  player.update(snapshot_at("sprites", 1, 6000));
  CHECK(player.waiting());
  CHECK(player.view_version() == 1);
  player.update(snapshot_at("moons", 2, 0, RunState::Loading));
  CHECK(player.waiting());
  player.update(snapshot_at("moons", 2, 10));
  CHECK(player.warming_up());
  CHECK(player.view_version() == 2);  // the new model is there: pins and selection may be placed
  CHECK(player.warmup_progress(snapshot_at("moons", 2, 150)) == doctest::Approx(0.5));
  log.lines.clear();
  player.update(snapshot_at("moons", 2, 300));
  CHECK_FALSE(player.waiting());
  CHECK(player.view_version() == 3);  // warmed up: per-point VI may start on the trained model
  CHECK(log.has("pace 1000"));  // back to the 2-D VAE's lesson pace, on one thread: the window draws on the other
  CHECK(log.has("threads 1"));
  CHECK(log.has("resume"));

  // B: same model, new beta: no rebuild; run 50 steps, then pause.
  log.lines.clear();
  player.next(snapshot_at("moons", 2, 320));
  CHECK(log.count("rebuild") == 0);
  CHECK(log.has("beta 50"));
  player.update(snapshot_at("moons", 2, 330));
  CHECK_FALSE(log.has("pause"));
  player.update(snapshot_at("moons", 2, 369));
  CHECK_FALSE(log.has("pause"));
  player.update(snapshot_at("moons", 2, 380));
  CHECK(log.has("pause"));

  // C: another data set and a restart: one rebuild (a new model starts from its seed anyway).
  log.lines.clear();
  player.next(snapshot_at("moons", 2, 380, RunState::Paused));
  CHECK(log.count("rebuild rings") == 1);
  CHECK(log.count("reset") == 0);
  CHECK(log.has("threads 1"));  // no warm-up: one thread (ending any warm-up left unfinished)
  player.update(snapshot_at("rings", 3, 0, RunState::Paused));
  CHECK(log.has("pause"));

  // D: a prepared model from a checkpoint, relative to the lesson file.
  log.lines.clear();
  player.next(snapshot_at("rings", 3, 10));
  CHECK(log.has("load /lessons/models/m.ckpt"));
  CHECK(log.has("estimator score-function"));
  CHECK(player.index() == 3);
  player.next(snapshot_at("rings", 3, 10));
  CHECK(player.index() == 3);  // the last step stays the last

  // Back to B: the model changes back to moons (the folded settings), and B runs its 50 steps again.
  log.lines.clear();
  player.go_to(1, snapshot_at("rings", 4, 0));
  CHECK(log.has("rebuild moons"));
  CHECK(player.index() == 1);
}

TEST_CASE("lessons: a lesson whose folded settings make no run is refused when it opens") {
  const char* bad = R"JSON({"title": "T", "steps": [{"title": "S", "caption": "c"},
    {"title": "S2", "caption": "c", "settings": {"prior": "wishful"}}]})JSON";
  CommandLog log;
  std::string message;
  try {
    parse_lesson(bad, "t", "t.json");
  } catch (const LessonError& e) {
    message = e.what();
  }
  CHECK(message.find("t.json: steps[1].settings.prior:") != std::string::npos);
}

TEST_CASE("lessons: the eight built-in lessons ship, open, and every step of each makes a run") {
  REQUIRE(builtin_lesson_names().size() >= 8);
  for (const std::string& name : builtin_lesson_names()) {
    CAPTURE(name);
    const Lesson l = builtin_lesson(name);
    CHECK(l.name == name);
    CHECK_FALSE(l.title.empty());
    CHECK(l.steps.size() >= 3);
    CommandLog log;
    LessonPlayer player(l, RunOptions{}, log.post());  // folds every step: throws on a step that makes no run
    for (const LessonStep& s : l.steps) {
      CHECK_FALSE(s.caption.empty());
      CHECK_FALSE(s.formula.empty());
    }
    CHECK_FALSE(lesson_scene(l, 0, RunOptions{}).panels.empty());  // a lesson arranges the screen from its first step
  }
  // Every embedded file is a listed lesson (none forgotten in the order).
  for (const EmbeddedFile& f : embedded_lesson_files()) {
    const std::string name(f.name.substr(0, f.name.size() - 5));
    CHECK(std::find(builtin_lesson_names().begin(), builtin_lesson_names().end(), name) != builtin_lesson_names().end());
  }
  std::string message;
  try {
    open_lesson("no-such-lesson");
  } catch (const LessonError& e) {
    message = e.what();
  }
  CHECK(message.find("--lesson no-such-lesson: no built-in lesson of that name; the lessons are latent-variable-models") == 0);
}

TEST_CASE("lessons: a step's panels tile the area in columns by their relative widths and heights") {
  const std::vector<LessonPanelPlace> places{{LessonPanel::Latent, 0, 1.5f, 1.0f},
                                             {LessonPanel::Curves, 1, 1.0f, 2.0f},
                                             {LessonPanel::Decoder, 1, 1.0f, 1.0f}};
  const auto r = arrange_lesson_panels(places, {10, 20, 1000, 600});
  REQUIRE(r.size() == 3);
  CHECK(r[0].x == 10);
  CHECK(r[0].width == 600);  // 1.5 of 2.5
  CHECK(r[0].height == 600);
  CHECK(r[1].x == 610);
  CHECK(r[1].width == 400);
  CHECK(r[1].y == 20);
  CHECK(r[1].height == 400);  // 2 of 3
  CHECK(r[2].y == 420);
  CHECK(r[2].height == 200);
  CHECK(r[2].x + r[2].width == 1010);  // the last column ends at the area's edge
  // Column numbers need not be contiguous or in order.
  const auto s = arrange_lesson_panels({{LessonPanel::Slice, 3, 1, 1}, {LessonPanel::Density, 1, 1, 1}}, {0, 0, 100, 50});
  CHECK(s[1].x == 0);
  CHECK(s[0].x == 50);
}

TEST_CASE("lessons: a step that shows only the 1-D lab needs no model: its caption does not wait for one") {
  const char* text = R"({"title": "1-D", "steps": [
    {"title": "lab", "caption": "c", "gradient_lab_tab": "1d", "panels": [{"panel": "gradient_lab"}]},
    {"title": "and the VAE", "caption": "c", "settings": {"dataset": "moons"}, "panels": [{"panel": "gradient_lab"}, {"panel": "latent"}]}]})";
  CommandLog log;
  LessonPlayer player(parse_lesson(text, "one-d", "/lessons/one-d.json"), RunOptions{}, log.post());
  CHECK_FALSE(scene_uses_model(lesson_scene(player.lesson(), 0, RunOptions{})));
  CHECK(scene_uses_model(lesson_scene(player.lesson(), 1, RunOptions{})));
  player.go_to(0, snapshot_at("sprites", 1, 0, RunState::Loading));
  player.update(snapshot_at("sprites", 1, 0, RunState::Loading));
  CHECK_FALSE(player.waiting());  // the sprites VAE is still loading, and nothing here reads it
  CHECK(log.has("pause"));         // nor need it train meanwhile
  player.go_to(1, snapshot_at("sprites", 1, 0, RunState::Loading));
  player.update(snapshot_at("sprites", 1, 10));
  CHECK(player.waiting());  // the latent view needs the moons model
}
