/**
 * Issue 11, fault 8: a client-closed stream logs what was sent, `/healthz` answers 503 while
 * draining, CSV export neutralises formulas, oversized headers get 431, and
 * `GET /v1/models/{id}` answers in OpenAI's shape.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/store/export.ts';
import type { RequestLogRow } from '../../src/store/types.ts';
import { chat, clientKey, eventually, gatewayFor, hello, mock, openAiTarget } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function oneTarget(target: Record<string, unknown>) {
  return { version: 1, targets: { only: target }, routes: { chat: { weights: { only: 1 } } } };
}

describe('a stream the client closes after content reached it', () => {
  it('logs estimated tokens and cost for what was sent', async () => {
    const upstream = await mock({ chunkDelayMs: 100, chunkCount: 8, reply: 'The quick brown fox jumps. '.repeat(8) });
    const test = await gatewayFor(oneTarget(openAiTarget(upstream, { model: 'gpt-4.1-mini' })));
    cleanups.push(
      () => upstream.close(),
      () => test.gateway.close(),
    );
    const abort = new AbortController();
    const response = await fetch(`${test.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clientKey}` },
      body: JSON.stringify({ ...hello, stream: true }),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = '';
    for (let read = 0; read < 50 && !received.includes('"content":"The'); read += 1) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    expect(received).toContain('"content":"The');
    abort.abort();
    await eventually(() => test.rows().length === 1);
    const row = test.rows()[0];
    expect(row.outcome).toBe('client-closed');
    expect(row.usageEstimated).toBe(true);
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(row.costUsd).toBeGreaterThan(0);
  });
});

describe('/healthz while draining', () => {
  it('answers 503 (draining) while in-flight requests finish, and new work gets 503', async () => {
    const upstream = await mock({ latencyMs: 400 });
    const test = await gatewayFor(oneTarget(openAiTarget(upstream)));
    cleanups.push(() => upstream.close());
    const inFlight = chat(test.gateway.url, hello);
    await eventually(() => upstream.stats().inFlight === 1);
    const closing = test.gateway.close();
    const health = await fetch(`${test.gateway.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'draining' });
    const refused = await chat(test.gateway.url, hello);
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({ error: { code: 'shutting_down' } });
    expect((await inFlight).status).toBe(200);
    await closing;
    await expect(fetch(`${test.gateway.url}/healthz`)).rejects.toThrow();
  });
});

describe('CSV export', () => {
  it('neutralises cells that a spreadsheet would run as a formula', () => {
    const row: RequestLogRow = {
      id: 'r1.1',
      requestId: 'r1',
      time: '2025-06-01T12:00:00.000Z',
      route: '-chat',
      routingVersion: 1,
      feature: '=HYPERLINK("http://evil.example","x")',
      keyId: '@SUM(A1)',
      provider: '+vllm',
      providerKind: '\topenai',
      model: '\rmodel',
      attempt: 1,
      outcome: 'success',
      status: 200,
      stream: false,
      inputTokens: 1,
      outputTokens: 2,
      cachedInputTokens: 0,
      usageEstimated: false,
      ttftMs: -1,
      totalMs: 3,
      costUsd: null,
      errorClass: null,
      prompt: 'safe = text',
      team: null,
      endpoint: 'chat.completions' as const,
    };
    const cells = toCsv([row]).split('\n')[1];
    expect(cells).toBe(
      `r1.1,r1,2025-06-01T12:00:00.000Z,'-chat,1,"'=HYPERLINK(""http://evil.example"",""x"")",'@SUM(A1),'+vllm,'\topenai,"'\rmodel",1,success,200,false,1,2,0,false,-1,3,,,safe = text,,chat.completions`,
    );
  });
});

function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'GET', headers }, (incoming) => {
      let body = '';
      incoming.setEncoding('utf8').on('data', (text: string) => (body += text));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('header size limit', () => {
  it('answers 431 in OpenAI error shape when the headers exceed the default 8 KiB', async () => {
    const upstream = await mock();
    const test = await gatewayFor(oneTarget(openAiTarget(upstream)));
    cleanups.push(
      () => upstream.close(),
      () => test.gateway.close(),
    );
    const authorization = `Bearer ${clientKey}`;
    const small = await rawGet(`${test.gateway.url}/v1/models`, { authorization, 'x-padding': 'p'.repeat(4_000) });
    expect(small.status).toBe(200);
    const large = await rawGet(`${test.gateway.url}/v1/models`, { authorization, 'x-padding': 'p'.repeat(12_000) });
    expect(large.status).toBe(431);
    expect(JSON.parse(large.body)).toMatchObject({ error: { code: 'headers_too_large' } });
  });

  it('takes the limit from maxHeaderBytes', async () => {
    const upstream = await mock();
    const test = await gatewayFor(oneTarget(openAiTarget(upstream)), { maxHeaderBytes: 2_048 });
    cleanups.push(
      () => upstream.close(),
      () => test.gateway.close(),
    );
    const answer = await rawGet(`${test.gateway.url}/healthz`, { 'x-padding': 'p'.repeat(3_000) });
    expect(answer.status).toBe(431);
  });
});

describe('GET /v1/models/{id}', () => {
  it("answers a route in OpenAI's model shape, and 404 model_not_found for an unknown id", async () => {
    const upstream = await mock();
    const test = await gatewayFor(oneTarget(openAiTarget(upstream)));
    cleanups.push(
      () => upstream.close(),
      () => test.gateway.close(),
    );
    const headers = { authorization: `Bearer ${clientKey}` };
    const known = await fetch(`${test.gateway.url}/v1/models/chat`, { headers });
    expect(known.status).toBe(200);
    expect(await known.json()).toEqual({ id: 'chat', object: 'model', created: 0, owned_by: 'switchyard' });
    const unknown = await fetch(`${test.gateway.url}/v1/models/nope`, { headers });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'model_not_found', param: 'model' },
    });
    expect((await fetch(`${test.gateway.url}/v1/models/chat`)).status).toBe(401);
  });
});
