// The order round trip of bench/gateway.bench.ts: submit -> risk -> paper venue -> fill journaled -> OrderFilled on /ws.
// The gateway runs in its own process (as `npm start` runs it) and the client here, as a browser would be: client work
// never stalls the server's event loop. The client keeps one WebSocket and one HTTP connection alive (a keep-alive
// Agent, Nagle off) and sends one order at a time, by either of the gateway's two ways in, timed from the send to the
// OrderFilled event on the WebSocket:
// - 'ws': a submit_order frame on the WebSocket (the app's order ticket uses it);
// - 'http': POST /api/paper/orders.
// The warm-up alternates the two; then each is measured over the same number of orders, WebSocket first.
//
// The gateway process records, for each order, when the request arrived, when submit() began, when the journal commit
// began and ended, when OrderFilled was handed to the socket and when the HTTP answer was written; it also records its
// event-loop delay (perf_hooks.monitorEventLoopDelay), GC pauses (PerformanceObserver 'gc'), every journal commit and
// every replay-feed step, so the slowest orders can be attributed to a stage or to what ran beside them.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import WebSocket from 'ws';
import { bundle } from '../scripts/build-server.mjs';
import type { EventLoopSlice } from '../server/event-loop-slice.ts';

/** The RiskEngine allows 100 order submissions a second by default: a 12 ms pause between orders keeps below it. */
export const ORDER_GAP_MS = 12;
const HOST_FLAG = '--gateway-bench-host';

const nowMs = (): number => performance.timeOrigin + performance.now();
/**
 * Milliseconds this thread has waited for a CPU so far (Linux /proc schedstat run_delay): the part of a stall that is
 * the OS running something else, e.g. other processes on a busy 2-core machine. NaN where there is no /proc.
 */
let schedstat: number | undefined;
const schedBuf = Buffer.alloc(128);
function runQueueMs(): number {
  try {
    schedstat ??= openSync('/proc/thread-self/schedstat', 'r');
    const n = readSync(schedstat, schedBuf, 0, schedBuf.length, 0);
    return Number(schedBuf.toString('latin1', 0, n).split(' ')[1]) / 1e6;
  } catch {
    return NaN;
  }
}

export type OrderVia = 'ws' | 'http';

/** Per order, as seen in the gateway process (epoch ms on its clock). */
interface ServerStages {
  recv: number;
  submit: number;
  commitStart: number;
  commitEnd: number;
  wsSent: number;
  answered: number;
  /**
   * Run-queue wait of the gateway's main thread from the end of the previous order (it sleeps in between, so what
   * adds up is the wait to be woken for this request, and any while it runs timers) to wsSent.
   */
  runQueue: number;
}
interface Interval {
  start: number;
  dur: number;
}
interface HostReport {
  stages: ServerStages[];
  gc: Array<Interval & { kind: number }>;
  commits: Interval[];
  feedSteps: Interval[];
  loopDelay: { p50: number; p99: number; max: number; mean: number };
  /** CPU time of the gateway process (all its threads) over the measured orders, ms. */
  cpuMs: number;
  /** Size of the journal's WAL file when the measured orders ended. */
  walBytes: number;
}
interface FinalReport {
  inproc: number[];
  bare: number[];
  journalSync: string;
}
type HostMsg =
  | { kind: 'ready'; port: number; token: string; slice: EventLoopSlice }
  | { kind: 'clock'; t: number }
  | { kind: 'report'; report: HostReport }
  | { kind: 'final'; report: FinalReport };

// ---------------------------------------------------------------------------------------------------------------
// The gateway process

