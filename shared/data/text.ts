/**
 * UTF-8 decoding for the core. TextDecoder exists in every host we run (browsers, workers, Node >= 11), but it is a
 * DOM/Node type, not ECMAScript, so the core's no-DOM typecheck cannot see it: declare just what we use.
 */
declare const TextDecoder: new (label?: string) => { decode(input: Uint8Array): string };
declare const TextEncoder: new () => { encode(input: string): Uint8Array };

export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
