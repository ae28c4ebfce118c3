/**
 * NaN policy shared by every batch function: a NaN in any input the indicator reads marks a gap. The indicator
 * restarts after it, exactly as if the series had been split there: outputs are NaN on the gap and through a fresh
 * warm-up. The streaming classes do the same by calling reset(). This is what TA-Lib gives on each piece of a split
 * series, and it keeps one missing value from poisoning a recursive indicator (EMA, RSI, ATR) forever.
 */

/**
 * Runs `kernel` on each maximal NaN-free run of rows. `warmups[k]` is how many leading rows of a run output k leaves
 * undefined: they (and the NaN rows themselves) are set to NaN here, and the kernel writes every later row. So
 * outputs need no NaN pre-fill (a fresh Float64Array, or a caller's buffer with any contents, will do).
 */
export function forEachSegment(
  inputs: readonly Float64Array[],
  outputs: readonly Float64Array[],
  warmups: readonly number[],
  kernel: (ins: Float64Array[], outs: Float64Array[]) => void,
): void {
  const n = outputs.length > 0 ? outputs[0].length : 0;
  let clean = true;
  for (let k = 0; k < inputs.length && clean; k++) clean = !hasNaN(inputs[k], n);
  if (clean) {
    for (let k = 0; k < outputs.length; k++) outputs[k].fill(NaN, 0, Math.min(Math.max(warmups[k], 0), n));
    kernel(inputs as Float64Array[], outputs as Float64Array[]);
    return;
  }
  let start = 0;
  while (start < n) {
    let end = start;
    while (end < n && !rowHasNaN(inputs, end)) end++;
    if (end > start) {
      const outs = outputs.map((a) => a.subarray(start, end));
      for (let k = 0; k < outs.length; k++) outs[k].fill(NaN, 0, Math.min(Math.max(warmups[k], 0), end - start));
      kernel(
        inputs.map((a) => a.subarray(start, end)),
        outs,
      );
    }
    if (end < n) for (const o of outputs) o[end] = NaN;
    start = end + 1;
  }
}

/**
 * Whether a[0..n) holds a NaN. Four independent running sums (a NaN poisons a sum) keep the loop branch-free and
 * pipelined; a NaN total can also come from +Inf + -Inf, so a NaN total is confirmed by an exact scan.
 */
function hasNaN(a: Float64Array, n: number): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i];
    s1 += a[i + 1];
    s2 += a[i + 2];
    s3 += a[i + 3];
  }
  for (; i < n; i++) s0 += a[i];
  const t = s0 + s1 + s2 + s3;
  if (t === t) return false;
  for (let j = 0; j < n; j++) if (a[j] !== a[j]) return true;
  return false;
}

function rowHasNaN(inputs: readonly Float64Array[], i: number): boolean {
  for (let k = 0; k < inputs.length; k++) {
    const v = inputs[k][i];
    if (v !== v) return true;
  }
  return false;
}

/** An output column: uninitialised from the kernel's point of view (forEachSegment writes the warm-up NaNs). */
export function outArray(n: number): Float64Array {
  return new Float64Array(n);
}

/** A Float64Array of length n filled with NaN. */
export function nanArray(n: number): Float64Array {
  return new Float64Array(n).fill(NaN);
}

/** True when any of the numbers is NaN (for the streaming side of the NaN policy). */
export function anyNaN(a: number, b = 0, c = 0, d = 0): boolean {
  return a !== a || b !== b || c !== c || d !== d;
}

/**
 * Like forEachSegment, but first runs `kernel` once over the whole columns, skipping the NaN scan: the kernel
 * returns true when it met a NaN in any input (each kernel knows how a NaN shows up in its own state), and only
 * then is the series split at its NaN rows and recomputed. For the common NaN-free case this saves one pass over
 * every input column.
 */
export function optimistic(
  inputs: readonly Float64Array[],
  outputs: readonly Float64Array[],
  warmups: readonly number[],
  kernel: (ins: Float64Array[], outs: Float64Array[]) => boolean,
): void {
  const n = outputs.length > 0 ? outputs[0].length : 0;
  for (let k = 0; k < outputs.length; k++) outputs[k].fill(NaN, 0, Math.min(Math.max(warmups[k], 0), n));
  if (!kernel(inputs as Float64Array[], outputs as Float64Array[])) return;
  forEachSegment(inputs, outputs, warmups, (ins, outs) => {
    kernel(ins, outs);
  });
}

/** True when any of the columns holds a NaN (for kernels' short-series fallbacks). */
export function anyColumnNaN(cols: readonly Float64Array[]): boolean {
  for (const c of cols) if (hasNaN(c, c.length)) return true;
  return false;
}
