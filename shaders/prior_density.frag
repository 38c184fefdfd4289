// The VAE's prior p(z) = N(0, I) seen in the two latent dimensions on screen
// (its marginal there is N(0, I_2)), shaded by density. Rendered once into a
// texture over a fixed square of latent space; the contours are drawn on top
// as lines, so they stay one pixel sharp at any zoom.
in vec2 v_data;
uniform vec4 u_background;  // the plot's background colour
uniform vec4 u_tint;        // colour at the density's peak; alpha = strength
out vec4 o_color;

void main() {
  float r = length(v_data);
  float density = exp(-0.5 * r * r);  // relative to the peak
  o_color = vec4(mix(u_background.rgb, u_tint.rgb, density * u_tint.a), 1.0);
}
