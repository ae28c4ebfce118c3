/** The simulated exchange: matching engine, fill / fee / latency models. See types.ts for the kernel contract. */
export * from './types.ts';
export * from './intrabar-path.ts';
export * from './fill-model.ts';
export * from './fee-model.ts';
export * from './command-queue.ts';
export * from './venue-order.ts';
export * from './matching-context.ts';
export * from './venue-book.ts';
export * from './matching-engine.ts';
export * from './exchange.ts';
