// Entry of the gateway. `npm start` bundles it into dist/server/main.mjs (scripts/build-server.mjs) and runs that with
// plain Node; `node --import tsx server/main.ts` runs the sources.
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { shortenEventLoopSlice } from './event-loop-slice.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (e) {
  // A bad environment variable: its name, the value and what is accepted, without a stack trace.
  console.error(`The gateway could not start: ${e instanceof Error ? e.message : String(e)} See "Configuration" in README.md.`);
  process.exit(2);
}
// On the main thread, once, before the journal's checkpointer thread starts (it runs at normal priority when this took
// effect, at nice 19 otherwise): the event loop's scheduler slice. Threads created later keep the default slice.
const slice = await shortenEventLoopSlice(config.eventLoopSliceUs);
const app = await buildApp(config);

const shutdown = async (signal: string): Promise<void> => {
  app.log.info(`${signal}: closing`);
  app.aio.journal.append('gateway.stopped', { signal }, config.now());
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await app.listen({ host: config.host, port: config.port });
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') {
    console.error(`Port ${config.port} on ${config.host} is already in use. Stop the other process or start with PORT=<free port> npm start.`);
  } else {
    console.error(`The gateway could not start: ${e.message}`);
  }
  process.exit(1);
}
const address = app.server.address();
const { token, journal } = app.aio;
if (token.created) {
  // Printed once, at first start; afterwards it is only in the file.
  console.log(`API token created (needed to trade and for the WebSocket; keep it secret):\n  ${token.token}\n  stored in ${token.path} (0600)`);
}
if (token.fixedPermissions) console.warn(`${token.path} was readable by other users: its permissions are now 0600.`);
const port = typeof address === 'object' && address ? address.port : config.port;
console.log(
  `ai-indicator-optimizer gateway on http://${config.host}:${port} ` +
    `(sample data: S&P 500 daily [real], BTCUSDT/EURUSD/ACME [synthetic]; venue: paper${config.ccxt ? ` + ccxt ${config.ccxt.exchangeId}${config.ccxt.sandbox ? ' (sandbox)' : ''}` : ''}${config.ib ? ` + ib ${config.ib.app} ${config.ib.mode} ${config.ib.host}:${config.ib.port}` : ''})`,
);
app.log.info(
  { eventLoopSlice: slice },
  slice.applied
    ? `event loop: ${slice.sliceUs} µs scheduler slice (kernel default ${slice.defaultSliceUs ?? '?'} µs): it preempts other threads sooner when an order arrives`
    : `event loop: kernel default scheduler slice (${slice.reason})`,
);
journal.append('gateway.started', { version: config.version, host: config.host, port, eventLoopSlice: slice }, config.now());
