// The numbers behind the window's pictures as CSV for slides and notebooks:
// the training curves (one row per step) and the held-out points' latent codes.
#pragma once
#include <stdexcept>
#include <string>

#include "core/train/snapshot.hpp"

namespace latent {

// The snapshot holds nothing of the kind asked for (yet). what() is one line
// saying what is missing and what to do; the caller puts the file name first.
struct ExportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The curves as shown, raw values (the smoothing is the panel's), one row
// per training point and a row of its own for a held-out evaluation at a
// step the training series thinned away. A VAE run:
//   step,epoch,estimator,train_elbo,train_reconstruction,train_kl,test_elbo,test_reconstruction,test_kl
// a conditional run (MDN, least squares, conditional VAE):
//   step,epoch,train_mdn_log_lik,train_cvae_elbo,train_regressor_mse,test_mdn_log_lik,test_cvae_elbo,test_regressor_mse
// The test_ cells are empty except at the steps that have a held-out evaluation.
// Throws ExportError before the first step.
std::string curves_csv(const Snapshot& snapshot);

// The latent codes of the held-out points the latent view shows:
//   index,label,class,mu_1..mu_L,sigma_1..sigma_L
// index: the example's place in the held-out set; sigma = exp(log_var / 2).
// Throws ExportError when the run has no codes (a conditional run, or still loading).
std::string codes_csv(const Snapshot& snapshot);

}  // namespace latent
