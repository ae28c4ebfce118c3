import { Type, type Static } from '@sinclair/typebox';

/** One row of the gateway's hash-chained journal (see docs/api.md, "Journal and audit"). */
export const JournalEntrySchema = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  ts: Type.Number({ description: 'Epoch ms UTC when appended.' }),
  kind: Type.String(),
  payload: Type.String({ description: 'JSON text, exactly as hashed.' }),
  prevHash: Type.String(),
  hash: Type.String({ description: 'sha256 hex of prevHash \\n seq \\n ts \\n kind \\n payload.' }),
});
export type JournalEntryWire = Static<typeof JournalEntrySchema>;

export const JournalHeadSchema = Type.Object({ seq: Type.Integer({ minimum: 0 }), hash: Type.String() });

/** GET /api/audit (token required) */
export const AuditQuerySchema = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
    fromSeq: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 10_000 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuerySchema>;

export const AuditResponseSchema = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  head: JournalHeadSchema,
  entries: Type.Array(JournalEntrySchema),
});
export type AuditResponse = Static<typeof AuditResponseSchema>;

/** GET /api/audit/verify (token required) */
export const AuditVerifyResponseSchema = Type.Object({
  ok: Type.Boolean(),
  rows: Type.Integer({ minimum: 0 }),
  head: Type.Optional(JournalHeadSchema),
  badSeq: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
});
export type AuditVerifyResponse = Static<typeof AuditVerifyResponseSchema>;

/** POST /api/journal/notes (token required): an operator's note in the audit trail. */
export const JournalNoteBodySchema = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type JournalNoteBody = Static<typeof JournalNoteBodySchema>;

export const JournalNoteResponseSchema = Type.Object({ seq: Type.Integer(), hash: Type.String() });
export type JournalNoteResponse = Static<typeof JournalNoteResponseSchema>;
