import { LiquiditySide, type Instrument, type Money } from '../../model/index.ts';

/**
 * Commission = notional * fee rate, notional = qty * price * multiplier, in the instrument's quote currency,
 * rounded to that currency's precision. Maker fills pay `instrument.makerFee` (negative = rebate), takers `takerFee`.
 */
export function commission(instrument: Instrument, qty: number, price: number, liquidity: LiquiditySide): Money {
  const rate = liquidity === LiquiditySide.MAKER ? instrument.makerFee : instrument.takerFee;
  return instrument.quoteCurrency.round(qty * price * instrument.multiplier * rate);
}
