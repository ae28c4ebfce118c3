import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import { WS_CLOSE_POLICY, WsClientMessageSchema, type WsServerMessage } from '../../shared/api/ws.ts';
import type { Hub } from '../ws/hub.ts';

const checkMessage = TypeCompiler.Compile(WsClientMessageSchema);
/** Largest client frame; the `ws` server closes a connection that sends more (1009). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** More than this many client frames in one second is flooding: the connection is closed (1008). */
const MAX_FRAMES_PER_SEC = 200;

/**
 * WebSocket /ws: topic subscribe/unsubscribe/ping over JSON frames; events fan out through the Hub.
 * @fastify/websocket itself is registered at the root before the auth hook (app.ts): its onRequest hook must run
 * first so that a refused upgrade (401) has its socket destroyed instead of left open.
 */
export default async function wsRoutes(app: FastifyInstance, opts: { hub: Hub; version: string; now: () => number }): Promise<void> {
  const { hub } = opts;

  app.get(
    '/ws',
    {
      websocket: true,
      config: { auth: true },
      schema: {
        tags: ['streams'],
        summary: 'WebSocket: subscribe to topics (see shared/api/ws.ts); token in Authorization or ?token=',
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
          const first = msg === undefined ? undefined : checkMessage.Errors(msg).First();
          send({
            type: 'error',
            code: 'VALIDATION',
            message:
              msg === undefined
                ? 'Frames must be JSON text, e.g. {"op":"subscribe","topics":["journal.*"]}.'
                : `Bad message${first ? ` at ${first.path || '/'}: ${first.message}` : ''}. Ops: subscribe, unsubscribe (with topics[]), ping.`,
          });
          return;
        }
        const id = 'id' in msg ? msg.id : undefined;
        if (msg.op === 'ping') return send({ type: 'pong', id, time: now });
        if (msg.op === 'subscribe') {
          const err = hub.subscribe(client, msg.topics);
          if (err) return send({ type: 'error', code: 'LIMIT', message: err, id });
        } else {
          hub.unsubscribe(client, msg.topics);
        }
        send({ type: 'ack', op: msg.op, id, topics: [...client.topics, ...[...client.prefixes].map((p) => `${p}*`)] });
      });
      socket.on('close', () => hub.remove(client));
      socket.on('error', () => hub.remove(client));
    },
  );
}
