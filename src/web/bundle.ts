/**
 * Bundles the dashboard's TypeScript front end in memory with esbuild when the server
 * starts (no build step, nothing written to disk).
 */
import { build } from 'esbuild';
import { join } from 'node:path';

/** The browser bundle of src/web/client/main.ts as one ES module string. */
export async function bundleDashboardScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'client', 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the dashboard');
  return output.text;
}
