// Drawing the mixture in data space from the snapshot's parameters, EM's q
// and the amortized q.
#include "gui/panels/mixture/mixture_data_panel.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "gui/panels/conditional/conditional_style.hpp"

namespace latent {

namespace {
constexpr int kShown = 2000, kSamples = 1000, kHeldOut = 1000;

Points2 first_points(const Dataset& set, Eigen::Index count) {
  Points2 x(2, std::min<Eigen::Index>(count, Eigen::Index(set.size())));
  for (Eigen::Index i = 0; i < x.cols(); ++i) x.col(i) << set.point(size_t(i))[0], set.point(size_t(i))[1];
  return x;
}

// The palette colours of the K components mixed in proportion to q (a column summing to 1):
// a point EM is sure of has its component's colour, a contested one a blend.
ImU32 mixed_color(const Eigen::MatrixXd& q, Eigen::Index n, float alpha) {
  float r = 0, g = 0, b = 0;
  for (Eigen::Index k = 0; k < q.rows(); ++k) {
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(component_color(int(k)));
    const float w = float(q(k, n));
    r += w * c.x, g += w * c.y, b += w * c.z;
  }
  return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, alpha));
}
}  // namespace

void MixtureDataPanel::refresh(const Snapshot& s) {
  if (s.data.get() != fitted_data_) {
    shown_ = first_points(s.data->train, kShown);
    held_out_ = first_points(s.data->test, kHeldOut);
    view_.fit(shown_.row(0).minCoeff(), shown_.row(0).maxCoeff(), shown_.row(1).minCoeff(), shown_.row(1).maxCoeff(),
              0.1);
    view_.user_moved = false;
    fitted_data_ = s.data.get();
    seen_params_.reset();
  }
  if (s.params == seen_params_ && s.mixture->q == seen_q_) return;
  seen_params_ = s.params;
  seen_q_ = s.mixture->q;
  params_ = gmm_from_flat(s.params->data(), s.mixture->config.components);
  q_is_posterior_ = s.mixture->config.fit == MixtureFit::Gradient;
  if (q_is_posterior_)
    q_ = posterior(gmm_log_joint(params_, shown_));
  else if (seen_q_)
    q_ = seen_q_->leftCols(shown_.cols());
  else
    q_.resize(0, 0);
  posterior_ = posterior(gmm_log_joint(params_, shown_));
  amortized_q_.resize(0, 0);
  if (const GmmAmortizedQ* amortized = s.mixture->amortized.get()) {
    const float* q_params = s.params->data() + s.mixture->amortized_offset;
    amortized_q_ = amortized->q(q_params, shown_);
    amortized_kl_ = held_out_.cols() ? gmm_bound(params_, held_out_, amortized->q(q_params, held_out_)).gap() : 0.0;
  }
  Rng rng(1234);
  samples_ = gmm_sample(params_, kSamples, rng);
}

