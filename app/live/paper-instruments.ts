/** What the gateway's paper venue trades (server/live/paper-node.ts): synthetic instruments, replayed in real time. */
export const PAPER_INSTRUMENTS = ['BTCUSDT.SIM', 'EURUSD.SIM', 'ACME.SIM'] as const;
export type PaperInstrument = (typeof PAPER_INSTRUMENTS)[number];
