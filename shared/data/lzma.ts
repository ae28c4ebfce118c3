/**
 * LZMA1 decoder for the ".lzma" (LZMA-alone) container that Dukascopy's .bi5 files and `xz --format=lzma` use.
 * Pure ECMAScript, no dependencies: npm's options are unmaintained (lzma, lzma-purejs) or handle only the .xz
 * container (xz-decompress), so this is a direct port of the public-domain reference decoder (Igor Pavlov,
 * LzmaSpec.cpp, LZMA SDK). The whole output is kept in memory and serves as the dictionary window.
 *
 * Container: 1 byte properties (lc, lp, pb), 4 bytes dictionary size (LE), 8 bytes uncompressed size
 * (LE; all 0xFF = unknown, then the stream ends with an end marker), then the range-coded data.
 */

export class LzmaError extends Error {
  override name = 'LzmaError';
}

const PROB_INIT = 1024;
const NUM_STATES = 12;
const POS_BITS_MAX = 4;
const END_POS_MODEL = 14;
const NUM_FULL_DISTANCES = 128;
const MATCH_MIN_LEN = 2;

class RangeDecoder {
  range = 0xffffffff;
  code = 0;
  pos: number;
  corrupted = false;

  constructor(
    private readonly buf: Uint8Array,
    start: number,
  ) {
    this.pos = start;
    if (this.byte() !== 0) this.corrupted = true;
    for (let i = 0; i < 4; i++) this.code = (this.code * 256 + this.byte()) >>> 0;
    if (this.code === this.range) this.corrupted = true;
  }

  private byte(): number {
    if (this.pos >= this.buf.length) throw new LzmaError('compressed data ends too early (truncated file)');
    return this.buf[this.pos++];
  }

  private normalize(): void {
    if (this.range < 0x1000000) {
      this.range = (this.range * 256) >>> 0;
      this.code = (this.code * 256 + this.byte()) >>> 0;
    }
  }

  finishedOk(): boolean {
    return this.code === 0;
  }

  directBits(numBits: number): number {
    let res = 0;
    for (; numBits > 0; numBits--) {
      this.range = this.range >>> 1;
      let bit = 0;
      if (this.code >= this.range) {
        this.code -= this.range;
        bit = 1;
      }
      if (this.code === this.range) this.corrupted = true;
      this.normalize();
      res = res * 2 + bit;
    }
    return res;
  }

  bit(probs: Uint16Array, i: number): number {
    const v = probs[i];
    const bound = (this.range >>> 11) * v;
    let symbol: number;
    if (this.code < bound) {
      probs[i] = v + ((2048 - v) >>> 5);
      this.range = bound;
      symbol = 0;
    } else {
      probs[i] = v - (v >>> 5);
      this.code -= bound;
      this.range -= bound;
      symbol = 1;
    }
    this.normalize();
    return symbol;
  }

  bitTree(probs: Uint16Array, offset: number, numBits: number): number {
    let m = 1;
    for (let i = 0; i < numBits; i++) m = (m << 1) + this.bit(probs, offset + m);
    return m - (1 << numBits);
  }

  bitTreeReverse(probs: Uint16Array, offset: number, numBits: number): number {
    let m = 1;
    let sym = 0;
    for (let i = 0; i < numBits; i++) {
      const b = this.bit(probs, offset + m);
      m = (m << 1) + b;
      sym |= b << i;
    }
    return sym;
  }
}

/** Length decoder: choice bits, then 3-bit low/mid trees per pos state or an 8-bit high tree. */
class LenDecoder {
  private choice = new Uint16Array(2).fill(PROB_INIT);
  private low = new Uint16Array((1 << POS_BITS_MAX) << 3).fill(PROB_INIT);
  private mid = new Uint16Array((1 << POS_BITS_MAX) << 3).fill(PROB_INIT);
  private high = new Uint16Array(256).fill(PROB_INIT);

  decode(rc: RangeDecoder, posState: number): number {
    if (rc.bit(this.choice, 0) === 0) return rc.bitTree(this.low, posState << 3, 3);
    if (rc.bit(this.choice, 1) === 0) return 8 + rc.bitTree(this.mid, posState << 3, 3);
    return 16 + rc.bitTree(this.high, 0, 8);
  }
}

export interface LzmaHeader {
  lc: number;
  lp: number;
  pb: number;
  dictSize: number;
  /** -1 when unknown (the stream then ends with an end marker). */
  unpackSize: number;
}

export function readLzmaHeader(buf: Uint8Array): LzmaHeader {
  if (buf.length < 13) throw new LzmaError(`not an LZMA stream: ${buf.length} bytes is shorter than the 13-byte header`);
  let d = buf[0];
  if (d >= 9 * 5 * 5) throw new LzmaError(`not an LZMA stream: bad properties byte ${d}`);
  const lc = d % 9;
  d = Math.floor(d / 9);
  const lp = d % 5;
  const pb = Math.floor(d / 5);
  const dictSize = (buf[1] | (buf[2] << 8) | (buf[3] << 16)) + buf[4] * 2 ** 24;
  let unknown = true;
  let size = 0;
  for (let i = 0; i < 8; i++) {
    if (buf[5 + i] !== 0xff) unknown = false;
    size += buf[5 + i] * 2 ** (8 * i);
  }
  if (!unknown && size > 2 ** 31) throw new LzmaError(`uncompressed size ${size} is too large for an in-memory decode`);
  return { lc, lp, pb, dictSize, unpackSize: unknown ? -1 : size };
}

