// The gateway's wire contract: TypeBox schemas (JSON Schema at runtime, TypeScript types at compile time),
// used by the server's routes for validation and by the app's client for types.
export * from './errors.ts';
export * from './health.ts';
export * from './timeframes.ts';
export * from './instruments.ts';
export * from './bars.ts';
export * from './audit.ts';
export * from './ws.ts';
export * from './paper.ts';
export * from './live.ts';
