import { LiquiditySide, type Instrument, type Money } from '../../model/index.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const LiquiditySide_ = LiquiditySide;

/**
 * Commission = notional * fee rate, notional = qty * price * multiplier, in the instrument's quote currency,
 * rounded to that currency's precision. Maker fills pay `instrument.makerFee` (negative = rebate), takers `takerFee`.
 */
export function commission(instrument: Instrument, qty: number, price: number, liquidity: LiquiditySide): Money {
  const rate = liquidity === LiquiditySide_.MAKER ? instrument.makerFee : instrument.takerFee;
  return instrument.quoteCurrency.round(qty * price * instrument.multiplier * rate);
}
