import { describe, expect, it } from 'vitest';
import { isSoftwareRenderer, shortRenderer } from './renderer-probe';

const SWIFTSHADER =
  'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const LLVMPIPE = 'llvmpipe (LLVM 15.0.6, 256 bits)';
const GPU = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';

describe('WebGL renderer', () => {
  it('recognizes software rasterizers', () => {
    expect(isSoftwareRenderer(SWIFTSHADER)).toBe(true);
    expect(isSoftwareRenderer(LLVMPIPE)).toBe(true);
    expect(isSoftwareRenderer('Microsoft Basic Render Driver')).toBe(true);
    expect(isSoftwareRenderer(GPU)).toBe(false);
    expect(isSoftwareRenderer('Apple M2')).toBe(false);
  });

  it('names the renderer briefly', () => {
    expect(shortRenderer(SWIFTSHADER)).toBe('SwiftShader');
    expect(shortRenderer(LLVMPIPE)).toBe('llvmpipe');
    expect(shortRenderer('x'.repeat(100)).length).toBe(60);
  });
});
