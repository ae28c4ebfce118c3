import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeIbVenue, loadIbVenueConfig } from './ib-venue-config.ts';

const home = (): string => mkdtempSync(join(tmpdir(), 'aio-ibcfg-'));

describe('IB venue config', () => {
  it('off unless AIO_IB_APP / AIO_IB_PORT or ib.json', () => {
    expect(loadIbVenueConfig({}, home())).toBeUndefined();
  });

  it('default ports by app and mode: TWS 7497 / 7496, IB Gateway 4002 / 4001; AIO_IB_PORT overrides', () => {
    const h = home();
    expect(loadIbVenueConfig({ AIO_IB_APP: 'tws' }, h)).toMatchObject({ port: 7497, mode: 'paper', clientId: 17, host: '127.0.0.1' });
    expect(loadIbVenueConfig({ AIO_IB_APP: 'tws', AIO_IB_MODE: 'live' }, h)!.port).toBe(7496);
    expect(loadIbVenueConfig({ AIO_IB_APP: 'gateway' }, h)!.port).toBe(4002);
    expect(loadIbVenueConfig({ AIO_IB_APP: 'gateway', AIO_IB_MODE: 'live' }, h)!.port).toBe(4001);
    expect(loadIbVenueConfig({ AIO_IB_PORT: '7777', AIO_IB_CLIENT_ID: '3', AIO_IB_CONTRACTS: 'AAPL,MSFT:STK:SMART:USD' }, h)).toMatchObject({
      port: 7777, clientId: 3, contracts: [{ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' }, { symbol: 'MSFT', secType: 'STK', exchange: 'SMART', currency: 'USD' }],
    });
    expect(() => loadIbVenueConfig({ AIO_IB_APP: 'desktop' }, h)).toThrow(/tws or gateway/);
    expect(() => loadIbVenueConfig({ AIO_IB_PORT: '99999' }, h)).toThrow(/AIO_IB_PORT/);
  });

  it('ib.json must be 0600; environment wins field by field', () => {
    const h = home();
    const p = join(h, 'ib.json');
    writeFileSync(p, JSON.stringify({ app: 'gateway', mode: 'live', clientId: 9 }));
    chmodSync(p, 0o644);
    expect(() => loadIbVenueConfig({}, h)).toThrow(/chmod 600/);
    chmodSync(p, 0o600);
    expect(loadIbVenueConfig({}, h)).toMatchObject({ app: 'gateway', mode: 'live', port: 4001, clientId: 9, source: 'file' });
    const c = loadIbVenueConfig({ AIO_IB_PORT: '4002' }, h)!;
    expect(c).toMatchObject({ port: 4002, clientId: 9, source: 'env+file' });
    expect(describeIbVenue(c)).toEqual({ app: 'gateway', mode: 'live', host: '127.0.0.1', port: 4002, clientId: 9, contracts: [], source: 'env+file' });
  });
});
