import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type GatewayConfig } from './config.ts';

/** A gateway config for tests: silent, a throwaway AIO_HOME, no built app unless given, a fixed clock if asked. */
export function testConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return loadConfig(
    { PORT: '8787' },
    {
      logLevel: 'silent',
      home: mkdtempSync(join(tmpdir(), 'aio-home-')),
      appDir: join(tmpdir(), 'aio-no-app-here'),
      ...overrides,
    },
  );
}
