/**
 * `/v1/embeddings`, `/v1/completions` and `/v1/responses` through the gateway, called with the
 * official openai npm client (docs/gateway.md, "Endpoints"): answers pass through from the
 * mock upstream's real wire shapes, fall back, are priced from their usage and logged with
 * their endpoint; routes whose targets cannot serve an endpoint answer 400.
 */
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { mockEmbedding } from '../../src/gateway/mock-upstream/openai-more-wire.ts';
import { clientKey, gatewayFor, mock, openAiTarget } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const pricing = { usdPerMillionInputTokens: 2, usdPerMillionOutputTokens: 8 };

async function setup() {
  const primary = await mock({ name: 'primary' });
  const backup = await mock({ name: 'backup' });
  const claude = await mock({ name: 'claude' });
  const test = await gatewayFor({
    version: 1,
    targets: {
      primary: openAiTarget(primary, { model: 'upstream-model', pricing, retries: 0 }),
      backup: openAiTarget(backup, { model: 'backup-model', pricing }),
      claude: { provider: 'anthropic', baseUrl: claude.url, model: 'claude-sonnet-4-20250514' },
    },
    routes: {
      general: { weights: { primary: 1 }, fallbacks: ['backup'] },
      mixed: { weights: { claude: 1 }, fallbacks: ['primary'] },
      claude: { weights: { claude: 1 } },
    },
  });
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => claude.close(),
    () => test.gateway.close(),
  );
  const client = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: clientKey, maxRetries: 0 });
  return { primary, backup, claude, test, client };
}

