// Forwarding to the three models over their parts of the buffer.
#include "core/models/conditional_models.hpp"

namespace latent {

namespace {
template <class Config>
Config with_input_scaling(Config c, const Matrix& x) {
  if (x.size()) c.input_scaling = InputScaling::fit(x);
  return c;
}
CvaeConfig with_scalings(CvaeConfig c, const Matrix& x, const Matrix& y) {
  if (x.size()) c.x_scaling = InputScaling::fit(x);
  if (y.size()) c.y_scaling = InputScaling::fit(y);
  return c;
}
}  // namespace

ConditionalModels::ConditionalModels(MdnConfig mdn, RegressorConfig regressor, CvaeConfig cvae,
                                     const Matrix& train_x, const Matrix& train_y)
    : mdn_(with_input_scaling(mdn, train_x)),
      regressor_(with_input_scaling(regressor, train_x)),
      cvae_(with_scalings(cvae, train_x, train_y)) {}

void ConditionalModels::init(float* params, Rng& rng, const Matrix& train_y) const {
  mdn_.init(params, rng, &train_y);
  regressor_.init(params + regressor_offset(), rng, &train_y);
  cvae_.init(params + cvae_offset(), rng);
}

ConditionalTerms ConditionalModels::loss_and_gradient(const float* params, float* grads, const Matrix& x,
                                                      const Matrix& y, const ElboOptions& cvae, Rng& rng,
                                                      Workspace& ws) const {
  ConditionalTerms t;
  t.mdn_nll = mdn_.loss_and_gradient(params, grads, x, y, ws.mdn);
  t.regressor_mse = regressor_.loss_and_gradient(params + regressor_offset(), grads + regressor_offset(), x, y,
                                                 ws.regressor);
  t.cvae = cvae_.loss_and_gradient(params + cvae_offset(), grads + cvae_offset(), x, y, cvae, rng, ws.cvae);
  return t;
}

ConditionalTerms ConditionalModels::evaluate(const float* params, const Matrix& x, const Matrix& y,
                                             const ElboOptions& cvae, Rng& rng, Workspace& ws) const {
  ConditionalTerms t;
  t.mdn_nll = mdn_.evaluate(params, x, y, ws.mdn);
  t.regressor_mse = regressor_.evaluate(params + regressor_offset(), x, y, ws.regressor);
  t.cvae = cvae_.evaluate(params + cvae_offset(), x, y, cvae, rng, ws.cvae);
  return t;
}

}  // namespace latent
