// The conditional-density lesson's models of p(y|x), trained side by side
// on the same minibatches in one flat parameter buffer
// [MDN | regressor | conditional VAE], so one optimizer and one snapshot
// serve all three: a mixture density network, a least-squares regressor
// (the mean of the modes), and a conditional VAE (a continuous latent).
#pragma once
#include <memory>

#include "core/data/regression_sets.hpp"
#include "core/models/cvae.hpp"
#include "core/models/mdn.hpp"
#include "core/models/regressor.hpp"

namespace latent {

struct ConditionalTerms {
  double mdn_nll = 0.0;        // mean -log p(y|x) under the mixture, nats
  double regressor_mse = 0.0;  // mean ||y - f(x)||^2 of the least-squares baseline
  ElboTerms cvae;              // the conditional VAE's bound on log p(y|x) and its terms
};

class ConditionalModels {
 public:
  // The input and output scalings are fitted to the training data
  // train_x (Din, N), train_y (Dout, N).
  ConditionalModels(MdnConfig mdn, RegressorConfig regressor, CvaeConfig cvae, const Matrix& train_x,
                    const Matrix& train_y);

  const Mdn& mdn() const { return mdn_; }
  const Regressor& regressor() const { return regressor_; }
  const ConditionalVae& cvae() const { return cvae_; }
  size_t regressor_offset() const { return mdn_.param_count(); }
  size_t cvae_offset() const { return regressor_offset() + regressor_.param_count(); }
  size_t param_count() const { return cvae_offset() + cvae_.param_count(); }
  const float* regressor_params(const float* params) const { return params + regressor_offset(); }
  const float* cvae_params(const float* params) const { return params + cvae_offset(); }

  // MDN means start at the targets' quantiles, the regressor's bias at their mean.
  void init(float* params, Rng& rng, const Matrix& train_y) const;

  struct Workspace {
    Mdn::Workspace mdn;
    Regressor::Workspace regressor;
    ConditionalVae::Workspace cvae;
  };
  // x: (Din, B), y: (Dout, B). Writes all three models' gradients; the
  // conditional VAE's with `cvae` (estimator, samples, beta, baseline).
  ConditionalTerms loss_and_gradient(const float* params, float* grads, const Matrix& x, const Matrix& y,
                                     const ElboOptions& cvae, Rng& rng, Workspace& ws) const;
  ConditionalTerms evaluate(const float* params, const Matrix& x, const Matrix& y, const ElboOptions& cvae, Rng& rng,
                            Workspace& ws) const;

 private:
  Mdn mdn_;
  Regressor regressor_;
  ConditionalVae cvae_;
};

}  // namespace latent
