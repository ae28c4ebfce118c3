import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LzmaError, lzmaDecompress, readLzmaHeader } from './lzma.ts';

// Fixture made with Debian's `xz --format=lzma` from the first 100 kB of the S&P 500 CSV (fixtures/).
const packed = new Uint8Array(readFileSync(new URL('./fixtures/sp500-100k.csv.lzma', import.meta.url)));
const plain = new Uint8Array(readFileSync(new URL('./fixtures/sp500-100k.csv', import.meta.url)));

describe('LZMA decoder', () => {
  it('decodes an xz --format=lzma stream (unknown size, end marker) byte for byte', () => {
    expect(readLzmaHeader(packed)).toMatchObject({ lc: 3, lp: 0, pb: 2, unpackSize: -1 });
    expect(Buffer.compare(Buffer.from(lzmaDecompress(packed)), Buffer.from(plain))).toBe(0);
  });
  it('decodes the same stream with the size declared in the header (as Dukascopy files have it)', () => {
    const withSize = packed.slice();
    new DataView(withSize.buffer).setUint32(5, plain.length, true);
    new DataView(withSize.buffer).setUint32(9, 0, true);
    expect(readLzmaHeader(withSize).unpackSize).toBe(plain.length);
    expect(Buffer.compare(Buffer.from(lzmaDecompress(withSize)), Buffer.from(plain))).toBe(0);
  });
  it('a truncated or damaged stream is an LzmaError, never a hang or a crash', () => {
    expect(() => lzmaDecompress(packed.subarray(0, packed.length >> 1))).toThrow(LzmaError);
    expect(() => lzmaDecompress(new Uint8Array([1, 2, 3]))).toThrow(/shorter than the 13-byte header/);
    const bad = packed.slice();
    bad[0] = 250;
    expect(() => lzmaDecompress(bad)).toThrow(/properties byte/);
    const wrongSize = packed.slice();
    new DataView(wrongSize.buffer).setUint32(5, plain.length - 10, true);
    new DataView(wrongSize.buffer).setUint32(9, 0, true);
    expect(() => lzmaDecompress(wrongSize)).toThrow(LzmaError);
  });
});
