#!/usr/bin/env node
// Runs one TypeScript file (the benchmark runner, the screenshot script) with tsx's ESM
// loader registered, the same way bin/switchyard.mjs does.
import { register } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

process.setSourceMapsEnabled(true);
register('tsx/esm', import.meta.url, { data: {} });
const file = process.argv[2];
if (!file) {
  console.error('usage: run-ts.mjs FILE.ts [args...]');
  process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(resolve(file)).href);
