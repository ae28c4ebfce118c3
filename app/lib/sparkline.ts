/**
 * SVG path of a line through `values`, scaled into a width x height box with `pad` pixels of margin.
 * A flat series draws along the middle; fewer than two values draw nothing.
 */
export function sparklinePath(values: readonly number[], width: number, height: number, pad = 0): string {
  const pts = values.filter((v) => Number.isFinite(v));
  if (pts.length < 2) return '';
  let min = Infinity;
  let max = -Infinity;
  for (const v of pts) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const w = width - 2 * pad;
  const h = height - 2 * pad;
  const span = max - min;
  const y = (v: number) => (span === 0 ? height / 2 : pad + h - ((v - min) / span) * h);
  const step = w / (pts.length - 1);
  return pts.map((v, i) => `${i === 0 ? 'M' : 'L'}${round(pad + i * step)},${round(y(v))}`).join('');
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
