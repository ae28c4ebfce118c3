import { ApiError, type ApiClient } from '../api/client.ts';

// What the phone/desktop monitor shows about paper and live trading: the gateway's paper venue today (with the API
// token). What the gateway does not report (PnL today, equity history, alerts) stays empty and the view says so.
// Nothing here is ever filled with made-up numbers.

export interface MonitorPosition {
  instrumentId: string;
  side: 'long' | 'short';
  quantity: number;
  avgPrice: number;
  realizedPnl: number;
  currency: string;
}

export interface MonitorFill {
  id: string;
  time?: number;
  instrumentId: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  strategyId?: string;
}

export interface MonitorAlert {
  id: string;
  time: number;
  level: 'info' | 'warning' | 'critical';
  message: string;
}

/** What the monitor shows; filled from the gateway's paper venue (GET /api/paper/account, /api/paper/orders). */
export interface LiveStatus {
  mode: 'paper' | 'live';
  synthetic: boolean;
  currency: string;
  /** Not reported by the gateway yet: null, and the view says so. */
  pnlToday: number | null;
  equity: { time: number; value: number }[];
  balances: { currency: string; total: number; free: number }[];
  positions: MonitorPosition[];
  fills: MonitorFill[];
  alerts: MonitorAlert[];
}

export type Connection = 'checking' | 'needs-token' | 'unavailable' | 'connected' | 'error';

// Wire shapes of the paper routes, read structurally (the app only needs these fields).
interface PaperAccountWire {
  synthetic?: boolean;
  balances?: { currency: string; total: number; free: number }[];
  positions?: { instrument: string; side: string; quantity: number; avgPxOpen: number; realizedPnl: number }[];
}
interface PaperOrderWire {
  orderId: string;
  instrument: string;
  side: string;
  status: string;
  filledQty: number;
  avgPx: number | null;
}

const TOKEN_HELP = "Paste the gateway's API token in Settings (the file api-token in the gateway's AIO_HOME).";

export class LiveMonitor {
  connection = $state<Connection>('checking');
  message = $state('');
  status = $state.raw<LiveStatus | null>(null);

  killState = $state<'idle' | 'sending' | 'done' | 'error'>('idle');
  killMessage = $state('');

  positions = $derived(this.status?.positions ?? []);
  fills = $derived(this.status?.fills ?? []);
  alerts = $derived(this.status?.alerts ?? []);
  equity = $derived(this.status?.equity ?? []);

  constructor(
    private readonly api: ApiClient,
    private readonly hasToken: () => boolean,
  ) {}

  async refresh(): Promise<void> {
    if (!this.hasToken()) {
      this.status = null;
      this.connection = 'needs-token';
      this.message = `Paper and live trading data need the gateway's API token. ${TOKEN_HELP}`;
      return;
    }
    try {
      const [account, orders] = await Promise.all([
        this.api.get<PaperAccountWire>('/api/paper/account'),
        this.api.get<{ orders?: PaperOrderWire[] }>('/api/paper/orders'),
      ]);
      const ccy = account.balances?.[0]?.currency ?? '';
      this.status = {
        mode: 'paper',
        synthetic: account.synthetic !== false,
        currency: ccy,
        pnlToday: null,
        equity: [],
        balances: account.balances ?? [],
        positions: (account.positions ?? []).map((p) => ({
          instrumentId: p.instrument,
          side: p.side.toUpperCase() === 'SHORT' ? 'short' : 'long',
          quantity: p.quantity,
          avgPrice: p.avgPxOpen,
          realizedPnl: p.realizedPnl,
          currency: ccy,
        })),
        fills: (orders.orders ?? [])
          .filter((o) => o.filledQty > 0 && o.avgPx !== null)
          .reverse()
          .map((o) => ({ id: o.orderId, instrumentId: o.instrument, side: o.side.toUpperCase() === 'SELL' ? 'sell' : 'buy', quantity: o.filledQty, price: o.avgPx ?? 0 })),
        alerts: [],
      };
      this.connection = 'connected';
      this.message = '';
    } catch (err) {
      this.status = null;
      if (err instanceof ApiError && err.status === 404) {
        this.connection = 'unavailable';
        this.message = 'The gateway does not provide paper or live trading yet, so there are no positions, fills or alerts to show.';
      } else if (err instanceof ApiError && err.status === 401) {
        this.connection = 'needs-token';
        this.message = `The gateway refused the API token. ${TOKEN_HELP}`;
      } else {
        this.connection = 'error';
        this.message = err instanceof ApiError ? err.message : String(err);
      }
    }
  }

  /** Flatten every position and stop every strategy. Called only after the user confirmed. */
  async killSwitch(): Promise<void> {
    this.killState = 'sending';
    try {
      await this.api.post<unknown>('/api/live/kill-switch', { confirm: true });
      this.killState = 'done';
      this.killMessage = 'Kill switch sent: the gateway is cancelling orders and flattening positions.';
      await this.refresh();
    } catch (err) {
      this.killState = 'error';
      if (err instanceof ApiError && err.status === 404) {
        this.killMessage = 'The gateway has no kill switch yet (POST /api/live/kill-switch is missing). Nothing was sent to any venue: stop trading at the venue directly.';
      } else if (err instanceof ApiError && err.status === 401) {
        this.killMessage = `The gateway refused the kill switch without a valid API token. Nothing was sent to any venue. ${TOKEN_HELP}`;
      } else {
        this.killMessage = `Kill switch failed: ${err instanceof ApiError ? err.message : String(err)} Stop trading at the venue directly.`;
      }
    }
  }
}
