import { join } from 'node:path';
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import { ensureApiToken, type ApiToken } from './auth/token.ts';
import type { GatewayConfig } from './config.ts';
import { ReplayFeed } from './feeds/replay-feed.ts';
import { PaperService } from './live/paper-service.ts';
import paperRoutes from './routes/paper.ts';
import { liveMonitorPlugin } from './live/monitor-routes.ts';
import ccxtRoutes from './routes/ccxt.ts';
import ibRoutes from './routes/ib.ts';
import { IbVenueService } from './live/ib-venue.ts';
import alertRoutes from './routes/alerts.ts';
import { AlertService } from './alerts/alert-service.ts';
import type { CcxtVenueService } from './live/ccxt-venue.ts';
import { Journal } from './journal/journal.ts';
import { BarService } from './market/bar-service.ts';
import auth from './plugins/auth.ts';
import errorHandler, { toErrorResponse } from './plugins/error-handler.ts';
import openapi from './plugins/openapi.ts';
import security from './plugins/security.ts';
import spa from './plugins/spa.ts';
import websocket from '@fastify/websocket';
import wsRoutes, { MAX_FRAME_BYTES } from './plugins/ws.ts';
import auditRoutes from './routes/audit.ts';
import catalogPlugin from './catalog/plugin.ts';
import healthRoutes from './routes/health.ts';
import marketDataRoutes from './routes/market-data.ts';
import { Hub } from './ws/hub.ts';

export interface AppServices {
  bars: BarService;
  journal: Journal;
  hub: Hub;
  feed: ReplayFeed;
  paper: PaperService;
  /** The ccxt venue, when configured (AIO_CCXT_EXCHANGE or AIO_HOME/ccxt.json). */
  ccxt?: CcxtVenueService;
  /** The Interactive Brokers venue, when configured (AIO_IB_APP / AIO_IB_PORT or AIO_HOME/ib.json). */
  ib?: IbVenueService;
  alerts: AlertService;
  token: ApiToken;
}

/** Strips secrets from a URL before it is logged (the WebSocket may carry ?token=). */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|api_key|apikey|secret|password)=)[^&]*/gi, '$1[redacted]');
}

/**
 * The gateway as a Fastify instance, not yet listening: main.ts listens on it, tests call `app.inject()`.
 * Plugins in dependency order: errors, security (CORS, rate limit), auth, OpenAPI, WebSocket, routes, then the SPA
 * with its fallback. State lives in AIO_HOME: the API token and the journal.
 */
export async function buildApp(config: GatewayConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            ...(config.logStream ? { stream: config.logStream } : {}),
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'headers.authorization', '*.token', '*.apiKey', '*.secret'],
              censor: '[redacted]',
            },
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), ip: req.ip }),
            },
          },
    bodyLimit: config.bodyLimitBytes,
    // Unknown fields are an error, not silently dropped: a misspelt order field must never be ignored.
    ajv: { customOptions: { removeAdditional: false } },
    // Errors Fastify raises before routing (a malformed %-escape in the URL) get the same error body as the rest.
    frameworkErrors: (err, req, reply) => {
      const { status, body } = toErrorResponse(err, req);
      const r = reply as unknown as FastifyReply; // the generic framework reply type is too narrow for a status
      void r.status(status).type('application/json; charset=utf-8').send(body);
    },
    // Path parameters are short ids here; a huge one is hostile.
    routerOptions: { maxParamLength: 200 },
    // One log line per request only when debugging; refusals and failures are logged by the error handler.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
  });

  const token = ensureApiToken(config.home);
  const hub = new Hub({
    maxBufferedBytes: 1024 * 1024,
    maxTopicsPerClient: 200,
    now: config.now,
    onDrop: (c, reason) => app.log.warn({ client: c.id, reason }, 'websocket client dropped'),
  });
  // WAL checkpoints run in a worker thread: no order's commit waits for one (server/journal/checkpointer.ts).
  const journal = new Journal(join(config.home, 'journal.sqlite'), config.journalSync ?? 'normal', { backgroundCheckpoint: true });
  journal.onAppend = (e) => hub.publish(`journal.${e.kind}`, e);
  const liveTime = {
    now: config.now,
    schedule: (ms: number, cb: () => void) => setTimeout(cb, ms).unref(),
    cancel: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const paper = new PaperService(journal, hub, liveTime);
  const alerts = new AlertService(journal, hub, paper.node, () => paper.node.instrumentIds(), config.now);
  const feed = new ReplayFeed({
    hub,
    now: config.now,
    alwaysOn: paper.node.instrumentIds(),
    onTicks: (id, t) => {
      paper.onTicks(id, t);
      for (const tr of t.trades) alerts.onTrade(id, tr.price, tr.ts);
    },
  });
  // Imported only when configured: ccxt is ~40 MB of heap the gateway does not need otherwise.
  const ccxtVenue = config.ccxt
    ? new (await import('./live/ccxt-venue.ts')).CcxtVenueService(config.ccxt, journal, hub, config.now)
    : undefined;
  const ibVenue = config.ib ? new IbVenueService(config.ib, journal, hub, config.now, config.ibDeps) : undefined;
  const services: AppServices = { bars: new BarService(config.dataDir), journal, hub, feed, paper, ccxt: ccxtVenue, ib: ibVenue, alerts, token };
  app.decorate('aio', services);
  app.addHook('onReady', async () => {
    feed.start();
    // Connects and reconciles in the background (the venue may be down); /api/ccxt/status says when it is ready.
    void ccxtVenue?.start();
    void ibVenue?.start();
  });
  app.addHook('onClose', async () => {
    await ccxtVenue?.stop();
    await ibVenue?.stop();
    feed.stop();
    paper.dispose();
    hub.closeAll(1001, 'gateway shutting down');
    journal.close();
    await journal.closed();
  });

  await app.register(errorHandler);
  // Before auth: its hooks must see an upgrade request first (see plugins/ws.ts).
  await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  await app.register(security, { corsOrigins: config.corsOrigins, rateLimitPerMinute: config.rateLimitPerMinute });
  await app.register(auth, { token: token.token });
  await app.register(openapi, { version: config.version });
  await app.register(wsRoutes, { hub, version: config.version, now: config.now, orders: paper });
  await app.register(healthRoutes, { config });
  await app.register(marketDataRoutes, { bars: services.bars });
  await app.register(auditRoutes, { journal, config });
  await app.register(paperRoutes, { paper, ccxt: ccxtVenue, ib: ibVenue, journal, time: liveTime });
  await app.register(liveMonitorPlugin, { journal, paper, hub, now: config.now, ccxt: ccxtVenue, ib: ibVenue }); // kill switch, resume, summary
  await app.register(ccxtRoutes, { venue: ccxtVenue, config: config.ccxt });
  await app.register(ibRoutes, { venue: ibVenue, config: config.ib });
  await app.register(alertRoutes, { alerts });
  // The local data catalog (server/catalog): imported files, quality reports, Parquet export. Opens on first use.
  await app.register(catalogPlugin, { path: join(config.home, 'catalog.sqlite') });
  await app.register(spa, { appDir: config.appDir });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    aio: AppServices;
  }
}