async function host(): Promise<void> {
  const { buildApp } = await import('../server/app.ts');
  const { loadConfig } = await import('../server/config.ts');
  const { shortenEventLoopSlice } = await import('../server/event-loop-slice.ts');
  // As `npm start` configures it (LOG_LEVEL info), except a throwaway AIO_HOME and a rate limit the bench cannot hit.
  const config = loadConfig(
    { AIO_JOURNAL_SYNC: process.env.AIO_JOURNAL_SYNC, LOG_LEVEL: process.env.LOG_LEVEL, AIO_EVENT_LOOP_SLICE_US: process.env.AIO_EVENT_LOOP_SLICE_US },
    { home: mkdtempSync(join(tmpdir(), 'aio-bench-')), rateLimitPerMinute: 1_000_000 },
  );
  // As server/main.ts does, before buildApp.
  const slice = await shortenEventLoopSlice(config.eventLoopSliceUs);
  const app = await buildApp(config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const send = (m: HostMsg): void => void process.send!(m);

  // Instrumentation: wrappers that only read the clock, on the instance (the product code is unchanged).
  let stages: ServerStages[] = [];
  let cur: ServerStages | undefined;
  let rqAfterLast = runQueueMs();
  let commits: Interval[] = [];
  let feedSteps: Interval[] = [];
  let gc: Array<Interval & { kind: number }> = [];
  app.server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method !== 'POST' || req.url !== '/api/paper/orders') return;
    const s: ServerStages = { recv: nowMs(), submit: NaN, commitStart: NaN, commitEnd: NaN, wsSent: NaN, answered: NaN, runQueue: rqAfterLast };
    stages.push(s);
    cur = s;
    res.once('finish', () => {
      s.answered = nowMs();
      rqAfterLast = runQueueMs();
      s.runQueue = rqAfterLast - s.runQueue;
      if (cur === s) cur = undefined;
    });
  });
  const { paper, journal, hub, feed } = app.aio;
  const submit = paper.submit.bind(paper);
  let inSubmit = false;
  let measuring = false;
  paper.submit = (req) => {
    const viaWs = measuring && !cur; // no HTTP request in flight: a submit_order frame on the WebSocket
    if (viaWs) {
      cur = { recv: NaN, submit: NaN, commitStart: NaN, commitEnd: NaN, wsSent: NaN, answered: NaN, runQueue: rqAfterLast };
      stages.push(cur);
    }
    if (cur) cur.submit = nowMs();
    if (viaWs) cur!.recv = cur!.submit;
    inSubmit = true;
    try {
      return submit(req);
    } finally {
      inSubmit = false;
      if (viaWs) {
        // The answer frame is written (corked with the events) right after submit returns.
        cur!.answered = nowMs();
        rqAfterLast = runQueueMs();
        cur!.runQueue = rqAfterLast - cur!.runQueue;
        cur = undefined;
      }
    }
  };
  const appendMany = journal.appendMany.bind(journal);
  journal.appendMany = (items) => {
    const t = nowMs();
    try {
      return appendMany(items);
    } finally {
      const e = nowMs();
      commits.push({ start: t, dur: e - t });
      if (inSubmit && cur) {
        cur.commitStart = t;
        cur.commitEnd = e;
      }
    }
  };
  const publish = hub.publish.bind(hub);
  hub.publish = (topic, data) => {
    const n = publish(topic, data);
    if (topic === 'orders.OrderFilled' && inSubmit && cur) cur.wsSent = nowMs();
    return n;
  };
  const step = feed.step.bind(feed);
  feed.step = () => {
    const t = nowMs();
    try {
      return step();
    } finally {
      feedSteps.push({ start: t, dur: nowMs() - t });
    }
  };
  // Sampled every 10 ms: a 1 ms timer would wake the gateway 12 times per order and cost it ~0.35 ms CPU per order.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let cpu0 = process.cpuUsage();
  let heapSession: import('node:inspector').Session | undefined;
  const gcObs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gc.push({ start: performance.timeOrigin + e.startTime, dur: e.duration, kind: ((e as { detail?: { kind?: number } }).detail)?.kind ?? 0 });
  });

  process.on('message', async (m: { kind: string; orders?: number; gapMs?: number }) => {
    if (m.kind === 'clock') send({ kind: 'clock', t: nowMs() });
    else if (m.kind === 'measure') {
      // After the warm-up: what follows is measured, until 'report'.
      measuring = true;
      stages = [];
      commits = [];
      feedSteps = [];
      gc = [];
      cpu0 = process.cpuUsage();
      loop.reset();
      loop.enable();
      gcObs.observe({ entryTypes: ['gc'] });
      if (process.env.GATEWAY_HEAP_PROF && !heapSession) {
        const { Session } = await import('node:inspector');
        heapSession = new Session();
        heapSession.connect();
        heapSession.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as object);
      }
    } else if (m.kind === 'report') {
      measuring = false;
      const cpu = process.cpuUsage(cpu0);
      if (heapSession && process.env.GATEWAY_HEAP_PROF) {
        const { writeFileSync } = await import('node:fs');
        const prof = await new Promise<unknown>((r) => heapSession!.post('HeapProfiler.stopSampling', (_e, res) => r(res.profile)));
        writeFileSync(process.env.GATEWAY_HEAP_PROF, JSON.stringify(prof));
        delete process.env.GATEWAY_HEAP_PROF; // the first measured phase only
      }
      loop.disable();
      gcObs.disconnect();
      const loopDelay = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6, mean: loop.mean / 1e6 };
      const { statSync } = await import('node:fs');
      const walBytes = statSync(`${journal.path}-wal`).size;
      send({ kind: 'report', report: { stages, gc, commits, feedSteps, loopDelay, cpuMs: (cpu.user + cpu.system) / 1000, walBytes } });
    } else if (m.kind === 'final') {
      // The same path in-process, without HTTP and WebSocket: submit() returns after the fill is journaled; then the
      // kernel alone (risk -> execution -> venue -> fill event), without the journal.
      const inproc = await inProcess(m.orders!, m.gapMs!, (i) => paper.submit(order(i)));
      const bare = await inProcess(m.orders!, m.gapMs!, (i) => paper.node.submit(order(i)));
      paper.flush();
      await app.close();
      // Exit only once the report is written to the IPC channel (process.send is asynchronous).
      process.send!({ kind: 'final', report: { inproc, bare, journalSync: journal.sync } } satisfies HostMsg, () => process.exit(0));
    }
  });
  send({ kind: 'ready', port, token: app.aio.token.token, slice });
}

