import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'undici';
import { createAdapter, estimateUsage } from '../../providers/index.ts';
import type { ChatCompletionChunk, ChatCompletionRequest, ProviderAdapter, Usage } from '../../providers/types.ts';
import { startMockUpstream, type MockUpstream } from './index.ts';
import { splitIntoPieces, mockTokenCount } from './mock-reply.ts';

const openai = createAdapter('openai-compatible');
const anthropic = createAdapter('anthropic', { nowSeconds: () => 1_750_000_000 });

let mock: MockUpstream;
beforeAll(async () => {
  mock = await startMockUpstream({ name: 'mock-a', cachedInputTokens: 2 });
});
afterAll(async () => {
  await mock.close();
});

const question = 'What is the capital of France, please?'; // 38 characters

function chatRequest(extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  return {
    model: 'chat-default',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: question },
    ],
    ...extra,
  };
}

async function sendJson(
  adapter: ProviderAdapter,
  request: ChatCompletionRequest,
  extraHeaders: Record<string, string> = {},
) {
  const built = adapter.buildRequest(request, { baseUrl: mock.url, model: 'upstream-model', apiKey: 'k' });
  const response = await httpRequest(built.url, {
    method: built.method,
    headers: { ...built.headers, ...extraHeaders },
    body: built.body,
  });
  const body: unknown = await response.body.json();
  return { status: response.statusCode, headers: response.headers, body };
}

async function sendStream(
  adapter: ProviderAdapter,
  request: ChatCompletionRequest,
  extraHeaders: Record<string, string> = {},
) {
  const built = adapter.buildRequest(request, { baseUrl: mock.url, model: 'upstream-model', apiKey: 'k' });
  const response = await httpRequest(built.url, {
    method: built.method,
    headers: { ...built.headers, ...extraHeaders },
    body: built.body,
  });
  const converter = adapter.createStreamConverter(request);
  const chunks: ChatCompletionChunk[] = [];
  let transportError: string | undefined;
  try {
    for await (const bytes of response.body) chunks.push(...converter.push(bytes as Uint8Array));
  } catch (error) {
    transportError = (error as Error).message;
  }
  const finished = converter.finish();
  chunks.push(...(finished.chunks ?? []));
  return {
    status: response.statusCode,
    chunks,
    finished,
    transportError,
    contentType: response.headers['content-type'],
  };
}

const text = (chunks: ChatCompletionChunk[]): string =>
  chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

// Prompt characters: "Be brief." (9) + question (38) = 47 -> ceil(47 / 4) = 12 tokens, 2 of them cached.
// Output: the echo (38 characters) -> 10 tokens.
const expectedUsage: Usage = { inputTokens: 12, outputTokens: 10, cachedInputTokens: 2, estimated: false };

describe('mock upstream, OpenAI format, through the OpenAI-compatible adapter', () => {
  it('answers JSON with an echo and counted usage, and records what it received', async () => {
    const { status, headers, body } = await sendJson(openai, chatRequest({ temperature: 0.1 }));
    expect(status).toBe(200);
    expect(headers['x-mock-upstream']).toBe('mock-a');
    const { response, usage } = openai.parseResponse(body, chatRequest());
    expect(response.choices[0]?.message.content).toBe(question);
    expect(response.model).toBe('upstream-model');
    expect(usage).toEqual(expectedUsage);
    const last = mock.stats().lastRequest;
    expect(last?.headers.authorization).toBe('Bearer k');
    expect(last?.body).toMatchObject({ model: 'upstream-model', temperature: 0.1 });
  });

  it('streams SSE with a final usage chunk when the client asks for it', async () => {
    const result = await sendStream(openai, chatRequest({ stream: true, stream_options: { include_usage: true } }));
    expect(result.contentType).toBe('text/event-stream');
    expect(result.finished).toEqual({ complete: true, usage: expectedUsage });
    expect(text(result.chunks)).toBe(question);
    expect(result.chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBe(8);
    expect(result.chunks.at(-1)?.usage?.total_tokens).toBe(22);
  });

  it('reports usage but hides the usage chunk when the client did not ask (the adapter asked the mock for it)', async () => {
    const result = await sendStream(openai, chatRequest({ stream: true }));
    expect(mock.stats().lastRequest?.body).toMatchObject({ stream_options: { include_usage: true } });
    expect(result.finished.usage).toEqual(expectedUsage);
    expect(result.chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
  });

  it('answers a forced tool call, in JSON and streamed', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object' } } }];
    const { body } = await sendJson(openai, chatRequest({ tools, tool_choice: 'required' }));
    const { response } = openai.parseResponse(body, chatRequest());
    expect(response.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        tool_calls: [{ type: 'function', function: { name: 'lookup', arguments: JSON.stringify({ echo: question }) } }],
      },
    });
    const streamed = await sendStream(
      openai,
      chatRequest({ tools, tool_choice: { type: 'function', function: { name: 'lookup' } }, stream: true }),
    );
    const argumentsText = streamed.chunks
      .map((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '')
      .join('');
    expect(argumentsText).toBe(JSON.stringify({ echo: question }));
    expect(streamed.finished.complete).toBe(true);
  });

  it('honours x-mock-chunks and x-mock-chunk-delay-ms', async () => {
    const result = await sendStream(openai, chatRequest({ stream: true }), {
      'x-mock-chunks': '3',
      'x-mock-chunk-delay-ms': '2',
    });
    expect(
      result.chunks.filter((chunk) => chunk.choices[0]?.delta.content).map((chunk) => chunk.choices[0]?.delta.content),
    ).toEqual(splitIntoPieces(question, 3));
    expect(result.finished.complete).toBe(true);
  });
});

