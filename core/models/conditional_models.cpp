// Forwarding to the two models over their halves of the buffer.
#include "core/models/conditional_models.hpp"

namespace latent {

namespace {
MdnConfig with_scaling(MdnConfig c, const Matrix& x) {
  c.input_scaling = InputScaling::fit(x);
  return c;
}
RegressorConfig with_scaling(RegressorConfig c, const Matrix& x) {
  c.input_scaling = InputScaling::fit(x);
  return c;
}
}  // namespace

ConditionalModels::ConditionalModels(MdnConfig mdn, RegressorConfig regressor, const Matrix& train_x)
    : mdn_(train_x.size() ? with_scaling(mdn, train_x) : mdn),
      regressor_(train_x.size() ? with_scaling(regressor, train_x) : regressor) {}

void ConditionalModels::init(float* params, Rng& rng, const Matrix& train_y) const {
  mdn_.init(params, rng, &train_y);
  regressor_.init(params + regressor_offset(), rng, &train_y);
}

ConditionalTerms ConditionalModels::loss_and_gradient(const float* params, float* grads, const Matrix& x,
                                                     const Matrix& y, Workspace& ws) const {
  ConditionalTerms t;
  t.mdn_nll = mdn_.loss_and_gradient(params, grads, x, y, ws.mdn);
  t.regressor_mse = regressor_.loss_and_gradient(params + regressor_offset(), grads + regressor_offset(), x, y,
                                                 ws.regressor);
  return t;
}

ConditionalTerms ConditionalModels::evaluate(const float* params, const Matrix& x, const Matrix& y,
                                            Workspace& ws) const {
  return {mdn_.evaluate(params, x, y, ws.mdn), regressor_.evaluate(params + regressor_offset(), x, y, ws.regressor)};
}

}  // namespace latent