function order(i: number): { instrument: string; side: 'BUY' | 'SELL'; type: 'MARKET'; quantity: number } {
  return { instrument: 'BTCUSDT.SIM', side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: 0.001 };
}

async function inProcess(n: number, gapMs: number, submit: (i: number) => { order: { status: string } }): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setTimeout(r, gapMs));
    const t = performance.now();
    const r = submit(i);
    out.push(performance.now() - t);
    if (r.order.status !== 'FILLED') throw new Error(`in-process order ${i} ended ${r.order.status}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The client (the bench's own process)

interface ClientTimes {
  t0: number;
  /** The HTTP answer fully read. */
  http: number;
  /** OrderFilled received on the WebSocket. */
  ws: number;
  /** Run-queue wait of the client's thread from t0 to the OrderFilled event. */
  runQueue: number;
}

function nextMessage<K extends HostMsg['kind']>(child: ChildProcess, kind: K): Promise<Extract<HostMsg, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const on = (m: HostMsg): void => {
      if (m.kind !== kind) return;
      child.off('message', on);
      child.off('exit', onExit);
      resolve(m as Extract<HostMsg, { kind: K }>);
    };
    const onExit = (code: number | null): void => reject(new Error(`the gateway process exited ${code}`));
    child.on('message', on);
    child.once('exit', onExit);
  });
}

/** Offset to add to a gateway-process time to get this process's clock: the IPC ping with the smallest round trip. */
async function clockOffset(child: ChildProcess): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 50; i++) {
    const a = nowMs();
    const p = nextMessage(child, 'clock');
    child.send({ kind: 'clock' });
    const { t } = await p;
    const b = nowMs();
    if (b - a < best.rtt) best = { rtt: b - a, offset: (a + b) / 2 - t };
  }
  return best.offset;
}

function postOrder(agent: http.Agent, port: number, token: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: '127.0.0.1', port, method: 'POST', path: '/api/paper/orders', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One WebSocket and one keep-alive HTTP connection to the gateway; `send` places one order and times it. */
async function connectClient(port: number, token: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, noDelay: true } as http.AgentOptions);
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`);
  const waiting = new Map<string, (t: number, rq: number) => void>();
  const early = new Map<string, [number, number]>();
  const answers = new Map<number, (text: string) => void>();
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (d) => {
      const t = nowMs();
      const rq = runQueueMs();
      const text = d.toString();
      const m = JSON.parse(text) as { type: string; id?: number; data?: { clientOrderId: string } };
      if (m.type === 'hello') ws.send(JSON.stringify({ op: 'subscribe', topics: ['orders.OrderFilled'] }));
      else if (m.type === 'ack') resolve();
      else if (m.type === 'event' && m.data) {
        const w = waiting.get(m.data.clientOrderId);
        if (w) w(t, rq);
        else early.set(m.data.clientOrderId, [t, rq]); // the event is sent before the answer: it usually comes first
      } else if ((m.type === 'order' || m.type === 'error') && typeof m.id === 'number') {
        answers.get(m.id)?.(text);
        answers.delete(m.id);
      }
    });
    ws.once('error', reject);
  });
  const submitWs = (i: number): Promise<string> =>
    new Promise((resolve, reject) => {
      answers.set(i, (text) => (text.startsWith('{"type":"order"') ? resolve(text) : reject(new Error(`order ${i}: ${text}`))));
      ws.send(JSON.stringify({ op: 'submit_order', id: i, order: order(i) }));
    });
  return {
    async send(i: number, via: OrderVia): Promise<ClientTimes> {
      const rq = runQueueMs();
      const t0 = nowMs();
      const text = via === 'ws' ? await submitWs(i) : await postOrder(agent, port, token, JSON.stringify(order(i)));
      const tAnswer = nowMs();
      const body = JSON.parse(text) as { order: { orderId: string; status: string } };
      if (body.order.status !== 'FILLED') throw new Error(`order ${i} (${via}) ended ${body.order.status}: ${text}`);
      const id = body.order.orderId;
      const [tWs, rqWs] = early.get(id) ?? (await new Promise<[number, number]>((r) => waiting.set(id, (t, q) => r([t, q]))));
      early.delete(id);
      waiting.delete(id);
      return { t0, http: tAnswer, ws: tWs, runQueue: rqWs - rq };
    },
    close(): void {
      ws.close();
      agent.destroy();
    },
  };
}