void MixtureDataPanel::draw(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (!s.mixture || !s.params || !s.data) {
    ImGui::TextDisabled("waiting for the model ...");
    return;
  }
  refresh(s);
  const int K = params_.components();
  const plot::Colors& c = plot::colors();
  const ImU32 sample_color = plot::with_alpha(c.axis_text, 0.45f);
  std::vector<plot::LegendEntry> legend;
  for (int k = 0; k < K; ++k) legend.push_back({"k = " + std::to_string(k + 1), component_color(k)});
  legend.push_back({"1σ, 2σ ellipses", plot::with_alpha(c.axis_text, 0.8f), false, true, &show_ellipses_});
  legend.push_back({"samples z ~ p(z), x ~ p(x|z)", sample_color, true, false, &show_samples_});
  plot::legend("mixture_data_legend", legend);
  const bool lesson = ctx.min_plot_height > 0;  // its caption explains; the plot needs the height
  if (amortized_q_.size()) {
    ImGui::TextUnformatted("colour by:");
    if (!q_is_posterior_) {
      ImGui::SameLine();
      ImGui::RadioButton("EM's q(z|x)", &colour_by_, kFitQ);
    }
    ImGui::SameLine();
    ImGui::RadioButton("exact p(z|x)", &colour_by_, q_is_posterior_ ? kFitQ : kPosterior);  // by gradient, EM's slot is p(z|x)
    ImGui::SameLine();
    ImGui::RadioButton("amortized q(z|x)", &colour_by_, kAmortized);
    ImGui::PushTextWrapPos(0.0f);
    if (!lesson) ImGui::Text("amortized q(z|x) = softmax(MLP(x)): held-out mean KL(q || p(z|x)) = %.4f nats", amortized_kl_);
    ImGui::PopTextWrapPos();
  } else {
    colour_by_ = kFitQ;  // a run without one (a checkpoint from before it)
  }
  const Eigen::MatrixXd& colours = colour_by_ == kAmortized ? amortized_q_ : colour_by_ == kPosterior ? posterior_ : q_;
  ImGui::PushTextWrapPos(0.0f);
  if (!lesson)
  ImGui::TextDisabled("%s", colour_by_ == kAmortized ? "each point: the components' colours mixed by the amortized q(z|x)"
                            : colour_by_ == kPosterior || q_is_posterior_
                                ? "each point: the components' colours mixed by p(z|x)"
                            : q_.size() == 0 ? "points: no q(z|x) yet (grey): take an E-step"
                                             : "each point: the components' colours mixed by EM's q(z|x)");
  ImGui::PopTextWrapPos();

  plot::FrameOptions options;
  options.equal_aspect = true;
  options.y_label = true;
  const Dataset& data = ctx.snap().data->train;
  draw_standardization_note(data, false);
  plot::Frame frame("mixture_data_plot", ImVec2(0, 0), data_axis(view_.x_axis(""), data, 0), data_axis(view_.y_axis(""), data, 1),
                    options);
  view_.handle_input(frame, true);
  if (frame.hovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) fitted_data_ = nullptr;  // refit
  const float r = ui_px(2.6f);
  data_cloud_.clear();
  for (Eigen::Index i = 0; i < shown_.cols(); ++i)
    data_cloud_.add(float(shown_(0, i)), float(shown_(1, i)),
                    colours.size() ? mixed_color(colours, i, 0.6f) : plot::with_alpha(c.axis_text, 0.3f));
  data_cloud_.draw(frame, plot::Sprite::Disc, r);
  samples_cloud_.clear();
  if (show_samples_)
    for (Eigen::Index i = 0; i < samples_.cols(); ++i) samples_cloud_.add(float(samples_(0, i)), float(samples_(1, i)), sample_color);
  samples_cloud_.draw(frame, plot::Sprite::Ring, r);
  if (show_ellipses_) draw_components(frame, params_);
}

void MixtureDataPanel::draw_components(const plot::Frame& frame, const GmmParams& params) const {
  // The ellipse at Mahalanobis radius rho: mu + rho V diag(sqrt(lambda)) (cos t, sin t), Sigma = V diag(lambda) V^T.
  constexpr int kSegments = 64;
  const Eigen::VectorXd pi = params.weights();
  const ImU32 ink = plot::colors().axis_text;
  std::vector<float> xs(kSegments + 1), ys(kSegments + 1);
  for (int k = 0; k < params.components(); ++k) {
    const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eigen(params.covariance(k));
    const Eigen::Matrix2d axes = eigen.eigenvectors() * eigen.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
    const Eigen::Vector2d mu = params.means.col(k);
    for (const double rho : {1.0, 2.0}) {
      for (int i = 0; i <= kSegments; ++i) {
        const double t = 2.0 * M_PI * i / kSegments;
        const Eigen::Vector2d p = mu + rho * axes * Eigen::Vector2d(std::cos(t), std::sin(t));
        xs[size_t(i)] = float(p.x());
        ys[size_t(i)] = float(p.y());
      }
      // In the text colour: the component's own colour would vanish among its points.
      if (rho == 1.0)
        frame.line(xs.data(), ys.data(), kSegments + 1, ink, ui_px(2.0f));
      else
        frame.dashed_line(xs.data(), ys.data(), kSegments + 1, plot::with_alpha(ink, 0.8f), ui_px(1.4f), dash_px());
    }
    const float mx = float(mu.x()), my = float(mu.y());
    frame.markers(&mx, &my, 1, ink, ui_px(3.0f));
    char weight[16];
    std::snprintf(weight, sizeof weight, " = %.2f", pi(k));
    const std::string label = subscripted("π", k + 1) + weight;
    // Above the 2-sigma ellipse, clear of the points.
    const double top = mu.y() + 2.0 * std::sqrt(std::max(0.0, params.covariance(k)(1, 1)));
    frame.text(mu.x(), top, label.c_str(), ink, ImVec2(0.5f, 1.0f), ImVec2(0, -ui_px(3.0f)));
  }
}

}  // namespace latent
