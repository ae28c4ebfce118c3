import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { validateSpec, type SpecError } from '../../shared/strategy/spec-validate.ts';
import type { StrategySpec } from '../../shared/strategy/spec.ts';
import type { IndicatorCatalog } from '../../shared/strategy/spec-catalog.ts';

// Share links carry a StrategySpec (and the dataset it ran on) in the URL fragment, so nothing is uploaded and
// the gateway never sees it. A link is DATA: it is size-limited, decompressed with a cap, parsed as JSON and
// validated against the StrategySpec schema; it is never evaluated. Anything else gives a clear error.

/** Longest fragment payload we accept (characters of base64url). Links above ~8 KB break in chat apps anyway. */
export const MAX_LINK_CHARS = 16_000;
/** Largest decompressed JSON we accept: a spec is a few KB; this stops a small "zip bomb" link. */
export const MAX_JSON_BYTES = 256 * 1024;
const PAYLOAD_VERSION = 1;

export interface SharedDataset {
  instrument: string;
  timeframe: string;
}

export interface SharePayload {
  spec: StrategySpec;
  dataset?: SharedDataset;
}

export type DecodeResult = { ok: true; payload: SharePayload } | { ok: false; error: string; specErrors?: SpecError[] };

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

/** Compressed, URL-safe text for the `s` parameter of `#/lab?s=...`. */
export function encodeShare(p: SharePayload): string {
  const json = JSON.stringify({ v: PAYLOAD_VERSION, spec: p.spec, dataset: p.dataset });
  return toBase64Url(deflateSync(strToU8(json), { level: 9 }));
}

export function shareUrl(origin: string, p: SharePayload): string {
  return `${origin}/#/lab?s=${encodeShare(p)}`;
}

export function decodeShare(text: string, catalog?: IndicatorCatalog): DecodeResult {
  const broken = 'This share link is damaged or was edited: it could not be read. Ask for the link again, or copy it whole.';
  if (text.length === 0) return { ok: false, error: broken };
  if (text.length > MAX_LINK_CHARS) {
    return { ok: false, error: `This share link is too long (${text.length} characters; at most ${MAX_LINK_CHARS}). It was not opened.` };
  }
  const bytes = fromBase64Url(text);
  if (!bytes) return { ok: false, error: broken };
  let json: string;
  try {
    // fflate stops when the output buffer is full, so a bomb cannot grow past the cap; we then detect it.
    const out = inflateSync(bytes, { out: new Uint8Array(MAX_JSON_BYTES + 1) });
    if (out.length > MAX_JSON_BYTES) return { ok: false, error: 'This share link expands to more data than a strategy can hold. It was not opened.' };
    json = strFromU8(out);
  } catch {
    return { ok: false, error: broken };
  }
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return { ok: false, error: broken };
  }
  if (typeof v !== 'object' || v === null || (v as { v?: unknown }).v !== PAYLOAD_VERSION) {
    return { ok: false, error: 'This share link was made by a different version of the app and cannot be opened here.' };
  }
  const { spec, dataset } = v as { spec?: unknown; dataset?: unknown };
  const checked = validateSpec(spec, catalog);
  if (!checked.ok) {
    return {
      ok: false,
      error: `This share link holds a strategy that is not valid (${checked.errors.length} problem${checked.errors.length === 1 ? '' : 's'}), so it was not loaded.`,
      specErrors: checked.errors,
    };
  }
  let ds: SharedDataset | undefined;
  if (dataset !== undefined) {
    const d = dataset as Partial<SharedDataset>;
    if (typeof d !== 'object' || d === null || typeof d.instrument !== 'string' || typeof d.timeframe !== 'string' || d.instrument.length > 64 || d.timeframe.length > 8) {
      return { ok: false, error: 'This share link names its dataset in a form the app does not know. It was not opened.' };
    }
    ds = { instrument: d.instrument, timeframe: d.timeframe };
  }
  return { ok: true, payload: { spec: checked.spec, dataset: ds } };
}