/** A fixed pause between orders (never a catch-up burst after a stall) keeps under the RiskEngine's rate limit. */
const gap = (): Promise<void> => new Promise((r) => setTimeout(r, ORDER_GAP_MS));

// ---------------------------------------------------------------------------------------------------------------
// Attribution

export function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
const r3 = (x: number | undefined): number => (x === undefined ? NaN : Number(x.toFixed(3)));
const pcts = (xs: number[]): { p50: number; p99: number; max: number } => {
  const s = Float64Array.from(xs.filter((x) => Number.isFinite(x))).sort();
  return { p50: r3(percentile(s, 0.5)), p99: r3(percentile(s, 0.99)), max: r3(s[s.length - 1] ?? NaN) };
};
const overlaps = (iv: Interval[], a: number, b: number): Interval[] => iv.filter((x) => x.start < b && x.start + x.dur > a);

/** Durations of each stage of each order, in ms, the gateway's clock shifted onto the client's. */
function stagesOf(c: ClientTimes, s: ServerStages, offset: number) {
  const S = (t: number): number => t + offset;
  return {
    clientToGateway: S(s.recv) - c.t0, // client write, loopback, gateway reads and parses the request line/headers
    httpToSubmit: s.submit - s.recv, // body read, onRequest hooks (security, auth, rate limit), JSON parse, schema
    kernel: s.commitStart - s.submit, // risk -> execution -> paper venue -> fill events
    journalCommit: s.commitEnd - s.commitStart, // one SQLite transaction for the command and its events
    wsPublish: s.wsSent - s.commitEnd,
    wsToClient: c.ws - S(s.wsSent), // socket write, loopback, the client's ws frame parsing
    httpAnswer: S(s.answered) - c.t0, // when the HTTP answer left the gateway, from the POST
    total: c.ws - c.t0,
    gatewayRunQueue: s.runQueue, // the gateway waited for a CPU (the OS ran something else)
    clientRunQueue: c.runQueue,
  };
}

export interface PhaseResult {
  orders: number;
  orderRatePerSec: number;
  p50: number;
  p99: number;
  max: number;
  breakdown: Record<string, unknown>;
}
export interface OrderBenchResult {
  warmupOrders: number;
  /** submit_order frames on the WebSocket. */
  ws: PhaseResult;
  /** POST /api/paper/orders. */
  http: PhaseResult;
  inproc: { p50: number; p99: number };
  bare: { p50: number; p99: number };
  journalSync: string;
  /** What the gateway process got from shortenEventLoopSlice (as `npm start` logs it). */
  eventLoopSlice: EventLoopSlice;
}

