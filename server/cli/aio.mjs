#!/usr/bin/env node
// The `aio` command-line tool: the headless entry to the same core the app and gateway use.
// It loads the TypeScript sources through tsx, so no build step stands between an edit and a run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
