/**
 * The path a bar's price is assumed to take inside the bar, for matching orders against bars:
 *
 *   open -> nearer extreme -> other extreme -> close
 *
 * "Nearer" is the extreme closer to the open (|high - open| vs |open - low|): a bar that opens near its high most
 * likely printed the high first. Ties (equal distances, including a flat bar) go by the bar's colour: a bar that
 * closes at or above its open visits the LOW first (down, then up to the high, then to the close), a bar that closes
 * below its open visits the HIGH first. The jump from the previous price to the open is a gap (orders crossed by it
 * fill at the open); the three legs after it are continuous (orders on them fill at their own prices).
 *
 * Writes the four vertices into `out` (no allocation on the hot path) and returns it.
 */
export function intrabarPath(open: number, high: number, low: number, close: number, out: Float64Array): Float64Array {
  const up = high - open;
  const down = open - low;
  const highFirst = up < down || (up === down && close < open);
  out[0] = open;
  out[1] = highFirst ? high : low;
  out[2] = highFirst ? low : high;
  out[3] = close;
  return out;
}
