// Scatter points as GL points: each vertex is one marker at a data-space
// position, mapped to clip space by an affine map the plot hands over.
layout(location = 0) in vec2 a_position;  // data units
layout(location = 1) in vec4 a_color;     // ImGui's RGBA bytes, normalized
uniform vec4 u_map;         // clip = (a_position.x * u_map.x + u_map.y, a_position.y * u_map.z + u_map.w)
uniform float u_point_size; // the marker's width in framebuffer pixels
out vec4 v_color;

void main() {
  v_color = a_color;
  gl_Position = vec4(a_position.x * u_map.x + u_map.y, a_position.y * u_map.z + u_map.w, 0.0, 1.0);
  gl_PointSize = u_point_size;
}
