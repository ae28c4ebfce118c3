import type { FastifyInstance } from 'fastify';
import {
  AuditQuerySchema,
  AuditResponseSchema,
  AuditVerifyResponseSchema,
  JournalNoteBodySchema,
  JournalNoteResponseSchema,
  type AuditQuery,
  type AuditResponse,
  type AuditVerifyResponse,
  type JournalNoteBody,
  type JournalNoteResponse,
} from '../../shared/api/audit.ts';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import type { GatewayConfig } from '../config.ts';
import { journalCsv, type Journal } from '../journal/journal.ts';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };
const security = [{ bearer: [] }];

export default async function auditRoutes(app: FastifyInstance, opts: { journal: Journal; config: GatewayConfig }): Promise<void> {
  const { journal } = opts;

  app.get<{ Querystring: AuditQuery; Reply: AuditResponse | string }>(
    '/api/audit',
    {
      config: { auth: true },
      schema: {
        tags: ['audit'],
        summary: 'Export the journal (JSON, or CSV with format=csv)',
        security,
        querystring: AuditQuerySchema,
        response: { 200: AuditResponseSchema, ...errors },
      },
    },
    async (req, reply) => {
      const entries = journal.entries(req.query.fromSeq ?? 1, req.query.limit ?? 10_000);
      if (req.query.format === 'csv') {
        // A string body bypasses the JSON response schema, which only describes the JSON form.
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="aio-journal.csv"')
          .serializer((s: unknown) => s as string)
          .send(journalCsv(entries));
      }
      return { count: entries.length, head: journal.head(), entries };
    },
  );

  app.get<{ Reply: AuditVerifyResponse }>(
    '/api/audit/verify',
    {
      config: { auth: true },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain and report the first tampered or missing row',
        security,
        response: { 200: AuditVerifyResponseSchema, ...errors },
      },
    },
    async () => journal.verify(),
  );

  app.post<{ Body: JournalNoteBody; Reply: JournalNoteResponse }>(
    '/api/journal/notes',
    {
      schema: {
        tags: ['audit'],
        summary: "Append an operator's note to the journal",
        security,
        body: JournalNoteBodySchema,
        response: { 200: JournalNoteResponseSchema, ...errors },
      },
    },
    async (req) => {
      const e = journal.append('operator.note', { text: req.body.text }, opts.config.now());
      return { seq: e.seq, hash: e.hash };
    },
  );
}