describe('embeddings', () => {
  it('pass through (base64 as the SDK asks by default, and floats), priced from usage', async () => {
    const { primary, test, client } = await setup();
    const result = await client.embeddings.create({ model: 'general', input: ['first text', 'second'] });
    expect(result.data).toHaveLength(2);
    // the SDK asked for base64 and decoded it: the vectors are the mock's, float32-exact
    expect(result.data[0].embedding).toEqual(mockEmbedding('first text', 8));
    expect(primary.stats().lastRequest?.body).toMatchObject({ model: 'upstream-model', encoding_format: 'base64' });
    const floats = await client.embeddings.create({ model: 'general', input: 'hi', encoding_format: 'float' });
    expect(floats.data[0].embedding).toEqual(mockEmbedding('hi', 8));
    const rows = test.rows();
    expect(rows.map((row) => [row.endpoint, row.outcome, row.model])).toEqual([
      ['embeddings', 'success', 'upstream-model'],
      ['embeddings', 'success', 'upstream-model'],
    ]);
    // 'first text' (10 characters) is 3 mock tokens and 'second' 2: 5 input tokens at $2 per million
    expect(rows[0]).toMatchObject({ inputTokens: 5, outputTokens: 0, usageEstimated: false });
    expect(rows[0].costUsd).toBeCloseTo(5 * 2e-6, 12);
  });

  it('fall back when the primary fails, and answer 400 for a route of Anthropic targets only', async () => {
    const { primary, test, client } = await setup();
    primary.setFault('500');
    const result = await client.embeddings.create({ model: 'general', input: 'x', encoding_format: 'float' });
    expect(result.data[0].embedding).toEqual(mockEmbedding('x', 8));
    expect(test.rows().map((row) => [row.provider, row.outcome])).toEqual([
      ['primary', 'fallback'],
      ['backup', 'success'],
    ]);
    const refused = await client.embeddings.create({ model: 'claude', input: 'x' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('endpoint_not_supported');
    // a mixed route leaves the Anthropic target out and serves from the rest
    primary.setFault(undefined);
    await client.embeddings.create({ model: 'mixed', input: 'x' });
    expect(test.rows().at(-1)).toMatchObject({ provider: 'primary', outcome: 'success', route: 'mixed' });
  });

  it('answer 400 naming the field for a body without input', async () => {
    const { test } = await setup();
    const response = await fetch(`${test.gateway.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clientKey}` },
      body: JSON.stringify({ model: 'general' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: 'input', code: 'missing_required_parameter' } });
  });
});

describe('targets.NAME.endpoints', () => {
  it('keeps an embeddings-only target out of chat plans', async () => {
    const embedder = await mock({ name: 'embedder' });
    const chatter = await mock({ name: 'chatter' });
    const test = await gatewayFor({
      version: 1,
      targets: {
        embedder: openAiTarget(embedder, { endpoints: ['embeddings'] }),
        chatter: openAiTarget(chatter, { endpoints: ['chat.completions'] }),
      },
      routes: { embed: { weights: { embedder: 1 } }, both: { weights: { embedder: 1 }, fallbacks: ['chatter'] } },
    });
    cleanups.push(
      () => embedder.close(),
      () => chatter.close(),
      () => test.gateway.close(),
    );
    const client = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: clientKey, maxRetries: 0 });
    const refused = await client.chat.completions
      .create({ model: 'embed', messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('endpoint_not_supported');
    await client.chat.completions.create({ model: 'both', messages: [{ role: 'user', content: 'hi' }] });
    await client.embeddings.create({ model: 'both', input: 'hi' });
    expect(test.rows().map((row) => [row.endpoint, row.provider])).toEqual([
      ['chat.completions', 'chatter'],
      ['embeddings', 'embedder'],
    ]);
    expect(embedder.stats().chatCompletions).toBe(0);
  });
});

describe('completions', () => {
  it('plain and streaming, with usage counted even when the client did not ask for it', async () => {
    const { primary, test, client } = await setup();
    const plain = await client.completions.create({ model: 'general', prompt: 'Say this is a test' });
    expect(plain.object).toBe('text_completion');
    expect(plain.choices[0].text).toBe('Say this is a test');
    expect(plain.usage?.prompt_tokens).toBe(5);

    const stream = await client.completions.create({ model: 'general', prompt: 'Stream me please', stream: true });
    let text = '';
    let usageChunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      if (chunk.usage) usageChunks += 1;
    }
    expect(text).toBe('Stream me please');
    expect(usageChunks).toBe(0); // not asked for: the gateway's usage chunk is not forwarded
    expect(primary.stats().lastRequest?.body).toMatchObject({ stream_options: { include_usage: true } });
    const streamed = test.rows()[1];
    expect(streamed).toMatchObject({ endpoint: 'completions', stream: true, outcome: 'success', inputTokens: 4 });
    expect(streamed.usageEstimated).toBe(false);
    expect(streamed.costUsd).toBeGreaterThan(0);

    const withUsage = await client.completions.create({
      model: 'general',
      prompt: 'count',
      stream: true,
      stream_options: { include_usage: true },
    });
    let reported = 0;
    for await (const chunk of withUsage) reported += chunk.usage?.prompt_tokens ?? 0;
    expect(reported).toBe(2);
  });

  it('end a stream cut after the first chunk with an error event, and log it', async () => {
    const primary = await mock({ name: 'primary', chunkDelayMs: 5, chunkCount: 6 });
    const test = await gatewayFor({
      version: 1,
      targets: { primary: openAiTarget(primary) },
      routes: { general: { weights: { primary: 1 } } },
    });
    cleanups.push(
      () => primary.close(),
      () => test.gateway.close(),
    );
    primary.setFault('cut-stream');
    const response = await fetch(`${test.gateway.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clientKey}` },
      body: JSON.stringify({ model: 'general', prompt: 'a longer prompt to cut', stream: true }),
    });
    const text = await response.text();
    expect(text).toContain('"code":"stream_cut"');
    expect(test.rows()[0]).toMatchObject({ outcome: 'error', errorClass: 'stream_cut', endpoint: 'completions' });
  });
});

describe('responses', () => {
  it('plain and streaming pass through to OpenAI-compatible targets', async () => {
    const { test, client } = await setup();
    const plain = await client.responses.create({ model: 'general', input: 'Tell me a story' });
    expect(plain.object).toBe('response');
    expect(plain.output_text).toBe('Tell me a story');
    expect(plain.usage?.input_tokens).toBe(4);

    const stream = await client.responses.create({
      model: 'general',
      input: [{ role: 'user', content: 'Streamed story' }],
      stream: true,
    });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    expect(text).toBe('Streamed story');
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(test.rows().map((row) => [row.endpoint, row.stream, row.outcome, row.inputTokens])).toEqual([
      ['responses', false, 'success', 4],
      ['responses', true, 'success', 4],
    ]);
  });

  it('answer 400 for a route whose targets cannot speak it', async () => {
    const { client } = await setup();
    const refused = await client.responses.create({ model: 'claude', input: 'x' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).message).toContain(
      'Anthropic targets serve only chat completions',
    );
  });
});
