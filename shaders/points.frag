// A marker's shape from the same anti-aliased sprite the ImGui path uses
// (a rectangle of ImGui's font atlas), tinted by the point's colour.
uniform sampler2D u_atlas;
uniform vec4 u_uv;  // the sprite's rectangle in the atlas: (u0, v0, u1, v1)
in vec4 v_color;
out vec4 frag_color;

void main() {
  frag_color = v_color * texture(u_atlas, mix(u_uv.xy, u_uv.zw, gl_PointCoord));
}
