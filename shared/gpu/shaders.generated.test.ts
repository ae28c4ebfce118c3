// shared/gpu/shaders.generated.ts must be regenerated whenever a file in shaders/ changes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs dev script without type declarations
import { renderShaders } from '../../scripts/gen-wgsl.mjs';

describe('shaders.generated.ts', () => {
  it('matches shaders/*.wgsl (run `node scripts/gen-wgsl.mjs` if this fails)', () => {
    const current = readFileSync(new URL('./shaders.generated.ts', import.meta.url), 'utf8');
    expect(current === (renderShaders() as string)).toBe(true);
  });
});
