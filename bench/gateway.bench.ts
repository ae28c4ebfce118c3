// npm run bench:gateway — WebSocket fan-out of the gateway on loopback: 100 authenticated clients subscribed to one
// topic, messages published through the Hub as fast as the sockets drain; throughput and publish->receive latency.
// Two phases: saturation (most deliveries a second) and latency at the 50k msgs/s target load (500 publishes/s).
// Clients run in a worker thread so their parsing does not share the event loop with the server.
// Then the order round trip on the paper venue (submit -> risk -> paper venue -> fill event back), over HTTP + WebSocket
// and in-process. Prints one JSON line.
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const CLIENTS = 100;
const MESSAGES = 4000; // saturation phase: 400,000 deliveries
const BATCH = 20;
const ORDERS = 300;
/** The RiskEngine allows 100 order submissions a second by default: a 12 ms pause between orders keeps below it. */
const ORDER_GAP_MS = 12;
const TOPIC = 'bench.fanout';

const nowMs = (): number => performance.timeOrigin + performance.now();

async function clients(url: string, n: number): Promise<void> {
  const port = parentPort!;
  const socks: WebSocket[] = [];
  let latencies: number[] = [];
  let received = 0;
  let lastAt = 0;
  let expected = Infinity;
  let phase = '';
  const maybeDone = (): void => {
    if (received >= expected) {
      port.postMessage({ kind: 'done', received, lastAt, latencies });
      expected = Infinity;
    }
  };
  await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(url);
        socks.push(ws);
        ws.on('message', (d) => {
          const m = JSON.parse(d.toString()) as { type: string; data?: { sentAt: number; seq: number; phase: string } };
          if (m.type === 'ack') resolve();
          else if (m.type === 'hello') ws.send(JSON.stringify({ op: 'subscribe', topics: [TOPIC] }));
          else if (m.type === 'event' && m.data) {
            const t = nowMs();
            if (m.data.phase === phase) {
              latencies.push(t - m.data.sentAt);
              received++;
              lastAt = t;
              maybeDone();
            }
          }
        });
        ws.once('error', reject);
      }),
    ),
  );
  port.on('message', (m: { kind: string; expected: number; phase: string }) => {
    if (m.kind === 'expect') {
      phase = m.phase;
      latencies = [];
      received = 0;
      expected = m.expected;
      port.postMessage({ kind: 'armed' });
    } else if (m.kind === 'close') {
      for (const s of socks) s.close();
      port.close();
    }
  });
  port.postMessage({ kind: 'ready' });
}

