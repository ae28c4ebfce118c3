export * from './types.ts';
export { runQuality, resolvePolicies, PolicyError, type QualityResult } from './run-quality.ts';
export { formatReport } from './format-report.ts';
export { inferStep } from './checks.ts';
