import type { CpuTwin } from './cpu-sweep.ts';

// Temporary float64 references until shared/indicators' TA-Lib-checked batch functions land.
const nanArray = (n: number): Float64Array => new Float64Array(n).fill(Number.NaN);

function sma(x: Float64Array, n: number): Float64Array {
  const y = nanArray(x.length);
  for (let t = n - 1; t < x.length; t++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[t - i];
    y[t] = s / n;
  }
  return y;
}

function ema(x: Float64Array, n: number): Float64Array {
  const y = nanArray(x.length);
  if (x.length < n) return y;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  let e = s / n;
  y[n - 1] = e;
  const k = 2 / (n + 1);
  for (let t = n; t < x.length; t++) y[t] = e = e + k * (x[t] - e);
  return y;
}

export const CPU_TWINS: Readonly<Record<string, CpuTwin>> = {
  sma: (c, p) => [sma(c.close!, p.period)],
  ema: (c, p) => [ema(c.close!, p.period)],
};
