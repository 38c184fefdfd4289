// The conditional-density lesson's model: a mixture density network and a
// least-squares regressor trained side by side on the same minibatches, in
// one flat parameter buffer [MDN | regressor], so one optimizer and one
// snapshot serve both.
#pragma once
#include <memory>

#include "core/data/regression_sets.hpp"
#include "core/models/mdn.hpp"
#include "core/models/regressor.hpp"

namespace latent {

struct ConditionalTerms {
  double mdn_nll = 0.0;        // mean -log p(y|x) under the mixture, nats
  double regressor_mse = 0.0;  // mean ||y - f(x)||^2 of the least-squares baseline
};

class ConditionalModels {
 public:
  // The input scaling of both networks is fitted to train_x (Din, N).
  ConditionalModels(MdnConfig mdn, RegressorConfig regressor, const Matrix& train_x);

  const Mdn& mdn() const { return mdn_; }
  const Regressor& regressor() const { return regressor_; }
  size_t regressor_offset() const { return mdn_.param_count(); }
  size_t param_count() const { return mdn_.param_count() + regressor_.param_count(); }
  const float* regressor_params(const float* params) const { return params + regressor_offset(); }

  // Means start at the targets' quantiles, the regressor's bias at their mean.
  void init(float* params, Rng& rng, const Matrix& train_y) const;

  struct Workspace {
    Mdn::Workspace mdn;
    Regressor::Workspace regressor;
  };
  // x: (Din, B), y: (Dout, B). Writes both models' gradients.
  ConditionalTerms loss_and_gradient(const float* params, float* grads, const Matrix& x, const Matrix& y,
                                     Workspace& ws) const;
  ConditionalTerms evaluate(const float* params, const Matrix& x, const Matrix& y, Workspace& ws) const;

 private:
  Mdn mdn_;
  Regressor regressor_;
};

}  // namespace latent
