// Colours a grid of floats (a GL_R32F texture, sampled bilinearly between
// cell centres) with a perceptually uniform colormap: viridis or magma,
// piecewise linear through ten evenly spaced colours of matplotlib's maps
// (van der Walt and Smith, CC0). u_ramp draws a colour bar instead.
in vec2 v_uv;
uniform sampler2D u_values;
uniform vec2 u_range;     // the values at the colormap's two ends (clamped beyond them)
uniform int u_colormap;   // 0 viridis, 1 magma
uniform int u_ramp;       // 1: ignore the texture; the value runs from u_range.x at v = 0 to u_range.y at v = 1
uniform float u_opacity;  // < 1 lets the plot's grid show through
out vec4 o_color;

const vec3 kViridis[10] = vec3[10](
    vec3(0.267, 0.004, 0.329), vec3(0.282, 0.157, 0.471), vec3(0.243, 0.290, 0.537), vec3(0.192, 0.408, 0.557),
    vec3(0.149, 0.510, 0.557), vec3(0.122, 0.620, 0.537), vec3(0.208, 0.718, 0.475), vec3(0.427, 0.804, 0.349),
    vec3(0.706, 0.871, 0.173), vec3(0.992, 0.906, 0.145));
const vec3 kMagma[10] = vec3[10](
    vec3(0.000, 0.000, 0.016), vec3(0.094, 0.059, 0.239), vec3(0.267, 0.059, 0.463), vec3(0.447, 0.122, 0.506),
    vec3(0.620, 0.184, 0.498), vec3(0.804, 0.251, 0.443), vec3(0.945, 0.376, 0.365), vec3(0.992, 0.588, 0.408),
    vec3(0.996, 0.788, 0.553), vec3(0.988, 0.992, 0.749));

vec3 colormap(float t) {
  float x = clamp(t, 0.0, 1.0) * 9.0;
  int i = min(int(floor(x)), 8);
  float f = x - float(i);
  return u_colormap == 1 ? mix(kMagma[i], kMagma[i + 1], f) : mix(kViridis[i], kViridis[i + 1], f);
}

void main() {
  float value = u_ramp == 1 ? mix(u_range.x, u_range.y, v_uv.y) : texture(u_values, v_uv).r;
  if (isnan(value)) discard;  // no data there: the plot's background shows
  float span = u_range.y - u_range.x;
  float t = span != 0.0 ? (value - u_range.x) / span : 0.5;
  o_color = vec4(colormap(t), u_opacity);
}