describe('mock upstream, Anthropic format, through the Anthropic adapter', () => {
  it('answers JSON; the system prompt and max_tokens arrive as the Messages API wants', async () => {
    const { status, body } = await sendJson(anthropic, chatRequest());
    expect(status).toBe(200);
    const { response, usage } = anthropic.parseResponse(body, chatRequest());
    expect(response.choices[0]).toEqual({
      index: 0,
      finish_reason: 'stop',
      message: { role: 'assistant', content: question },
    });
    expect(usage).toEqual(expectedUsage);
    const last = mock.stats().lastRequest;
    expect(last?.path).toBe('/v1/messages');
    expect(last?.headers).toMatchObject({ 'x-api-key': 'k', 'anthropic-version': '2023-06-01' });
    expect(last?.body).toMatchObject({ system: 'Be brief.', max_tokens: 4096, model: 'upstream-model' });
  });

  it('streams events that convert to OpenAI chunks with usage', async () => {
    const result = await sendStream(anthropic, chatRequest({ stream: true, stream_options: { include_usage: true } }), {
      'x-mock-chunk-delay-ms': '1',
    });
    expect(result.finished).toEqual({ complete: true, usage: expectedUsage });
    expect(text(result.chunks)).toBe(question);
    expect(result.chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 10 } });
  });

  it('streams a forced tool call as tool_call deltas', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object' } } }];
    const result = await sendStream(anthropic, chatRequest({ tools, tool_choice: 'required', stream: true }));
    const call = result.chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(call[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'lookup', arguments: '' } });
    expect(call.map((delta) => delta.function?.arguments ?? '').join('')).toBe(JSON.stringify({ echo: question }));
    expect(result.chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe(
      'tool_calls',
    );
  });

  it('rejects a request without max_tokens or anthropic-version, like the real API', async () => {
    const noMaxTokens = await httpRequest(`${mock.url}/messages`, {
      method: 'POST',
      headers: { 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'm', messages: [] }),
    });
    expect(noMaxTokens.statusCode).toBe(400);
    expect(await noMaxTokens.body.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const noVersion = await httpRequest(`${mock.url}/messages`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', max_tokens: 5, messages: [] }),
    });
    expect(noVersion.statusCode).toBe(400);
    await noVersion.body.dump();
  });
});

