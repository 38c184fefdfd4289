// The model kinds: their names (old ones included), the one seam the
// session dispatches through, and checkpoints of each kind, including those
// saved when the conditional models were called "mdn".
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "core/data/catalog.hpp"
#include "core/io/checkpoint.hpp"
#include "core/train/training_session.hpp"
#include "options/run_options.hpp"

using namespace latent;

namespace {

std::shared_ptr<const DataSplit> data_set(const std::string& name) {
  return std::make_shared<const DataSplit>(load_dataset(name, 1));
}

ModelSettings settings_of(ModelKind kind, const std::string& dataset) {
  ModelSettings m;
  m.kind = kind;
  m.dataset = dataset;
  return m;
}

}  // namespace

TEST_CASE("kinds: each is written by the name of what it is, and the conditional models' old name still reads") {
  CHECK(to_string(ModelKind::Vae) == "vae");
  CHECK(to_string(ModelKind::Conditional) == "conditional");
  CHECK(from_string<ModelKind>("vae") == ModelKind::Vae);
  CHECK(from_string<ModelKind>("conditional") == ModelKind::Conditional);
  CHECK(from_string<ModelKind>("mdn") == ModelKind::Conditional);
  CHECK(from_string<ModelKind>("gmm") == ModelKind::Mixture);
  CHECK_THROWS_WITH_AS(from_string<ModelKind>("rbm"), "unknown model kind 'rbm' (use vae, conditional, gmm, categorical or vq)",
                       std::invalid_argument);

  // `--model mdn` and `--model conditional` choose the same kind.
  for (const char* spelling : {"mdn", "conditional"}) {
    RunOptions options;
    options.kind = spelling;
    finish_run_options(options);
    CHECK(options.model.kind == ModelKind::Conditional);
  }
  RunOptions unknown;
  unknown.kind = "MDN";
  CHECK_THROWS_WITH_AS(finish_run_options(unknown), "--model: unknown model kind 'MDN' (use vae, conditional, gmm, categorical or vq)",
                       std::invalid_argument);
}

TEST_CASE("kinds: the session builds the settings' kind and shares exactly its model with the snapshot") {
  TrainingSession vae(settings_of(ModelKind::Vae, "moons"), TrainSettings{}, data_set("moons"));
  TrainingSession conditional(settings_of(ModelKind::Conditional, "sinusoid"), TrainSettings{}, data_set("sinusoid"));
  CHECK(vae.model().kind() == ModelKind::Vae);
  CHECK(conditional.model().kind() == ModelKind::Conditional);
  CHECK(vae.param_count() == vae.vae().param_count());
  CHECK(conditional.param_count() == conditional.conditional_models().param_count());
  CHECK_THROWS_AS(vae.conditional_models(), std::logic_error);
  CHECK_THROWS_AS(conditional.vae(), std::logic_error);

  Snapshot from_vae, from_conditional;
  vae.model().share(from_vae);
  conditional.model().share(from_conditional);
  CHECK(from_vae.vae.get() == &vae.vae());
  CHECK_FALSE(from_vae.conditional);
  CHECK(from_conditional.conditional.get() == &conditional.conditional_models());
  CHECK_FALSE(from_conditional.vae);

  // Only the VAE has a Gaussian code per held-out point for the latent view.
  const std::vector<int> first{0, 1, 2};
  const auto codes = vae.model().latent_codes(vae.params().data(), vae.data()->test, first);
  REQUIRE(codes);
  CHECK(codes->mu.cols() == 3);
  CHECK(codes->test_indices == first);
  CHECK_FALSE(conditional.model().latent_codes(conditional.params().data(), conditional.data()->test, first));
}

TEST_CASE("kinds: the conditional models refuse image data and say which data sets fit") {
  auto sprites = data_set("sprites");
  CHECK_THROWS_WITH_AS(TrainingSession(settings_of(ModelKind::Conditional, "sprites"), TrainSettings{}, sprites),
                       doctest::Contains("(x, y) data: use bishop, bishop-inverse, sinusoid, sinusoid-inverse or "
                                         "csv:<file>, not sprites"),
                       std::invalid_argument);
}

TEST_CASE("kinds: a checkpoint saved as 'mdn' loads as the conditional models with every number it held") {
  auto data = data_set("sinusoid-inverse");
  const ModelSettings model = settings_of(ModelKind::Conditional, "sinusoid-inverse");
  TrainingSession original(model, TrainSettings{}, data);
  for (int i = 0; i < 20; ++i) original.step();
  Checkpoint old = original.to_checkpoint();
  old.model_kind = "mdn";  // as Latent Lab wrote it before the kind had its name
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("latent_old_mdn_" + std::to_string(getpid()) + ".ckpt")).string();
  save_checkpoint(path, old);
  const Checkpoint loaded = load_checkpoint(path);
  std::filesystem::remove(path);

  const ModelSettings restored = model_settings_from_checkpoint(loaded, 99);
  CHECK(restored.kind == ModelKind::Conditional);
  CHECK(restored.dataset == "sinusoid-inverse");
  CHECK(restored.seed == 1);
  TrainingSession resumed(restored, TrainSettings{}, data);
  resumed.load_checkpoint(loaded);
  CHECK(resumed.steps() == 20);
  CHECK(resumed.params() == original.params());
  CHECK(resumed.to_checkpoint().adam_v == original.to_checkpoint().adam_v);
  const ModelTerms a = original.evaluate_test(), b = resumed.evaluate_test();
  CHECK(a.mdn_nll == b.mdn_nll);
  CHECK(a.regressor_mse == b.regressor_mse);
  CHECK(a.bound.elbo() == b.bound.elbo());
  CHECK(original.to_checkpoint().model_kind == "conditional");
}

TEST_CASE("kinds: a checkpoint of another kind, or of no kind this build knows, is refused by name") {
  TrainingSession vae(settings_of(ModelKind::Vae, "sinusoid"), TrainSettings{}, data_set("sinusoid"));
  Checkpoint c = vae.to_checkpoint();
  TrainingSession conditional(settings_of(ModelKind::Conditional, "sinusoid"), TrainSettings{}, vae.data());
  CHECK_THROWS_WITH_AS(conditional.load_checkpoint(c),
                       "checkpoint holds a VAE, not the conditional models (MDN, regressor, conditional VAE)",
                       std::invalid_argument);
  c.model_kind = "rbm";
  CHECK_THROWS_WITH_AS(model_settings_from_checkpoint(c, 1),
                       "checkpoint holds a model this Latent Lab does not know: unknown model kind 'rbm' "
                       "(use vae, conditional, gmm, categorical or vq)",
                       std::invalid_argument);
}
