// Every model kind in one table: its names, what it is called in messages,
// how it is built, how a checkpoint describes it, its pace in the app. The
// one place that dispatches on ModelKind; a new kind is a row here and a
// TrainableModel in a file of its own.
#include "core/train/kinds/model_kind.hpp"

#include <stdexcept>

#include "core/train/kinds/trainable_categorical.hpp"
#include "core/train/kinds/trainable_conditional.hpp"
#include "core/train/kinds/trainable_mixture.hpp"
#include "core/train/kinds/trainable_vae.hpp"
#include "core/train/kinds/trainable_vq.hpp"

namespace latent {

namespace {

struct KindRow {
  ModelKind kind;
  const char* noun;
  std::unique_ptr<TrainableModel> (*make)(const ModelSettings& model, const Dataset& train);
  void (*read_architecture)(const nlohmann::json& architecture, ModelSettings& model);
  size_t (*saved_param_count)(const nlohmann::json& architecture);
  int (*default_pace)(const ModelSettings& model);
};

template <class Kind>
std::unique_ptr<TrainableModel> make(const ModelSettings& model, const Dataset& train) {
  return std::make_unique<Kind>(model, train);
}

template <class Kind>
constexpr KindRow row_of(ModelKind kind, const char* noun) {
  return {kind, noun, &make<Kind>, &Kind::read_architecture, &Kind::saved_param_count, &Kind::default_pace};
}

constexpr KindRow kKinds[] = {
    row_of<TrainableVae>(ModelKind::Vae, "a VAE"),
    row_of<TrainableConditional>(ModelKind::Conditional,
                                 "the conditional models (MDN, regressor, conditional VAE)"),
    row_of<TrainableMixture>(ModelKind::Mixture, "a mixture of Gaussians"),
    row_of<TrainableCategorical>(ModelKind::Categorical, "a categorical VAE"),
    row_of<TrainableVq>(ModelKind::Vq, "a VQ-VAE"),
};

const KindRow& row(ModelKind kind) {
  for (const KindRow& r : kKinds)
    if (r.kind == kind) return r;
  throw std::logic_error("model kind " + std::to_string(int(kind)) + " has no row in the table of kinds");
}

}  // namespace

EnumNames<ModelKind> enum_names(ModelKind) {
  static constexpr EnumName<ModelKind> names[] = {
      {ModelKind::Vae, "vae"}, {ModelKind::Conditional, "conditional"}, {ModelKind::Conditional, "mdn"},
      {ModelKind::Mixture, "gmm"}, {ModelKind::Categorical, "categorical"},
      {ModelKind::Vq, "vq"}};
  return {"model kind", names};
}

LatentType latent_type(ModelKind kind) {
  // The mixture's amortized q(z|x) is a softmax over its components.
  return kind == ModelKind::Categorical || kind == ModelKind::Mixture ? LatentType::Categorical : LatentType::Gaussian;
}

const char* model_kind_noun(ModelKind kind) { return row(kind).noun; }

int default_pace(const ModelSettings& model) { return row(model.kind).default_pace(model); }

std::unique_ptr<TrainableModel> make_trainable_model(const ModelSettings& model, const Dataset& train) {
  return row(model.kind).make(model, train);
}

void read_model_architecture(const nlohmann::json& architecture, ModelSettings& model) {
  row(model.kind).read_architecture(architecture, model);
}

size_t saved_param_count(ModelKind kind, const nlohmann::json& architecture) {
  return row(kind).saved_param_count(architecture);
}

}  // namespace latent
