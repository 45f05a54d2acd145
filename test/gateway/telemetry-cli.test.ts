/**
 * `switchyard gateway` as a user runs it, with and without `--otel-endpoint`: a real process
 * whose module resolutions a loader hook writes down, so the test sees that without
 * telemetry no `@opentelemetry/*` module is ever resolved, and that with it the spans reach
 * an OTLP/HTTP receiver on 127.0.0.1 when the gateway stops (SIGTERM).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { chat, hello, mock, tempDir } from './harness.ts';

const bin = resolve(import.meta.dirname, '../../bin/switchyard.mjs');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Writes a `--import` script that records every bare specifier the process resolves. */
function resolutionRecorder(folder: string): { importPath: string; logPath: string } {
  const logPath = join(folder, 'resolved.txt');
  const hooksPath = join(folder, 'record-hooks.mjs');
  writeFileSync(
    hooksPath,
    [
      "import { appendFileSync } from 'node:fs';",
      'let logPath;',
      'export function initialize(data) { logPath = data.logPath; }',
      'export async function resolve(specifier, context, next) {',
      "  if (!specifier.startsWith('.') && !specifier.startsWith('file:') && !specifier.startsWith('node:'))",
      "    appendFileSync(logPath, specifier + '\\n');",
      '  return next(specifier, context);',
      '}',
    ].join('\n'),
  );
  const importPath = join(folder, 'record.mjs');
  writeFileSync(
    importPath,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooksPath).href)}, { data: { logPath: ${JSON.stringify(logPath)} } });\n`,
  );
  return { importPath, logPath };
}

/** Starts the gateway CLI and waits (at most 30 s) for its "listening on URL" line. */
async function startGatewayProcess(
  args: string[],
  importPath: string,
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const environment = { ...process.env };
  delete environment.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete environment.OTEL_SDK_DISABLED;
  const child = spawn(process.execPath, ['--import', pathToFileURL(importPath).href, bin, 'gateway', ...args], {
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start in 30 s:\n${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${stderr}`));
    });
  });
  return { child, url, stderr: () => stderr };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

function resolvedSpecifiers(logPath: string): string[] {
  return existsSync(logPath) ? readFileSync(logPath, 'utf8').trim().split('\n') : [];
}

describe('switchyard gateway --otel-endpoint', () => {
  it('loads no OpenTelemetry module when telemetry is off', async () => {
    const folder = tempDir();
    const upstream = await mock({ name: 'local' });
    cleanups.push(() => upstream.close());
    const { importPath, logPath } = resolutionRecorder(folder);
    const gateway = await startGatewayProcess(
      ['--upstream', `local=${upstream.url}`, '--no-auth', '--port', '0', '--db', join(folder, 'log.db')],
      importPath,
    );
    cleanups.push(async () => void (await stop(gateway.child)));
    const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...hello, model: 'anything' }),
    });
    expect(answer.status).toBe(200);
    await answer.text();
    expect(await stop(gateway.child)).toBe(0);
    const specifiers = resolvedSpecifiers(logPath);
    expect(specifiers).toContain('commander'); // the recorder saw the CLI's imports
    expect(specifiers.filter((specifier) => specifier.startsWith('@opentelemetry/'))).toEqual([]);
    expect(gateway.stderr()).not.toContain('telemetry:');
  });

  it('exports the spans of the requests it served to the OTLP receiver', async () => {
    const folder = tempDir();
    const upstream = await mock({ name: 'local' });
    const traces: string[] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        if (request.url === '/v1/traces') traces.push(body);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolveListen) => receiver.listen(0, '127.0.0.1', resolveListen));
    cleanups.push(
      () => upstream.close(),
      () => new Promise<void>((resolveClose) => receiver.close(() => resolveClose())),
    );
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const { importPath, logPath } = resolutionRecorder(folder);
    const gateway = await startGatewayProcess(
      [
        '--upstream',
        `local=${upstream.url}`,
        '--no-auth',
        '--port',
        '0',
        '--db',
        join(folder, 'log.db'),
        '--otel-endpoint',
        receiverUrl,
      ],
      importPath,
    );
    cleanups.push(async () => void (await stop(gateway.child)));
    const answer = await chat(gateway.url, { ...hello, model: 'anything' });
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get('x-request-id') ?? '';
    // Refused before any attempt (no log row): the CLI hands it to telemetry as a server span.
    const refused = await chat(gateway.url, { ...hello, messages: [null] });
    expect(refused.status).toBe(400);
    expect(await stop(gateway.child)).toBe(0);
    expect(gateway.stderr()).toContain(`telemetry: OpenTelemetry spans and metrics to ${receiverUrl}`);
    expect(gateway.stderr()).toContain('every request traced');
    expect(resolvedSpecifiers(logPath)).toContain('@opentelemetry/sdk-trace-base');
    const spans = traces.flatMap((body) =>
      (
        JSON.parse(body) as {
          resourceSpans: Array<{
            scopeSpans: Array<{ spans: Array<{ traceId: string; spanId: string; name: string }> }>;
          }>;
        }
      ).resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)),
    );
    expect(spans.map((span) => span.name).sort()).toEqual(['POST /v1/chat/completions', 'chat anything']);
    const attempt = spans.find((span) => span.name.startsWith('chat '));
    expect(attempt?.traceId).toBe(requestId.replaceAll('-', ''));
    // The upstream was told that span, so its own spans would nest under it.
    expect(upstream.stats().lastRequest?.headers.traceparent).toBe(`00-${attempt?.traceId}-${attempt?.spanId}-01`);
  });
});