describe('mock upstream faults', () => {
  it('injects 500 and 429 in each format error shape', async () => {
    const serverError = await sendJson(openai, chatRequest(), { 'x-mock-fault': '500' });
    expect(serverError).toMatchObject({ status: 500, body: { error: { type: 'server_error' } } });
    const rateLimited = await sendJson(anthropic, chatRequest(), { 'x-mock-fault': '429' });
    expect(rateLimited).toMatchObject({ status: 429, body: { type: 'error', error: { type: 'rate_limit_error' } } });
    expect(rateLimited.headers['retry-after']).toBe('1');
  });

  it('resets the connection', async () => {
    await expect(sendJson(openai, chatRequest(), { 'x-mock-fault': 'reset' })).rejects.toThrow();
  });

  it('never answers under timeout, until the client gives up', async () => {
    const built = openai.buildRequest(chatRequest(), { baseUrl: mock.url, model: 'm' });
    await expect(
      httpRequest(built.url, {
        method: 'POST',
        headers: { ...built.headers, 'x-mock-fault': 'timeout' },
        body: built.body,
        headersTimeout: 100,
      }),
    ).rejects.toThrow(/timeout/i);
  });

  it('cuts a stream half-way: the converters report it incomplete', async () => {
    const cutOpenAI = await sendStream(openai, chatRequest({ stream: true }), { 'x-mock-fault': 'cut-stream' });
    expect(cutOpenAI.status).toBe(200);
    expect(cutOpenAI.finished.complete).toBe(false);
    expect(cutOpenAI.finished.error).toMatch(/without a finish_reason or \[DONE\]|cut mid-event/);
    expect(text(cutOpenAI.chunks).length).toBeLessThan(question.length);
    const cutAnthropic = await sendStream(anthropic, chatRequest({ stream: true }), {
      'x-mock-fault': 'cut-stream',
      'x-mock-chunk-delay-ms': '1',
    });
    expect(cutAnthropic.finished.complete).toBe(false);
    expect(cutAnthropic.transportError).toBeDefined();
  });

  it('cuts a JSON body half-way', async () => {
    await expect(sendJson(openai, chatRequest(), { 'x-mock-fault': 'cut-stream' })).rejects.toThrow();
  });

  it('sends no usage under no-usage, so the tokenizer estimate is used', async () => {
    const result = await sendStream(openai, chatRequest({ stream: true, stream_options: { include_usage: true } }), {
      'x-mock-fault': 'no-usage',
    });
    expect(result.finished).toEqual({ complete: true, usage: undefined });
    const estimated = estimateUsage(chatRequest(), text(result.chunks));
    expect(estimated.estimated).toBe(true);
    expect(estimated.outputTokens).toBeGreaterThan(0);
    const anthropicJson = await sendJson(anthropic, chatRequest(), { 'x-mock-fault': 'no-usage' });
    expect(anthropic.parseResponse(anthropicJson.body, chatRequest()).usage).toBeUndefined();
  });

  it('applies a configured fault to the next N requests, then answers normally, and counts', async () => {
    mock.resetStats();
    mock.setFault('500', { count: 2 });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await sendJson(openai, chatRequest())).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(mock.stats()).toMatchObject({ requests: 3, chatCompletions: 3, faults: { '500': 2 } });
  });

  it('tracks requests in flight', async () => {
    mock.resetStats();
    const controller = new AbortController();
    const built = openai.buildRequest(chatRequest(), { baseUrl: mock.url, model: 'm' });
    const pending = [0, 1, 2].map(() =>
      httpRequest(built.url, {
        method: 'POST',
        headers: { ...built.headers, 'x-mock-fault': 'timeout' },
        body: built.body,
        signal: controller.signal,
      }).catch(() => 'aborted'),
    );
    for (let poll = 0; poll < 200 && mock.stats().inFlight < 3; poll += 1)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(mock.stats()).toMatchObject({ inFlight: 3, maxInFlight: 3 });
    controller.abort();
    expect(await Promise.all(pending)).toEqual(['aborted', 'aborted', 'aborted']);
  });

  it('rejects an unknown fault name, naming the allowed ones', async () => {
    const result = await sendJson(openai, chatRequest(), { 'x-mock-fault': 'explode' });
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body)).toContain(
      'allowed: 500, 503, 429, 400, 401, 403, 404, timeout, reset, cut-stream, no-usage, keep-alive-only, endless-body, huge-line',
    );
  });
});

/** Reads a body until `enough(text)` holds or `maxReads` reads went by, then drops the connection. */
async function readUntil(
  headers: Record<string, string>,
  enough: (text: string) => boolean,
  maxReads = 500,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const built = openai.buildRequest(chatRequest({ stream: headers.stream === 'yes' }), {
    baseUrl: mock.url,
    model: 'm',
  });
  const response = await httpRequest(built.url, {
    method: 'POST',
    headers: { ...built.headers, ...headers },
    body: built.body,
  });
  let text = '';
  let reads = 0;
  for await (const bytes of response.body) {
    text += Buffer.from(bytes as Uint8Array).toString('utf8');
    reads += 1;
    if (enough(text) || reads >= maxReads) break;
  }
  response.body.destroy();
  return { status: response.statusCode, headers: response.headers, text };
}