/** Sends orders one at a time and times each from the POST to its OrderFilled event on the WebSocket. */
async function orderRoundTrips(http: string, wsUrl: string, token: string, n: number): Promise<Float64Array> {
  const ws = new WebSocket(wsUrl);
  const waiting = new Map<string, (t: number) => void>();
  const early = new Map<string, number>();
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (d) => {
      const t = nowMs();
      const m = JSON.parse(d.toString()) as { type: string; topic?: string; data?: { clientOrderId: string } };
      if (m.type === 'hello') ws.send(JSON.stringify({ op: 'subscribe', topics: ['orders.OrderFilled'] }));
      else if (m.type === 'ack') resolve();
      else if (m.type === 'event' && m.data) {
        const w = waiting.get(m.data.clientOrderId);
        if (w) w(t);
        else early.set(m.data.clientOrderId, t); // the event may beat the HTTP answer
      }
    });
    ws.once('error', reject);
  });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // A fixed pause between orders (never a catch-up burst after a stall) keeps under the RiskEngine's rate limit.
    await new Promise((r) => setTimeout(r, ORDER_GAP_MS));
    const t0 = nowMs();
    const res = await fetch(`${http}/api/paper/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ instrument: 'BTCUSDT.SIM', side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: 0.001 }),
    });
    const body = (await res.json()) as { order: { orderId: string; status: string } };
    if (body.order.status !== 'FILLED') throw new Error(`order ${i} ended ${body.order.status}: ${JSON.stringify(body)}`);
    const id = body.order.orderId;
    const t1 = early.get(id) ?? (await new Promise<number>((r) => waiting.set(id, r)));
    early.delete(id);
    waiting.delete(id);
    out[i] = t1 - t0;
  }
  ws.close();
  return out.sort();
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function main(): Promise<void> {
  const { buildApp } = await import('../server/app.ts');
  const { loadConfig } = await import('../server/config.ts');
  const app = await buildApp(loadConfig({ AIO_JOURNAL_SYNC: process.env.AIO_JOURNAL_SYNC }, { logLevel: 'silent', home: mkdtempSync(join(tmpdir(), 'aio-bench-')), rateLimitPerMinute: 1_000_000 }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(app.aio.token.token)}`;

  // Loader hooks do not carry over to worker threads on Node 20: the worker registers tsx itself, then loads this file.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { url, n: CLIENTS } });
  const fromWorker = (kind: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const on = (m: { kind: string }): void => {
        if (m.kind === kind) {
          worker.off('message', on);
          resolve(m);
        }
      };
      worker.on('message', on);
      worker.once('error', reject);
    });
  await fromWorker('ready');

  const hub = app.aio.hub;
  // Warm-up (JIT, socket buffers), not counted.
  for (let i = 0; i < 200; i++) hub.publish(TOPIC, { phase: 'warmup', seq: i, sentAt: nowMs() });
  await new Promise((r) => setTimeout(r, 300));

  const runPhase = async (phase: string, messages: number, publish: (send: (seq: number) => void) => Promise<void>) => {
    const armed = fromWorker('armed');
    worker.postMessage({ kind: 'expect', expected: messages * CLIENTS, phase });
    await armed;
    const done = fromWorker('done');
    const t0 = nowMs();
    await publish((seq) => hub.publish(TOPIC, { phase, seq, sentAt: nowMs(), px: 42_000.5, qty: 0.01 }));
    const res = (await done) as { received: number; lastAt: number; latencies: number[] };
    const lat = Float64Array.from(res.latencies).sort();
    return { received: res.received, perSec: Math.round(res.received / ((res.lastAt - t0) / 1000)), p50: percentile(lat, 0.5), p99: percentile(lat, 0.99) };
  };

  // 1. Saturation: publish in small batches as fast as the sockets drain -> the most messages a second delivered.
  const sat = await runPhase('saturate', MESSAGES, async (send) => {
    for (let i = 0; i < MESSAGES; i += BATCH) {
      for (let k = 0; k < BATCH; k++) send(i + k);
      await new Promise((r) => setImmediate(r)); // a publisher that never yields would only fill buffers
    }
  });
  // 2. Latency at the target load: 500 publishes a second x 100 clients = 50,000 deliveries a second, for 2 s.
  const RATE = 500;
  const PACED = 1000;
  const paced = await runPhase('paced', PACED, async (send) => {
    const t0 = nowMs();
    let sent = 0;
    while (sent < PACED) {
      const due = Math.min(PACED, Math.floor(((nowMs() - t0) / 1000) * RATE) + 1);
      while (sent < due) send(sent++);
      await new Promise((r) => setTimeout(r, 1));
    }
  });
  worker.postMessage({ kind: 'close' });
  await worker.terminate();

  // 3. Order round trip on the paper venue: HTTP POST (token) -> RiskEngine -> ExecutionEngine -> simulated exchange
  //    -> OrderFilled committed to the journal -> event received on the WebSocket. Alternating buy/sell 0.001 BTC.
  const rt = await orderRoundTrips(`http://127.0.0.1:${port}`, url, app.aio.token.token, ORDERS);
  // The same path in-process, without HTTP and WebSocket: submit() returns after the fill is journaled.
  const inproc: number[] = [];
  for (let i = 0; i < ORDERS; i++) {
    await new Promise((r) => setTimeout(r, ORDER_GAP_MS));
    const t = performance.now();
    const r = app.aio.paper.submit({ instrument: 'BTCUSDT.SIM', side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: 0.001 });
    inproc.push(performance.now() - t);
    if (r.order.status !== 'FILLED') throw new Error(`in-process order ${i} ended ${r.order.status}`);
  }
  const inprocSorted = Float64Array.from(inproc).sort();
  // The kernel alone (risk -> execution -> venue -> fill event), without the journal.
  const bare: number[] = [];
  for (let i = 0; i < ORDERS; i++) {
    await new Promise((r) => setTimeout(r, ORDER_GAP_MS));
    const t = performance.now();
    const r = app.aio.paper.node.submit({ instrument: 'BTCUSDT.SIM', side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: 0.001 });
    bare.push(performance.now() - t);
    if (r.order.status !== 'FILLED') throw new Error(`kernel-only order ${i} ended ${r.order.status}`);
  }
  app.aio.paper.flush();
  const bareSorted = Float64Array.from(bare).sort();
  const stats = hub.stats();
  await app.close();

  console.log(
    JSON.stringify({
      bench: 'gateway',
      wsClients: CLIENTS,
      messages: MESSAGES,
      deliveries: sat.received + paced.received,
      fanoutMsgsPerSec: sat.perSec,
      saturatedLatencyP50Ms: Number(sat.p50.toFixed(3)),
      saturatedLatencyP99Ms: Number(sat.p99.toFixed(3)),
      pacedOfferedMsgsPerSec: RATE * CLIENTS,
      latencyP50Ms: Number(paced.p50.toFixed(3)),
      latencyP99Ms: Number(paced.p99.toFixed(3)),
      droppedClients: stats.dropped,
      orders: ORDERS,
      orderRoundTripP50Ms: Number(percentile(rt, 0.5).toFixed(3)),
      orderRoundTripP99Ms: Number(percentile(rt, 0.99).toFixed(3)),
      orderRoundTripPath: 'HTTP POST /api/paper/orders -> risk -> paper venue -> fill journaled -> OrderFilled on /ws',
      kernelRoundTripP50Ms: Number(percentile(inprocSorted, 0.5).toFixed(3)),
      kernelRoundTripP99Ms: Number(percentile(inprocSorted, 0.99).toFixed(3)),
      kernelRoundTripPath: `in-process submit -> risk -> paper venue -> fill, journal committed (WAL, synchronous=${app.aio.journal.sync.toUpperCase()})`,
      journalSync: app.aio.journal.sync,
      kernelNoJournalP50Ms: Number(percentile(bareSorted, 0.5).toFixed(3)),
      kernelNoJournalP99Ms: Number(percentile(bareSorted, 0.99).toFixed(3)),
      cpu: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
      node: process.version,
    }),
  );
}

if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  const { url, n } = workerData as { url: string; n: number };
  void clients(url, n);
}
