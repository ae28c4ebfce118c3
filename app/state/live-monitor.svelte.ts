import { ApiError, type ApiClient } from '../api/client.ts';

// What the phone/desktop monitor shows about paper and live trading. The gateway's live API does not exist yet;
// until it does, every list stays empty and the view says so. Nothing here is ever filled with made-up numbers.

export interface MonitorPosition {
  instrumentId: string;
  side: 'long' | 'short';
  quantity: number;
  avgPrice: number;
  lastPrice: number;
  unrealizedPnl: number;
  currency: string;
}

export interface MonitorFill {
  id: string;
  time: number;
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

/** The payload the monitor expects from GET /api/live/status once the gateway provides it. */
export interface LiveStatus {
  mode: 'paper' | 'live';
  tradingEnabled: boolean;
  currency: string;
  pnlToday: number;
  equity: { time: number; value: number }[];
  positions: MonitorPosition[];
  fills: MonitorFill[];
  alerts: MonitorAlert[];
}

export type Connection = 'checking' | 'unavailable' | 'connected' | 'error';

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

  constructor(private readonly api: ApiClient) {}

  async refresh(): Promise<void> {
    try {
      this.status = await this.api.get<LiveStatus>('/api/live/status');
      this.connection = 'connected';
      this.message = '';
    } catch (err) {
      this.status = null;
      if (err instanceof ApiError && err.status === 404) {
        this.connection = 'unavailable';
        this.message =
          'The gateway does not provide paper or live trading yet, so there are no positions, fills or alerts to show.';
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
      this.killMessage =
        err instanceof ApiError && err.status === 404
          ? 'The gateway has no live trading to stop (its live API is not available yet). Nothing was sent to any venue.'
          : `Kill switch failed: ${err instanceof ApiError ? err.message : String(err)}. Stop trading at the venue directly.`;
    }
  }
}
