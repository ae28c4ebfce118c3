import { describe, expect, it } from 'vitest';
import {
  OrderSide, USD, eventFromJson, eventToJson, InvalidEventJsonError, orderFromEvents, type InstrumentId, type OrderEvent,
} from '../../model/index.ts';
import { SimHarness } from './testing.ts';

describe('event JSON and order replay', () => {
  it('round-trips a bracket lifecycle through JSON and rebuilds every order exactly', () => {
    const h = new SimHarness(undefined, { volumeParticipation: 0.1 });
    h.bar(100, 100.5, 99.5, 100, 60_000, 50);
    const list = h.submitList(h.factory.bracket({ instrumentId: 'AAA.SIM' as InstrumentId, side: OrderSide.BUY, quantity: 12, stopLoss: 95, takeProfit: 110 }));
    h.bar(101, 101.5, 100.5, 101, 120_000, 50);
    h.bar(102, 111, 101.5, 108, 180_000, 1_000);
    for (const original of list.orders) {
      const wire = JSON.parse(JSON.stringify(original.events.map(eventToJson))) as unknown[];
      const rebuilt = orderFromEvents(wire.map(eventFromJson) as OrderEvent[]);
      expect([rebuilt.status, rebuilt.quantity, rebuilt.filledQty, rebuilt.avgPx, rebuilt.commission, rebuilt.venueOrderId])
        .toEqual([original.status, original.quantity, original.filledQty, original.avgPx, original.commission, original.venueOrderId]);
    }
    const fill = h.sink.fills()[0];
    const back = eventFromJson(JSON.parse(JSON.stringify(eventToJson(fill))));
    expect(back.type === 'OrderFilled' && back.currency).toBe(USD); // the registered instance, not a copy
    const state = h.sink.states.at(-1)!;
    expect(eventFromJson(JSON.parse(JSON.stringify(eventToJson(state))))).toEqual(state);
  });

  it('refuses malformed JSON with a typed error', () => {
    expect(() => eventFromJson(null)).toThrow(InvalidEventJsonError);
    expect(() => eventFromJson({ type: 'OrderExploded', clientOrderId: 'x', tsEvent: 1 })).toThrow(/Unknown event type/);
    expect(() => eventFromJson({ type: 'OrderFilled', clientOrderId: 'x', tsEvent: 1, currency: 'ZZZ', commissionCurrency: 'USD' })).toThrow(/currency: Currency 'ZZZ' is unknown/);
    expect(() => orderFromEvents([])).toThrow(/must start with OrderInitialized/);
  });
});
