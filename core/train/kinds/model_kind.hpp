// The kinds of model a run trains, named for what they are. Each kind is
// one row of the table in model_kind.cpp, the one place that dispatches on
// the kind, and one TrainableModel in a file of its own beside it.
#pragma once
#include <string>

#include "core/estimators/encoder_gradient.hpp"
#include "core/io/enum_names.hpp"

namespace latent {

struct ModelSettings;

enum class ModelKind {
  Vae,          // a VAE of the data set (images or points)
  Conditional,  // p(y|x) three ways, side by side: an MDN, a least-squares regressor, a conditional VAE
  Mixture,      // a mixture of Gaussians of 2-D points, fitted by EM or by gradient ascent
  Categorical,  // a VAE whose latent is D categorical variables of K values (images or points)
  Vq,           // a VQ-VAE: the encoder's output snapped to the nearest of K codebook entries
};
// "vae", "conditional", "gmm", "categorical", "vq"; "mdn", the conditional models'
// name on the command line and in checkpoints before, is still read.
EnumNames<ModelKind> enum_names(ModelKind);

// The latent type of the encoder the gradient estimators drive: categorical
// for the categorical VAE and the mixture's amortized q(z|x), Gaussian for
// the others (the VQ-VAE's encoder is deterministic: no estimator applies).
LatentType latent_type(ModelKind kind);

// For messages: "a VAE", "the conditional models (MDN, regressor, conditional VAE)".
const char* model_kind_noun(ModelKind kind);

// The live app's pace unless the user picks one, in steps per second (0 =
// full speed). The small problems would be fitted before the class has
// looked (thousands of steps a second), so they unfold over a minute: 200
// for the (x, y) problems, 1,000 for a VAE of 2-D points, 4 EM half-steps
// for a mixture. Images train at full speed, a few hundred steps a second.
int default_pace(const ModelSettings& model);

}  // namespace latent
