import { describe, expect, it } from 'vitest';
import { BusError, MessageBus } from './message-bus.ts';

describe('MessageBus', () => {
  it('delivers a command to the one handler registered on an endpoint', () => {
    const bus = new MessageBus();
    const got: string[] = [];
    bus.register<string>('RiskEngine.execute', (m) => got.push(m));
    bus.send('RiskEngine.execute', 'a');
    bus.endpoint<string>('RiskEngine.execute').send('b');
    expect(got).toEqual(['a', 'b']);
  });

  it('refuses a second handler on an endpoint and a send to nobody', () => {
    const bus = new MessageBus();
    bus.register('x', () => {});
    expect(() => bus.register('x', () => {})).toThrow(BusError);
    expect(() => bus.send('nobody', 1)).toThrow(/no handler registered on endpoint 'nobody'/);
  });

  it('publishes to subscribers in priority then subscription order, including prefix patterns', () => {
    const bus = new MessageBus();
    const got: string[] = [];
    bus.subscribe<number>('data.quotes.*', (m) => got.push(`wild${m}`));
    bus.subscribe<number>('data.quotes.A', (m) => got.push(`low${m}`));
    bus.subscribe<number>('data.quotes.A', (m) => got.push(`high${m}`), 10);
    bus.publish('data.quotes.A', 1);
    bus.publish('data.quotes.B', 2);
    bus.publish('data.trades.A', 3);
    expect(got).toEqual(['high1', 'wild1', 'low1', 'wild2']);
  });

  it('a pattern subscribed after a topic exists reaches it, and unsubscribe removes it', () => {
    const bus = new MessageBus();
    const t = bus.topic<number>('events.order.S-1');
    const got: number[] = [];
    const h = (m: number) => got.push(m);
    bus.subscribe('events.order.*', h);
    t.publish(1);
    bus.unsubscribe('events.order.*', h);
    t.publish(2);
    expect(got).toEqual([1]);
    expect(t.isEmpty).toBe(true);
  });

  it('subscribing the same handler twice delivers once', () => {
    const bus = new MessageBus();
    let n = 0;
    const h = () => n++;
    bus.subscribe('t', h);
    bus.subscribe('t', h);
    bus.publish('t', 0);
    expect(n).toBe(1);
  });

  it('answers requests through the registered request handler', () => {
    const bus = new MessageBus();
    bus.registerRequestHandler<{ a: number }, number>('double', (r) => r.a * 2);
    expect(bus.request<{ a: number }, number>('double', { a: 21 })).toBe(42);
    expect(() => bus.request('nothing', {})).toThrow(BusError);
  });
});
