// Tests of stepping through lessons: folding steps into scenes, the player's
// commands to the trainer (new model, warm-up, run-then-pause, restart,
// checkpoint), the built-in lessons, and how a step's panels tile the screen.
#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

#include "live/lessons/lesson_catalog.hpp"
#include "live/lessons/lesson_file.hpp"
#include "live/lessons/lesson_layout.hpp"
#include "live/lessons/lesson_player.hpp"

using namespace latent;

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
            else if constexpr (std::is_same_v<T, command::EvaluateHeldOut>) lines.push_back("evaluate");
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

// The same with held-out figures last evaluated at step `evaluated`.
Snapshot evaluated_at(const std::string& dataset, uint64_t run, int64_t step, int64_t evaluated) {
  Snapshot s = snapshot_at(dataset, run, step);
  MetricRecorder held_out;
  held_out.append(MetricPoint{.step = evaluated});
  s.test_metrics = held_out.publish();
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
  // Warmed up: the step opens on held-out figures of this step, not after the next epoch.
  CHECK(log.lines == std::vector<std::string>{"evaluate"});
  CHECK(player.waiting());
  CHECK(player.warmup_progress(snapshot_at("moons", 2, 301)) == 1.0);
  player.update(evaluated_at("moons", 2, 302, 235));  // an epoch's figures, from before the warm-up ended
  CHECK(player.waiting());
  CHECK(player.view_version() == 2);
  player.update(evaluated_at("moons", 2, 303, 301));
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
  const char* coin = R"({"title": "coin", "steps": [
    {"title": "lab", "caption": "c", "gradient_lab_tab": "discrete", "panels": [{"panel": "gradient_lab"}]}]})";
  CHECK_FALSE(scene_uses_model(lesson_scene(parse_lesson(coin, "coin", "/lessons/coin.json"), 0, RunOptions{})));
  player.go_to(0, snapshot_at("sprites", 1, 0, RunState::Loading));
  player.update(snapshot_at("sprites", 1, 0, RunState::Loading));
  CHECK_FALSE(player.waiting());  // the sprites VAE is still loading, and nothing here reads it
  CHECK(log.has("pause"));         // nor need it train meanwhile
  player.go_to(1, snapshot_at("sprites", 1, 0, RunState::Loading));
  player.update(snapshot_at("sprites", 1, 10));
  CHECK(player.waiting());  // the latent view needs the moons model
}

TEST_CASE("lessons: leaving during a warm-up gives back the lesson's pace and one training thread; after it, nothing") {
  CommandLog log;
  LessonPlayer player(parse_lesson(kWalk, "walk", "/lessons/walk.json"), RunOptions{}, log.post());
  player.go_to(0, snapshot_at("sprites", 1, 0));
  player.update(snapshot_at("moons", 2, 10));
  REQUIRE(player.warming_up());
  log.lines.clear();
  player.leave();
  CHECK(log.has("pace 1000"));
  CHECK(log.has("threads 1"));
  player.update(snapshot_at("moons", 2, 300));  // warmed up
  player.update(evaluated_at("moons", 2, 301, 300));  // and evaluated
  log.lines.clear();
  player.leave();
  CHECK(log.lines.empty());  // a finished warm-up has already given them back
}

TEST_CASE("lessons: a warm-up that diverges opens the step without waiting for held-out figures") {
  CommandLog log;
  LessonPlayer player(parse_lesson(kWalk, "walk", "/lessons/walk.json"), RunOptions{}, log.post());
  player.go_to(0, snapshot_at("sprites", 1, 0));
  player.update(snapshot_at("moons", 2, 10));
  REQUIRE(player.warming_up());
  player.update(snapshot_at("moons", 2, 300));
  CHECK(player.waiting());  // warmed up, the held-out figures asked for
  player.update(snapshot_at("moons", 2, 301, RunState::Diverged));
  CHECK_FALSE(player.waiting());  // they will not come: the caption shows, with the divergence
}

TEST_CASE("lessons: a rehearsal (--rehearse) warms up for a tenth of the steps, and the caption then shows") {
  CommandLog log;
  LessonPlayer player(parse_lesson(kWalk, "walk", "/lessons/walk.json"), RunOptions{}, log.post());
  player.set_rehearsal(10);
  player.go_to(0, snapshot_at("sprites", 1, 5000));
  CHECK(player.scene().warmup == 30);  // A asks for 300
  player.update(snapshot_at("moons", 2, 10));
  CHECK(player.warming_up());
  CHECK(player.warmup_progress(snapshot_at("moons", 2, 15)) == doctest::Approx(0.5));
  player.update(snapshot_at("moons", 2, 30));
  player.update(evaluated_at("moons", 2, 31, 30));
  CHECK_FALSE(player.waiting());

  LessonPlayer skim(parse_lesson(kWalk, "walk", "/lessons/walk.json"), RunOptions{}, log.post());
  skim.set_rehearsal(7);  // --rehearse=7
  skim.go_to(0, snapshot_at("sprites", 1, 5000));
  CHECK(skim.scene().warmup == 43);  // 300 / 7, rounded up
}
