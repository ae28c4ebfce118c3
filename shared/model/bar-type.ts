import { AggregationSource, BarAggregation, PriceType } from './enums.ts';
import { InvalidBarTypeError } from './errors.ts';
import type { InstrumentId } from './identifiers.ts';
import { ensureInstrumentId } from './identifiers.ts';

/** How a bar is cut: every `step` units of `aggregation`, built from `priceType` prices. */
export class BarSpecification {
  constructor(
    readonly step: number,
    readonly aggregation: BarAggregation,
    readonly priceType: PriceType,
  ) {
    if (!Number.isInteger(step) || step <= 0) {
      throw new InvalidBarTypeError(`Bar step ${step} is invalid: it must be a positive integer (e.g. 1 or 5).`);
    }
  }

  /** '1-MINUTE-LAST' */
  toString(): string {
    return `${this.step}-${this.aggregation}-${this.priceType}`;
  }

  /** True for SECOND..WEEK (bars closed by the clock). */
  isTimeAggregated(): boolean {
    return TIME_MS[this.aggregation] !== undefined;
  }

  /** Bar length in ms for time aggregations; throws for TICK/VOLUME/VALUE. */
  durationMs(): number {
    const unit = TIME_MS[this.aggregation];
    if (unit === undefined) {
      throw new InvalidBarTypeError(`Bar specification ${this.toString()} is not time-aggregated: it has no duration.`);
    }
    return unit * this.step;
  }
}

const TIME_MS: Partial<Record<BarAggregation, number>> = {
  SECOND: 1_000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
  WEEK: 604_800_000,
};

/**
 * Instrument + specification + source. Formats as 'BTCUSDT.BINANCE-1-MINUTE-LAST-EXTERNAL'; `key` holds that string
 * (computed once) for Map lookups and equality.
 */
export class BarType {
  readonly key: string;

  constructor(
    readonly instrumentId: InstrumentId,
    readonly spec: BarSpecification,
    readonly source: AggregationSource = AggregationSource.EXTERNAL,
  ) {
    this.key = `${instrumentId}-${spec.toString()}-${source}`;
  }

  toString(): string {
    return this.key;
  }

  equals(other: BarType): boolean {
    return this.key === other.key;
  }

  /**
   * Parses 'BTCUSDT.BINANCE-1-MINUTE-LAST-EXTERNAL' (the source may be omitted: EXTERNAL). Parsed from the right, so
   * symbols with hyphens ('BTC-PERP.FTX-1-HOUR-LAST') work.
   */
  static parse(value: string): BarType {
    const fail = (why: string): never => {
      throw new InvalidBarTypeError(
        `Bar type '${value}' is invalid: ${why}. Expected INSTRUMENT-STEP-AGGREGATION-PRICETYPE[-SOURCE], e.g. 'BTCUSDT.BINANCE-1-MINUTE-LAST-EXTERNAL'.`,
      );
    };
    if (typeof value !== 'string') fail('not a string');
    const parts = value.split('-');
    let source: AggregationSource = AggregationSource.EXTERNAL;
    if (parts.length >= 5 && Object.hasOwn(AggregationSource, parts[parts.length - 1])) {
      source = parts.pop() as AggregationSource;
    }
    if (parts.length < 4) fail('too few parts');
    const priceType = parts.pop()!;
    const aggregation = parts.pop()!;
    const stepText = parts.pop()!;
    const instrument = parts.join('-');
    if (!Object.hasOwn(PriceType, priceType)) fail(`price type '${priceType}' is not one of ${Object.keys(PriceType).join(', ')}`);
    if (!Object.hasOwn(BarAggregation, aggregation)) fail(`aggregation '${aggregation}' is not one of ${Object.keys(BarAggregation).join(', ')}`);
    if (!/^[1-9][0-9]*$/.test(stepText)) fail(`step '${stepText}' is not a positive integer`);
    let id: InstrumentId;
    try {
      id = ensureInstrumentId(instrument);
    } catch (e) {
      return fail(`instrument '${instrument}': ${(e as Error).message}`);
    }
    return new BarType(id, new BarSpecification(Number(stepText), aggregation as BarAggregation, priceType as PriceType), source);
  }
}
