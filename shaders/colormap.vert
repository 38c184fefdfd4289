// A screen rectangle as a 4-vertex triangle strip made from gl_VertexID (no
// vertex buffer); hands each fragment its texture coordinate. Used by the heatmap.
uniform vec4 u_rect;  // the rectangle in normalized device coordinates: (x0, y0) bottom-left, (x1, y1) top-right
uniform vec4 u_uv;    // texture coordinates at those corners: (u0, v0), (u1, v1)
out vec2 v_uv;

void main() {
  // Vertex 0 (0,0), 1 (1,0), 2 (0,1), 3 (1,1): a strip of two triangles.
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  v_uv = mix(u_uv.xy, u_uv.zw, corner);
  gl_Position = vec4(mix(u_rect.xy, u_rect.zw, corner), 0.0, 1.0);
}
