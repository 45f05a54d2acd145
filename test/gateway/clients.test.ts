import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { clientKey, gatewayFor, mock, openAiTarget } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function setup(kind: 'openai-compatible' | 'anthropic') {
  const upstream = await mock({ name: kind, cachedInputTokens: 2 });
  const target =
    kind === 'anthropic'
      ? { provider: 'anthropic', baseUrl: upstream.url, model: 'claude-sonnet-4-20250514' }
      : openAiTarget(upstream, { model: 'gpt-4.1-mini' });
  const test = await gatewayFor({
    version: 1,
    targets: { upstream: target },
    routes: { 'chat-default': { weights: { upstream: 1 } } },
  });
  cleanups.push(
    () => upstream.close(),
    () => test.gateway.close(),
  );
  const client = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: clientKey, maxRetries: 0 });
  return { upstream, test, client };
}

describe('the official openai client pointed at the gateway', () => {
  for (const kind of ['openai-compatible', 'anthropic'] as const) {
    it(`plain and streaming calls work (${kind} upstream)`, async () => {
      const { upstream, test, client } = await setup(kind);
      const completion = await client.chat.completions.create({
        model: 'chat-default',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hello to the gateway' },
        ],
      });
      expect(completion.object).toBe('chat.completion');
      expect(completion.choices[0].message.content).toContain('hello to the gateway');
      expect(completion.choices[0].finish_reason).toBe('stop');
      expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);

      const stream = await client.chat.completions.create({
        model: 'chat-default',
        messages: [{ role: 'user', content: 'Stream this reply please' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let promptTokens = 0;
      let finishReason: string | null = null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
        promptTokens = chunk.usage?.prompt_tokens ?? promptTokens;
      }
      expect(text).toContain('Stream this reply please');
      expect(finishReason).toBe('stop');
      expect(promptTokens).toBeGreaterThan(0);

      if (kind === 'anthropic') {
        expect(upstream.stats().messages).toBe(2);
        const sent = upstream.stats().lastRequest?.body as { system?: unknown; model: string };
        expect(sent.model).toBe('claude-sonnet-4-20250514');
      }
      const rows = test.rows();
      expect(rows.map((row) => [row.outcome, row.stream, row.providerKind])).toEqual([
        ['success', false, kind],
        ['success', true, kind],
      ]);
      expect(rows[0].usageEstimated).toBe(false);
      expect(rows[0].cachedInputTokens).toBe(2);
      // Priced from the built-in catalog by the target's model name.
      expect(rows[0].costUsd).toBeGreaterThan(0);
    });
  }

  it('surfaces gateway errors as APIError with the OpenAI shape', async () => {
    const { client } = await setup('openai-compatible');
    await expect(
      client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('tools and response_format are passed through to an OpenAI-compatible upstream', async () => {
    const { upstream, client } = await setup('openai-compatible');
    await client.chat.completions.create({
      model: 'chat-default',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
      response_format: { type: 'json_object' },
    });
    const sent = upstream.stats().lastRequest?.body as Record<string, unknown>;
    expect(sent.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } },
    ]);
    expect(sent.response_format).toEqual({ type: 'json_object' });
    expect(sent.model).toBe('gpt-4.1-mini');
  });

  it('marks usage as estimated when the upstream reports none', async () => {
    const { upstream, test, client } = await setup('openai-compatible');
    upstream.setFault('no-usage');
    await client.chat.completions.create({
      model: 'chat-default',
      messages: [{ role: 'user', content: 'Hello world' }],
    });
    expect(test.rows()[0]).toMatchObject({ usageEstimated: true, inputTokens: 9 });
  });
});