/** Decompresses a complete LZMA-alone stream. Throws LzmaError on corrupt or truncated input. */
export function lzmaDecompress(buf: Uint8Array): Uint8Array {
  const h = readLzmaHeader(buf);
  const { lc, lp, pb } = h;
  const sizeKnown = h.unpackSize >= 0;
  let remaining = sizeKnown ? h.unpackSize : Infinity;
  let out = new Uint8Array(sizeKnown ? h.unpackSize : Math.max(4096, buf.length * 4));
  let pos = 0;
  const dictSize = Math.max(h.dictSize, 1 << 12);
  const rc = new RangeDecoder(buf, 13);

  const literalProbs = new Uint16Array(0x300 << (lc + lp)).fill(PROB_INIT);
  const posSlot = new Uint16Array(4 << 6).fill(PROB_INIT);
  const posDecoders = new Uint16Array(1 + NUM_FULL_DISTANCES - END_POS_MODEL).fill(PROB_INIT);
  const align = new Uint16Array(16).fill(PROB_INIT);
  const isMatch = new Uint16Array(NUM_STATES << POS_BITS_MAX).fill(PROB_INIT);
  const isRep = new Uint16Array(NUM_STATES).fill(PROB_INIT);
  const isRepG0 = new Uint16Array(NUM_STATES).fill(PROB_INIT);
  const isRepG1 = new Uint16Array(NUM_STATES).fill(PROB_INIT);
  const isRepG2 = new Uint16Array(NUM_STATES).fill(PROB_INIT);
  const isRep0Long = new Uint16Array(NUM_STATES << POS_BITS_MAX).fill(PROB_INIT);
  const lenDecoder = new LenDecoder();
  const repLenDecoder = new LenDecoder();

  const put = (b: number): void => {
    if (pos === out.length) {
      const bigger = new Uint8Array(out.length * 2);
      bigger.set(out);
      out = bigger;
    }
    out[pos++] = b;
  };
  const getByte = (dist: number): number => out[pos - dist];

  const decodeDistance = (len: number): number => {
    const lenState = Math.min(len, 3);
    const slot = rc.bitTree(posSlot, lenState << 6, 6);
    if (slot < 4) return slot;
    const numDirectBits = (slot >>> 1) - 1;
    let dist = (2 | (slot & 1)) * 2 ** numDirectBits;
    if (slot < END_POS_MODEL) dist += rc.bitTreeReverse(posDecoders, dist - slot, numDirectBits);
    else {
      dist += rc.directBits(numDirectBits - 4) * 16;
      dist += rc.bitTreeReverse(align, 0, 4);
    }
    return dist;
  };

  let state = 0;
  let rep0 = 0;
  let rep1 = 0;
  let rep2 = 0;
  let rep3 = 0;
  const pbMask = (1 << pb) - 1;
  const lpMask = (1 << lp) - 1;

  for (;;) {
    if (sizeKnown && remaining === 0 && rc.finishedOk()) break;
    const posState = pos & pbMask;
    if (rc.bit(isMatch, (state << POS_BITS_MAX) + posState) === 0) {
      if (remaining === 0) throw new LzmaError('data continues past the declared uncompressed size');
      // Literal.
      const prev = pos > 0 ? out[pos - 1] : 0;
      const litState = ((pos & lpMask) << lc) + (prev >>> (8 - lc));
      const base = 0x300 * litState;
      let symbol = 1;
      if (state >= 7) {
        let matchByte = getByte(rep0 + 1);
        do {
          const matchBit = (matchByte >>> 7) & 1;
          matchByte <<= 1;
          const bit = rc.bit(literalProbs, base + ((1 + matchBit) << 8) + symbol);
          symbol = (symbol << 1) | bit;
          if (matchBit !== bit) break;
        } while (symbol < 0x100);
      }
      while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(literalProbs, base + symbol);
      put(symbol - 0x100);
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      remaining--;
      continue;
    }
    let len: number;
    if (rc.bit(isRep, state) !== 0) {
      if (remaining === 0) throw new LzmaError('data continues past the declared uncompressed size');
      if (pos === 0) throw new LzmaError('corrupt stream: a repeated match before any data');
      if (rc.bit(isRepG0, state) === 0) {
        if (rc.bit(isRep0Long, (state << POS_BITS_MAX) + posState) === 0) {
          // Short rep: one byte from rep0.
          state = state < 7 ? 9 : 11;
          put(getByte(rep0 + 1));
          remaining--;
          continue;
        }
      } else {
        let dist: number;
        if (rc.bit(isRepG1, state) === 0) dist = rep1;
        else {
          if (rc.bit(isRepG2, state) === 0) dist = rep2;
          else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = repLenDecoder.decode(rc, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = lenDecoder.decode(rc, posState);
      state = state < 7 ? 7 : 10;
      rep0 = decodeDistance(len);
      if (rep0 === 0xffffffff) {
        if (!rc.finishedOk()) throw new LzmaError('corrupt stream: end marker with data left in the range coder');
        if (sizeKnown && remaining !== 0) throw new LzmaError(`stream ended ${remaining} bytes before the declared size`);
        break;
      }
      if (remaining === 0) throw new LzmaError('data continues past the declared uncompressed size');
      if (rep0 >= dictSize || rep0 >= pos) throw new LzmaError(`corrupt stream: match distance ${rep0 + 1} reaches before the start of the data`);
    }
    len += MATCH_MIN_LEN;
    if (len > remaining) throw new LzmaError('corrupt stream: a match runs past the declared uncompressed size');
    for (let i = 0; i < len; i++) put(getByte(rep0 + 1));
    remaining -= len;
  }
  if (rc.corrupted) throw new LzmaError('corrupt stream: range coder state is inconsistent');
  return out.subarray(0, pos);
}
