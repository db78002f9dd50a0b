// Is WebGL a real GPU here? On a machine without one, Chromium renders WebGL in software
// (SwiftShader, or Mesa's llvmpipe on Linux), where webgl trains tens of times slower than wasm
// (see /work/shared/GUIDE.md); 'auto' does not even time it then (backend-startup.ts).

/** Renderer strings of software rasterizers (Chromium's SwiftShader, Mesa, Windows' WARP). */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render driver/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERERS.test(renderer);
}

/** "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) ...), SwiftShader driver)" -> shorter. */
export function shortRenderer(renderer: string): string {
  const known = SOFTWARE_RENDERERS.exec(renderer);
  if (known !== null) return known[0].toLowerCase() === 'swiftshader' ? 'SwiftShader' : known[0];
  return renderer.length > 60 ? `${renderer.slice(0, 57)}...` : renderer;
}

/**
 * The WebGL renderer's name, read in this worker from an OffscreenCanvas; null without WebGL.
 * Uses WEBGL_debug_renderer_info where offered (older browsers mask gl.RENDERER without it).
 */
export function probeWebglRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  let gl: WebGL2RenderingContext | WebGLRenderingContext | null = null;
  try {
    const canvas = new OffscreenCanvas(1, 1);
    gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (gl === null) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name: unknown = gl.getParameter(
      info !== null ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER,
    );
    return typeof name === 'string' ? name : null;
  } catch {
    // A browser may throw instead of returning null when WebGL is blocked.
    return null;
  } finally {
    // Free the probe's context now rather than at garbage collection: browsers cap live contexts.
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  }
}
