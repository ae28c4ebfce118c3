/**
 * The ccxt venue service's restart reconciliation in-process (real ccxt, fake Binance as ground truth), for the cases
 * the process tests cannot time reliably: an intent journaled but never sent (the gateway died in between), and an
 * order open at the venue that the journal does not know.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal.ts';
import type { Hub } from '../ws/hub.ts';
import { FakeBinance } from '../adapters/ccxt/testing/fake-binance.ts';
import { CcxtVenueService } from './ccxt-venue.ts';
import { describeCcxtVenue, loadCcxtVenueConfig, type CcxtVenueConfig } from './ccxt-venue-config.ts';

let fake: FakeBinance;
let journal: Journal;
let svc: CcxtVenueService | undefined;
const hub = { publish: () => 0 } as unknown as Hub;

beforeEach(async () => {
  fake = await new FakeBinance().start();
  fake.account.setBalance('USDT', 5_000);
  fake.account.setBalance('BTC', 0.5);
  fake.account.setPrice('BTCUSDT', 50_000);
  journal = new Journal(join(mkdtempSync(join(tmpdir(), 'aio-ccxt-rec-')), 'journal.sqlite'));
});
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
  journal.close();
  await fake.stop();
});

const config = (): CcxtVenueConfig => ({ exchangeId: 'binance', apiKey: 'k', secret: 's', sandbox: false, baseUrl: fake.restUrl, timeoutMs: 1000, pollMs: 60_000, rateLimitMs: 1, source: 'env' });

describe('ccxt venue reconciliation at start', () => {
  it('an intent the venue never got becomes not_placed (not resent); an unknown open order at the venue is adopted; balances are the venue\'s', async () => {
    // The journal of a gateway that died after journaling the intent and before sending it.
    journal.append('ccxt.submit', { clientOrderId: 'never-sent', venueOrderId: null, instrument: 'BTCUSDT.BINANCE', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.01, price: 40_000, status: 'unknown', filled: 0, average: null }, 1);
    // An order placed at the venue by this account that the journal lost (e.g. a journal restored from a backup).
    const r = fake.account.handle({ method: 'POST', path: '/api/v3/order', query: {}, body: 'symbol=BTCUSDT&side=SELL&type=LIMIT&quantity=0.1&price=60000&newClientOrderId=lost-1', headers: {} });
    expect(r?.status ?? 200).toBe(200);
    svc = new CcxtVenueService(config(), journal, hub, () => 1000);
    await svc.start();
    const orders = new Map(svc.list().map((o) => [o.clientOrderId, o]));
    expect(orders.get('never-sent')).toMatchObject({ status: 'not_placed' });
    expect(orders.get('lost-1')).toMatchObject({ status: 'open', instrument: 'BTCUSDT.BINANCE', side: 'sell', amount: 0.1 });
    expect(fake.requests.filter((q) => q.method === 'POST').length).toBe(0); // nothing was sent
    expect(fake.account.orders.map((o) => o.clientOrderId)).toEqual(['lost-1']);
    const truth = fake.account.snapshot();
    const bal = Object.fromEntries(svc.account().balances.map((b) => [b.currency, b]));
    expect(bal.BTC).toMatchObject({ total: truth.BTC.total, locked: 0.1 });
    expect(bal.USDT.total).toBe(truth.USDT.total);
    const rec = journal.entries(1, 1000).filter((e) => e.kind === 'ccxt.reconciled').map((e) => JSON.parse(e.payload));
    expect(rec[0]).toMatchObject({ notPlaced: ['never-sent'], adopted: ['lost-1'] });
    // A repeat of the never-sent key answers the journal's verdict and sends nothing.
    expect(await svc.submit({ clientOrderId: 'never-sent', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 40_000 })).toMatchObject({ duplicate: true, order: { status: 'not_placed' } });
    expect(fake.requests.filter((q) => q.method === 'POST').length).toBe(0);
  }, 60_000);

  it('config: keys from a 0600 file, env wins, loopback-only URL override, a world-readable key file is refused', () => {
    const home = mkdtempSync(join(tmpdir(), 'aio-ccxt-cfg-'));
    expect(loadCcxtVenueConfig({}, home)).toBeUndefined();
    const file = join(home, 'ccxt.json');
    writeFileSync(file, JSON.stringify({ exchangeId: 'binance', apiKey: 'file-key', secret: 'file-secret', sandbox: true }));
    chmodSync(file, 0o644);
    expect(() => loadCcxtVenueConfig({}, home)).toThrow(/chmod 600/);
    chmodSync(file, 0o600);
    const c = loadCcxtVenueConfig({ AIO_CCXT_API_KEY: 'env-key', AIO_CCXT_SECRET: 'env-secret' }, home)!;
    expect(c).toMatchObject({ exchangeId: 'binance', apiKey: 'env-key', secret: 'env-secret', sandbox: true, source: 'env+file' });
    expect(JSON.stringify(describeCcxtVenue(c))).not.toMatch(/env-key|env-secret/);
    expect(() => loadCcxtVenueConfig({ AIO_CCXT_EXCHANGE: 'binance', AIO_CCXT_URL: 'http://evil.example.com' }, home)).toThrow(/only a local/);
    expect(() => loadCcxtVenueConfig({ AIO_CCXT_EXCHANGE: 'binance', AIO_CCXT_TIMEOUT_MS: '5' }, home)).toThrow(/AIO_CCXT_TIMEOUT_MS=5/);
  });
});
