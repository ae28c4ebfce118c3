import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import { WS_CLOSE_POLICY, WsClientMessageSchema, type WsClientMessage, type WsServerMessage } from '../../shared/api/ws.ts';
import type { Hub } from '../ws/hub.ts';
import type { Socket } from 'node:net';
import type { PaperOrderRequestWire } from '../../shared/api/paper.ts';
import type { PaperOrderView } from '../live/paper-node.ts';
import { PaperOrderError } from '../live/paper-node.ts';

/** The paper venue's order entry, as the ws route needs it (PaperService). */
export interface WsOrderEntry {
  submit(req: PaperOrderRequestWire): { order: PaperOrderView; duplicate: boolean };
  cancel(orderId: string): PaperOrderView;
}

const checkMessage = TypeCompiler.Compile(WsClientMessageSchema);
/** Per op, to say exactly what is wrong with a frame (the union's own first error only says "no op matched"). */
const checkOp = new Map<string, { Errors(v: unknown): { First(): { path: string; message: string } | undefined } }>(
  WsClientMessageSchema.anyOf.map((variant) => [variant.properties.op.const, TypeCompiler.Compile(variant)]),
);
/** Largest client frame; the `ws` server closes a connection that sends more (1009). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** More than this many client frames in one second is flooding: the connection is closed (1008). */
const MAX_FRAMES_PER_SEC = 200;

/**
 * WebSocket /ws: topic subscribe/unsubscribe/ping over JSON frames; events fan out through the Hub.
 * @fastify/websocket itself is registered at the root before the auth hook (app.ts): its onRequest hook must run
 * first so that a refused upgrade (401) has its socket destroyed instead of left open.
 */
export default async function wsRoutes(app: FastifyInstance, opts: { hub: Hub; version: string; now: () => number; orders?: WsOrderEntry }): Promise<void> {
  const { hub, orders } = opts;

  app.get(
    '/ws',
    {
      websocket: true,
      config: { auth: true },
      schema: {
        tags: ['streams'],
        summary: 'WebSocket: subscribe to topics, and enter paper orders (submit_order, cancel_order); see shared/api/ws.ts. Token in Authorization or ?token=',
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { '4xx': ErrorBodySchema },
      },
    },
    (socket, req) => {
      const client = hub.add(socket);
      const send = (m: WsServerMessage): void => socket.send(JSON.stringify(m));
      let windowStart = opts.now();
      let frames = 0;
      send({ type: 'hello', version: opts.version, time: opts.now() });

      socket.on('message', (raw, isBinary) => {
        const now = opts.now();
        if (now - windowStart >= 1000) {
          windowStart = now;
          frames = 0;
        }
        if (++frames > MAX_FRAMES_PER_SEC) {
          hub.remove(client);
          socket.close(WS_CLOSE_POLICY, `more than ${MAX_FRAMES_PER_SEC} frames a second`);
          return;
        }
        let msg: unknown;
        try {
          msg = isBinary ? undefined : JSON.parse(raw.toString());
        } catch {
          msg = undefined;
        }
        if (msg === undefined || !checkMessage.Check(msg)) {
          const op = typeof msg === 'object' && msg !== null ? (msg as { op?: unknown }).op : undefined;
          const byOp = (typeof op === 'string' && checkOp.get(op)) || checkMessage;
          const first = msg === undefined ? undefined : byOp.Errors(msg).First();
          // The id, when it is one, is echoed so the sender can match the refusal to its request.
          const rawId = typeof msg === 'object' && msg !== null ? (msg as { id?: unknown }).id : undefined;
          const id = (typeof rawId === 'string' && rawId.length <= 64) || Number.isSafeInteger(rawId) ? (rawId as string | number) : undefined;
          send({
            type: 'error',
            code: 'VALIDATION',
            id,
            message:
              msg === undefined
                ? 'Frames must be JSON text, e.g. {"op":"subscribe","topics":["journal.*"]}.'
                : `Bad message${first ? ` at ${first.path || '/'}: ${first.message}` : ''}. Ops: subscribe, unsubscribe (with topics[]), ping, submit_order (id, order), cancel_order (id, orderId).`,
          });
          return;
        }
        const id = 'id' in msg ? msg.id : undefined;
        if (msg.op === 'submit_order' || msg.op === 'cancel_order') return enterOrder(msg);
        if (msg.op === 'ping') return send({ type: 'pong', id, time: now });
        if (msg.op === 'subscribe') {
          const err = hub.subscribe(client, msg.topics);
          if (err) return send({ type: 'error', code: 'LIMIT', message: err, id });
        } else {
          hub.unsubscribe(client, msg.topics);
        }
        send({ type: 'ack', op: msg.op, id, topics: [...client.topics, ...[...client.prefixes].map((p) => `${p}*`)] });
      });

      /**
       * The command goes through PaperService as the HTTP route's does: journal commit, then the events to their
       * subscribers, then the answer. The TCP socket is corked meanwhile, so the events and the answer leave in one
       * write (one wake-up of the client, not one per frame).
       */
      function enterOrder(msg: Extract<WsClientMessage, { op: 'submit_order' | 'cancel_order' }>): void {
        const { id } = msg;
        if (!orders) return send({ type: 'error', code: 'UNAVAILABLE', message: 'Order entry is not offered on this socket; use POST /api/paper/orders.', id });
        const tcp = (socket as unknown as { _socket?: Socket })._socket;
        tcp?.cork();
        try {
          if (msg.op === 'submit_order') {
            const r = orders.submit(msg.order);
            send({ type: 'order', op: msg.op, id, order: r.order, duplicate: r.duplicate });
          } else {
            send({ type: 'order', op: msg.op, id, order: orders.cancel(msg.orderId), duplicate: false });
          }
        } catch (e) {
          if (e instanceof PaperOrderError) {
            send({ type: 'error', code: e.code, message: e.message, id });
          } else {
            req.log.error({ err: e, op: msg.op, id }, 'ws order entry failed');
            send({ type: 'error', code: 'INTERNAL', message: `The gateway could not ${msg.op === 'submit_order' ? 'place' : 'cancel'} the order (${e instanceof Error ? e.message : String(e)}); look it up with GET /api/paper/orders before sending it again.`, id });
          }
        } finally {
          tcp?.uncork();
        }
      }
      socket.on('close', () => hub.remove(client));
      socket.on('error', () => hub.remove(client));
    },
  );
}
