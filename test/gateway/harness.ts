/** Shared setup for gateway tests: mock upstreams and a gateway on 127.0.0.1 with free ports. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRouting } from '../../src/core/routing/compile.ts';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/gateway/server.ts';
import {
  startMockUpstream,
  type MockUpstream,
  type MockUpstreamOptions,
} from '../../src/gateway/mock-upstream/index.ts';
import { MemoryLogSink } from '../../src/store/memory-sink.ts';
import type { RequestLogSink } from '../../src/store/types.ts';
import { hashKey } from '../../src/gateway/auth.ts';

export const clientKey = 'sy-test-client-key';
export const adminKey = 'sy-test-admin-key';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'switchyard-gw-'));
}

export async function mock(options: MockUpstreamOptions = {}): Promise<MockUpstream> {
  return startMockUpstream(options);
}

export function compile(config: unknown) {
  const result = compileRouting(config);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.routing;
}

export interface TestGateway {
  gateway: RunningGateway;
  sink: RequestLogSink;
  rows: () => MemoryLogSink['rows'];
  logLines: string[];
}

export async function gatewayFor(config: unknown, overrides: Partial<GatewayOptions> = {}): Promise<TestGateway> {
  const memory = new MemoryLogSink();
  const sink = overrides.logSink ?? memory;
  const logLines: string[] = [];
  const gateway = await startGateway({
    routing: compile(config),
    port: 0,
    clientKeys: [{ id: 'team-a', sha256: hashKey(clientKey) }],
    adminKeySha256: hashKey(adminKey),
    logSink: sink,
    log: (line) => logLines.push(line),
    preloadTokenizer: false,
    ...overrides,
  });
  return { gateway, sink, rows: () => memory.rows, logLines };
}

export function openAiTarget(upstream: MockUpstream, extra: Record<string, unknown> = {}) {
  return { provider: 'openai-compatible', baseUrl: upstream.url, model: 'mock-model', ...extra };
}

/**
 * POSTs a chat completion and reads the whole answer. `giveUpAfterMs` bounds the wait (a
 * safety net so a gateway that never answers fails the test instead of hanging it; not a
 * timing assertion).
 */
export async function chat(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
  giveUpAfterMs?: number,
): Promise<{ status: number; json: Record<string, unknown>; text: string; headers: Headers }> {
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${clientKey}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: giveUpAfterMs === undefined ? undefined : AbortSignal.timeout(giveUpAfterMs),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // SSE or empty
  }
  return { status: response.status, json, text, headers: response.headers };
}

export const hello = { model: 'chat', messages: [{ role: 'user', content: 'Hello there' }] };

/** Waits until a condition holds, checking every 20 ms, at most `maxTries` times. */
export async function eventually(condition: () => boolean | Promise<boolean>, maxTries = 250): Promise<void> {
  for (let attempt = 0; attempt < maxTries; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met in time');
}
