// Score-function gradient of a diagonal Gaussian's expectation, with the
// baselines of the gradient lab.
#include "core/estimators/score_function.hpp"

#include <stdexcept>

namespace latent {

Eigen::ArrayXXf baselined_reward(const Eigen::ArrayXXf& reward, EncoderGradient estimator, float running_mean) {
  const Eigen::Index M = reward.cols();
  Eigen::ArrayXXf advantage = reward;  // (B, M)
  switch (estimator) {
    case EncoderGradient::Reparameterization:
    case EncoderGradient::Enumerate:
    case EncoderGradient::GumbelSoftmax:
    case EncoderGradient::StraightThrough:
      throw std::invalid_argument("baselined_reward: " + to_string(estimator) + " has no score-function term");
    case EncoderGradient::ScoreFunction: break;
    case EncoderGradient::ScoreFunctionRunningMean: advantage -= running_mean; break;
    case EncoderGradient::ScoreFunctionLeaveOneOut:
      if (M < 2) throw std::invalid_argument("the leave-one-out baseline needs at least 2 samples (M >= 2)");
      // b_m = mean of the other samples' rewards: independent of z_m, so unbiased.
      advantage -= (reward.rowwise().sum().replicate(1, M) - reward) / float(M - 1);
      break;
  }
  return advantage;
}

void add_score_function_gradient(const Eigen::ArrayXXf& reward, const Matrix& eps, const Matrix& sigma,
                                 EncoderGradient estimator, float running_mean, float scale,
                                 Eigen::Ref<Matrix> d_mu, Eigen::Ref<Matrix> d_log_var) {
  const Eigen::Index L = sigma.rows(), B = sigma.cols(), M = reward.cols();
  const Eigen::ArrayXXf advantage = baselined_reward(reward, estimator, running_mean);  // (B, M)
  const Eigen::ArrayXXf inv_sigma = sigma.array().inverse();  // (L, B)
  for (Eigen::Index m = 0; m < M; ++m) {
    const auto e = eps.middleCols(m * B, B).array();                                    // (L, B)
    const Eigen::ArrayXXf a = (scale * advantage.col(m)).transpose().replicate(L, 1);  // (L, B)
    d_mu.array() += a * e * inv_sigma;
    d_log_var.array() += a * 0.5f * (e.square() - 1.0f);
  }
}

}  // namespace latent