describe('mock upstream error and unbounded faults', () => {
  it('answers 400, 401, 403 and 404 in OpenAI shape with a request id', async () => {
    const expected: Record<string, { type: string; code: string | null; param: string | null }> = {
      '400': { type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' },
      '401': { type: 'invalid_request_error', code: 'invalid_api_key', param: null },
      '403': { type: 'request_forbidden', code: 'unsupported_country_region_territory', param: null },
      '404': { type: 'invalid_request_error', code: 'model_not_found', param: null },
    };
    for (const [fault, error] of Object.entries(expected)) {
      const result = await sendJson(openai, chatRequest(), { 'x-mock-fault': fault });
      expect(result.status).toBe(Number(fault));
      expect(result.body).toMatchObject({ error });
      expect(result.headers['x-request-id']).toMatch(/^req_mock_\d+$/);
    }
    const anthropicDenied = await sendJson(anthropic, chatRequest(), { 'x-mock-fault': '403' });
    expect(anthropicDenied.body).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
  });

  it('sends the configured retry-after and x-ratelimit headers with a 429', async () => {
    const limited = await startMockUpstream({ retryAfter: '7', fault: '429' });
    try {
      const built = openai.buildRequest(chatRequest(), { baseUrl: limited.url, model: 'm' });
      const response = await httpRequest(built.url, { method: 'POST', headers: built.headers, body: built.body });
      await response.body.dump();
      expect(response.statusCode).toBe(429);
      expect(response.headers).toMatchObject({
        'retry-after': '7',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '7s',
      });
    } finally {
      await limited.close();
    }
  });

  it('sends only keep-alive comments under keep-alive-only', async () => {
    const result = await readUntil(
      { 'x-mock-fault': 'keep-alive-only', 'x-mock-chunk-delay-ms': '1', stream: 'yes' },
      (text) => text.split(': keep-alive').length > 3,
    );
    expect(result.status).toBe(200);
    expect(result.text.replaceAll(': keep-alive\n\n', '')).toBe('');
  });

  it('never ends the body under endless-body, streamed or JSON', async () => {
    const streamed = await readUntil(
      { 'x-mock-fault': 'endless-body', 'x-mock-chunk-delay-ms': '1', stream: 'yes' },
      (text) => text.split('tick ').length > 3,
    );
    expect(streamed.text).toContain('"role":"assistant"');
    expect(streamed.text).not.toContain('[DONE]');
    const json = await readUntil(
      { 'x-mock-fault': 'endless-body', 'x-mock-chunk-delay-ms': '1' },
      (text) => text.length > 3,
    );
    expect(json.headers['content-length']).toBeUndefined();
    expect(json.text.trim()).toBe('{');
  });

  it('sends one huge SSE line or JSON body under huge-line', async () => {
    const huge = await startMockUpstream({ hugeLineBytes: 300_000, fault: 'huge-line' });
    try {
      const request = chatRequest({ stream: true });
      const built = openai.buildRequest(request, { baseUrl: huge.url, model: 'm' });
      const response = await httpRequest(built.url, { method: 'POST', headers: built.headers, body: built.body });
      const converter = openai.createStreamConverter(request);
      const chunks: ChatCompletionChunk[] = [];
      for await (const bytes of response.body) chunks.push(...converter.push(bytes as Uint8Array));
      expect(converter.finish().complete).toBe(true);
      expect(chunks.map((chunk) => chunk.choices[0]?.delta.content?.length ?? 0)).toContain(300_000);
      const jsonBuilt = openai.buildRequest(chatRequest(), { baseUrl: huge.url, model: 'm' });
      const json = await httpRequest(jsonBuilt.url, {
        method: 'POST',
        headers: jsonBuilt.headers,
        body: jsonBuilt.body,
      });
      expect(json.headers['content-length']).toBeUndefined();
      const { response: parsed } = openai.parseResponse(await json.body.json(), chatRequest());
      expect(parsed.choices[0]?.message.content).toHaveLength(300_000);
    } finally {
      await huge.close();
    }
  });
});

describe('mock upstream basics', () => {
  it('lists models, 404s unknown paths, 400s bad JSON', async () => {
    const models = await httpRequest(`${mock.url}/models`);
    expect(await models.body.json()).toMatchObject({ object: 'list', data: [{ id: 'mock-model', object: 'model' }] });
    const missing = await httpRequest(`${mock.url}/nothing`);
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
    const bad = await httpRequest(`${mock.url}/chat/completions`, { method: 'POST', body: '{not json' });
    expect(bad.statusCode).toBe(400);
    expect(await bad.body.json()).toMatchObject({ error: { message: 'request body is not valid JSON' } });
  });

  it('checks the API key when configured, and serves a fixed reply', async () => {
    const keyed = await startMockUpstream({ apiKey: 'secret', reply: 'Fixed answer.' });
    try {
      const denied = await httpRequest(`${keyed.url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer wrong' },
        body: JSON.stringify(chatRequest()),
      });
      expect(denied.statusCode).toBe(401);
      await denied.body.dump();
      const built = openai.buildRequest(chatRequest(), { baseUrl: keyed.url, model: 'm', apiKey: 'secret' });
      const allowed = await httpRequest(built.url, { method: 'POST', headers: built.headers, body: built.body });
      const { response, usage } = openai.parseResponse(await allowed.body.json(), chatRequest());
      expect(response.choices[0]?.message.content).toBe('Fixed answer.');
      expect(usage?.outputTokens).toBe(mockTokenCount('Fixed answer.'.length));
    } finally {
      await keyed.close();
    }
  });

  it('splits text into near-equal pieces (documented example)', () => {
    expect(splitIntoPieces('abcdefg', 3)).toEqual(['abc', 'de', 'fg']);
    expect(splitIntoPieces('ab', 5)).toEqual(['a', 'b']);
    expect(splitIntoPieces('日本語☕', 2)).toEqual(['日本', '語☕']);
    expect(mockTokenCount(25)).toBe(7);
  });
});
