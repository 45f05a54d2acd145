#!/usr/bin/env node
// Entry point: registers tsx's ESM loader so the TypeScript sources run as they are, then
// starts the CLI. `module.register('tsx/esm')` rather than tsx's `register()` API: the API
// also loads esbuild and CommonJS hooks on the main thread, ~60 ms this all-ESM CLI never
// uses (measured in docs/benchmarks.md). Source maps on, so a stack trace names .ts lines.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('tsx/esm', import.meta.url, { data: {} });
const { exitQuietlyOnClosedPipe } = await import('../src/cli/io.ts');
exitQuietlyOnClosedPipe();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
