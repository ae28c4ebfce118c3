// Each GPU kernel must agree with the indicator registry (the contract its CPU twin implements): same outputs in
// the same order, parameters the registry knows, columns the registry says it reads, and a shader that exists.
import { describe, expect, it } from 'vitest';
import { findIndicator, INPUT_COLUMNS } from '../../indicators/registry.ts';
import { WGSL } from '../shaders.generated.ts';
import { KERNELS, specFor } from './index.ts';

describe('GPU kernel specs vs the indicator registry', () => {
  const ids = Object.keys(KERNELS);
  it('has kernels for the core list', () => {
    for (const id of ['sma', 'ema', 'wma', 'rsi', 'atr', 'bbands', 'macd', 'stddev']) expect(ids).toContain(id);
  });
  for (const id of ids) {
    it(`${id}: outputs, parameters, columns and shader match`, () => {
      const k = KERNELS[id];
      const def = findIndicator(id)!;
      expect(def).toBeDefined();
      expect(k.outputs).toEqual(def.outputs);
      expect([...k.params].sort()).toEqual(def.params.map((p) => p.name).sort());
      for (const c of k.columns) expect(INPUT_COLUMNS[def.inputs]).toContain(c);
      expect(WGSL[k.shader]).toContain('fn main(');
    });
  }
  it('gives a CPU-only spec for a registry indicator without a kernel and nothing for an unknown id', () => {
    expect(specFor('definitely-not-an-indicator')).toBeUndefined();
    expect(specFor('sma')).toBe(KERNELS.sma);
  });
});
