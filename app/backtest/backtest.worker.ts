// Web Worker that runs backtests off the page's thread (comlink RPC). The run itself is synchronous, so the page
// cancels a run by terminating this worker (see backtest-runner.svelte.ts), which stops it at once.
import * as Comlink from 'comlink';
import type { BacktestProgress } from '../../shared/backtest/results.ts';
import { runSpecBacktest, type BacktestSummary, type SpecRunInput } from './run-spec.ts';

const api = {
  run(input: SpecRunInput, onProgress: (p: BacktestProgress) => void): BacktestSummary {
    return runSpecBacktest(input, onProgress);
  },
};

export type BacktestWorkerApi = typeof api;

Comlink.expose(api);
