/**
 * Reusable scratch columns for batch functions' intermediate series (e.g. HMA's two inner WMAs), so a call on a
 * million bars allocates only its outputs: fresh multi-megabyte buffers per call cost page faults and, in a large
 * heap, major GCs. Slots are per top-level batch function call and never handed to callers; batch functions do not
 * call other top-level batch functions while holding slots. The pool keeps at most SLOTS arrays of the largest n
 * seen; `releaseScratch()` frees them.
 */
const pool: (Float64Array | undefined)[] = [];

/** A scratch Float64Array of length n in `slot` (0-based). Contents are garbage: write before reading. */
export function scratch(slot: number, n: number): Float64Array {
  let a = pool[slot];
  if (!a || a.length < n) {
    a = new Float64Array(Math.max(n, 16));
    pool[slot] = a;
  }
  return a.length === n ? a : a.subarray(0, n);
}

/** Drops the pooled scratch arrays (e.g. after a one-off run on a very long series). */
export function releaseScratch(): void {
  pool.length = 0;
}
