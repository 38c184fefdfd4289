// One triangle that covers the viewport, made from gl_VertexID (no vertex
// buffer needed); hands each fragment its position in data coordinates.
uniform vec4 u_view;  // data-space (x0, y0, x1, y1) of the viewport's corners
out vec2 v_data;

void main() {
  // Vertices (0,0), (2,0), (0,2) in viewport units: the triangle's hypotenuse passes outside the corner (1,1).
  vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  v_data = mix(u_view.xy, u_view.zw, corner);
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