interface PhaseInput {
  times: ClientTimes[];
  report: HostReport;
  offset: number;
  clientGc: Interval[];
  clientCpu: NodeJS.CpuUsage;
  tStart: number;
  tEnd: number;
}

/** Percentiles, the stages of each order and what ran beside the slowest 1%. */
function analyse({ times, report, offset, clientGc, clientCpu, tStart, tEnd }: PhaseInput): PhaseResult {
  if (report.stages.length !== times.length) throw new Error(`gateway saw ${report.stages.length} orders, client sent ${times.length}`);
  const per = times.map((c, i) => stagesOf(c, report.stages[i], offset));
  const totals = Float64Array.from(per.map((p) => p.total)).sort();
  const p99 = percentile(totals, 0.99);
  // The slowest 1%: which stage took the time, and what else ran in the gateway during those orders.
  const slow = per.map((p, i) => ({ p, i })).filter(({ p }) => p.total >= p99);
  const stageNames = Object.keys(per[0]) as Array<keyof (typeof per)[0]>;
  const shift = (iv: Interval[]): Interval[] => iv.map((x) => ({ start: x.start + offset, dur: x.dur }));
  const gc = shift(report.gc);
  const steps = shift(report.feedSteps);
  const commits = shift(report.commits);
  const attribute = ({ p, i }: { p: (typeof per)[0]; i: number }) => {
    const a = times[i].t0;
    const b = times[i].ws;
    const st: Record<string, number> = {};
    for (const k of stageNames) st[k] = r3(p[k]);
    return {
      ...st,
      gcMs: r3(overlaps(gc, a, b).reduce((s, x) => s + x.dur, 0)),
      clientGcMs: r3(overlaps(clientGc, a, b).reduce((s, x) => s + x.dur, 0)),
      feedStepMs: r3(overlaps(steps, a, b).reduce((s, x) => s + x.dur, 0)),
      otherCommitsMs: r3(overlaps(commits, a, b).filter((x) => Math.abs(x.start - (report.stages[i].commitStart + offset)) > 1e-6).reduce((s, x) => s + x.dur, 0)),
    };
  };
  const slowOrders = slow.map(attribute);
  const stagesPct: Record<string, unknown> = {};
  for (const k of stageNames) stagesPct[k] = pcts(per.map((p) => p[k]));
  // The OS's share: on a shared machine a thread that is woken may wait for a CPU (other processes run). Orders
  // with under 0.2 ms of such wait in both processes together show the tail of the code path itself.
  const osWait = (p: (typeof per)[0]): number => (p.gatewayRunQueue || 0) + (p.clientRunQueue || 0);
  const undisturbedIdx = per.map((p, i) => ({ p, i })).filter(({ p }) => osWait(p) < 0.2);
  const undisturbed = undisturbedIdx.map(({ p }) => p.total);
  const osWaits = {
    slowestWithOver1MsOsWait: slow.filter(({ p }) => osWait(p) > 1).length,
    slowestCount: slow.length,
    undisturbedOrders: undisturbed.length,
    undisturbedMs: pcts(undisturbed),
    slowestUndisturbed: undisturbedIdx.sort((x, y) => y.p.total - x.p.total).slice(0, 5).map(attribute),
    totalLessOsWaitMs: pcts(per.map((p) => Math.max(0, p.total - osWait(p)))),
  };
  const gcKinds: Record<string, number> = {};
  for (const g of report.gc) gcKinds[({ 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' } as Record<number, string>)[g.kind] ?? String(g.kind)] = (gcKinds[({ 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' } as Record<number, string>)[g.kind] ?? String(g.kind)] ?? 0) + 1;
  return {
    orders: times.length,
    orderRatePerSec: Math.round(times.length / ((tEnd - tStart) / 1000)),
    p50: r3(percentile(totals, 0.5)),
    p99: r3(p99),
    max: r3(totals[totals.length - 1]),
    breakdown: {
      stagesMs: stagesPct,
      osScheduling: osWaits,
      slowestOnePercent: slowOrders,
      gatewayCpuMsPerOrder: r3(report.cpuMs / times.length),
      clientCpuMsPerOrder: r3((clientCpu.user + clientCpu.system) / 1000 / times.length),
      gatewayEventLoopDelayMs: { p50: r3(report.loopDelay.p50), p99: r3(report.loopDelay.p99), max: r3(report.loopDelay.max) },
      gatewayGc: { count: report.gc.length, kinds: gcKinds, totalMs: r3(report.gc.reduce((s, x) => s + x.dur, 0)), ...pcts(report.gc.map((x) => x.dur)) },
      feedSteps: { count: report.feedSteps.length, ...pcts(report.feedSteps.map((x) => x.dur)) },
      journalCommits: { count: report.commits.length, ...pcts(report.commits.map((x) => x.dur)) },
      walBytes: report.walBytes,
      clockOffsetMs: r3(offset),
    },
  };
}

