export { AioDb } from './db.ts';
export { WorkspaceStore } from './workspace-store.ts';
export * from './export-file.ts';
export type * from './records.ts';
