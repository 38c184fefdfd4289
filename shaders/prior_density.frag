// The VAE's prior p(z) = N(0, I) seen in the two latent dimensions on screen
// (its marginal there is N(0, I_2)): shaded by density, with anti-aliased
// contour lines at 1, 2 and 3 standard deviations.
in vec2 v_data;
uniform vec4 u_background;  // the plot's background colour
uniform vec4 u_tint;        // colour at the density's peak; alpha = strength
uniform vec4 u_line;        // contour colour; alpha = strength
uniform float u_units_per_pixel;
out vec4 o_color;

void main() {
  float r = length(v_data);
  float density = exp(-0.5 * r * r);  // relative to the peak
  vec3 color = mix(u_background.rgb, u_tint.rgb, density * u_tint.a);
  float distance_px = min(min(abs(r - 1.0), abs(r - 2.0)), abs(r - 3.0)) / u_units_per_pixel;
  float line = 1.0 - smoothstep(0.4, 1.4, distance_px);
  o_color = vec4(mix(color, u_line.rgb, line * u_line.a), 1.0);
}
