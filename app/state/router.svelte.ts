// Hash routing: '#/chart', '#/lab', ... A hash route works from any static host and from the service worker's
// cached app shell, and leaves the path free for the gateway's /api routes. Anything after '?' in the hash is
// the view's own parameters (share links use it).

export const VIEWS = [
  { id: 'chart', label: 'Chart', title: 'Chart: candles, volume and instruments' },
  { id: 'lab', label: 'Strategy Lab', title: 'Build and edit strategies' },
  { id: 'backtests', label: 'Backtests', title: 'Run backtests and read their reports' },
  { id: 'live', label: 'Live', title: 'Monitor paper and live trading' },
  { id: 'data', label: 'Data', title: 'Datasets: import, quality, cache' },
  { id: 'settings', label: 'Settings', title: 'Preferences, storage, about' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

const IDS = new Set<string>(VIEWS.map((v) => v.id));

export interface ParsedRoute {
  view: ViewId;
  params: URLSearchParams;
}

export function parseHash(hash: string): ParsedRoute {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  const view = (IDS.has(path) ? path : 'chart') as ViewId;
  return { view, params };
}

export class Router {
  view = $state<ViewId>('chart');
  params = $state.raw<URLSearchParams>(new URLSearchParams());

  #onHash = () => this.sync();
  #listeners = new Set<(r: ParsedRoute) => void>();

  constructor(private readonly win: Pick<Window, 'location' | 'addEventListener' | 'removeEventListener'> = window) {
    this.sync();
    win.addEventListener('hashchange', this.#onHash);
  }

  navigate(view: ViewId, params?: URLSearchParams): void {
    const q = params && [...params.keys()].length ? `?${params.toString()}` : '';
    const next = `#/${view}${q}`;
    if (this.win.location.hash !== next) this.win.location.hash = next;
    else this.sync();
  }

  /**
   * Called with the route now and after every change: actions that a URL triggers (open a share link, start a
   * backtest) hang here rather than in component effects. Returns the unsubscribe function.
   */
  onNavigate(listener: (r: ParsedRoute) => void): () => void {
    this.#listeners.add(listener);
    listener({ view: this.view, params: this.params });
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.win.removeEventListener('hashchange', this.#onHash);
  }

  private sync(): void {
    const r = parseHash(this.win.location.hash);
    this.view = r.view;
    this.params = r.params;
    for (const l of this.#listeners) l(r);
  }
}
