import type { FastifyInstance } from 'fastify';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import { KillSwitchRequestSchema, KillSwitchResponseSchema, LiveSummarySchema, ResumeResponseSchema, type KillSwitchRequest } from '../../shared/api/live.ts';
import type { Journal } from '../journal/journal.ts';
import type { Hub } from '../ws/hub.ts';
import type { CcxtVenueService } from './ccxt-venue.ts';
import type { IbVenueService } from './ib-venue.ts';
import { LiveMonitorService } from './live-monitor.ts';
import type { PaperService } from './paper-service.ts';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };
const security = [{ bearer: [] }];

/** The kill switch, resume, and the monitor's summary (server/live/live-monitor.ts). All need the API token. */
export default async function liveMonitorRoutes(app: FastifyInstance, opts: { monitor: LiveMonitorService }): Promise<void> {
  const { monitor } = opts;

  app.post<{ Body: KillSwitchRequest }>(
    '/api/live/kill-switch',
    {
      schema: {
        tags: ['live'],
        summary: 'Kill switch: halt trading (new orders denied), stop every strategy, cancel every open order',
        description: 'Body {"confirm": true}. Positions are left open. Journaled. POST /api/live/resume lifts the halt.',
        security,
        body: KillSwitchRequestSchema,
        response: { 200: KillSwitchResponseSchema, ...errors },
      },
    },
    async (req) => monitor.killSwitch(req.body.reason),
  );

  app.post(
    '/api/live/resume',
    {
      schema: {
        tags: ['live'],
        summary: 'Lift a halt: the RiskEngine accepts new orders again (stopped strategies stay stopped)',
        security,
        response: { 200: ResumeResponseSchema, ...errors },
      },
    },
    async () => monitor.resume(),
  );

  app.get('/api/live/summary', {
    config: { auth: true },
    schema: {
      tags: ['live'],
      summary: 'PnL today, equity and its history, positions, the last 50 fills, open orders, strategies, trading state',
      security,
      response: { 200: LiveSummarySchema, ...errors },
    },
  }, async () => monitor.summary());
}

/** The monitor as a gateway plugin: builds the service over the paper venue and the journal, disposes it on close. */
export async function liveMonitorPlugin(
  app: FastifyInstance,
  opts: { journal: Journal; paper: PaperService; hub: Hub; now: () => number; ccxt?: CcxtVenueService; ib?: IbVenueService },
): Promise<void> {
  const monitor = new LiveMonitorService(
    opts.journal,
    opts.paper,
    opts.hub,
    { now: opts.now, schedule: (ms, cb) => setTimeout(cb, ms).unref(), cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    () => {
      const nodes = [opts.ccxt?.existingLiveNode(), opts.ib?.existingLiveNode()];
      return nodes.filter((n) => n !== undefined);
    },
  );
  app.addHook('onClose', async () => monitor.dispose());
  await liveMonitorRoutes(app, { monitor });
}