export async function orderRoundTripBench(orders: number, warmup: number): Promise<OrderBenchResult> {
  // The gateway process runs as `npm start` runs the gateway: bundled JavaScript on plain Node with source maps on
  // (scripts/build-server.mjs), no TypeScript loader; here host() is bundled with the server code it imports.
  const hostBundle = join(fileURLToPath(new URL('..', import.meta.url)), 'dist', 'bench', 'gateway-orders.mjs');
  await bundle(fileURLToPath(import.meta.url), hostBundle);
  const child = fork(hostBundle, [HOST_FLAG], {
    // GATEWAY_CPU_PROF=<dir>: a V8 CPU profile of the gateway process, to see where its time goes.
    execArgv: ['--enable-source-maps', ...(process.env.GATEWAY_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.GATEWAY_CPU_PROF}`] : [])],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
    // The gateway's log lines go to stderr: the bench's stdout stays one JSON line.
    stdio: ['ignore', process.stderr, 'inherit', 'ipc'],
  });
  try {
    const { port, token, slice } = await nextMessage(child, 'ready');
    const offset = await clockOffset(child);
    const clientGc: Interval[] = [];
    const clientGcObs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) clientGc.push({ start: performance.timeOrigin + e.startTime, dur: e.duration });
    });
    clientGcObs.observe({ entryTypes: ['gc'] });
    const client = await connectClient(port, token);
    let i = 0;
    // Warm-up: both ways in, alternately, so V8 has compiled both paths before either is measured.
    for (let k = 0; k < warmup; k++) {
      await gap();
      await client.send(i++, k % 2 === 0 ? 'ws' : 'http');
    }
    const phase = async (via: OrderVia): Promise<PhaseResult> => {
      clientGc.length = 0;
      child.send({ kind: 'measure' });
      const tStart = nowMs();
      const cpu0 = process.cpuUsage();
      const times: ClientTimes[] = [];
      for (let k = 0; k < orders; k++) {
        await gap();
        times.push(await client.send(i++, via));
      }
      const tEnd = nowMs();
      const clientCpu = process.cpuUsage(cpu0);
      const reportP = nextMessage(child, 'report');
      child.send({ kind: 'report' });
      const { report } = await reportP;
      return analyse({ times, report, offset, clientGc: [...clientGc], clientCpu, tStart, tEnd });
    };
    const ws = await phase('ws');
    const httpPhase = await phase('http');
    client.close();
    clientGcObs.disconnect();
    const finalP = nextMessage(child, 'final');
    child.send({ kind: 'final', orders: 300, gapMs: ORDER_GAP_MS });
    const { report } = await finalP;
    const p = (xs: number[], q: number): number => r3(percentile(Float64Array.from(xs).sort(), q));
    return {
      warmupOrders: warmup,
      ws,
      http: httpPhase,
      inproc: { p50: p(report.inproc, 0.5), p99: p(report.inproc, 0.99) },
      bare: { p50: p(report.bare, 0.5), p99: p(report.bare, 0.99) },
      journalSync: report.journalSync,
      eventLoopSlice: slice,
    };
  } finally {
    // It exits by itself after its final report (a CPU profile is written then); a stuck one is killed.
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      const t = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(t);
    }
  }
}

if (process.argv.includes(HOST_FLAG)) {
  host().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
