/**
 * Fault 3 of issue 11: the OpenAI -> Anthropic translation, end to end on loopback (the official
 * openai client -> gateway -> mock upstream speaking the Messages API). Structured output goes
 * through a forced tool whose input comes back as the message content; parameters with no
 * Anthropic equivalent are refused with a 400 naming them unless the route drops them;
 * reasoning_effort becomes extended thinking; cache_control reaches the upstream blocks; cache
 * writes are priced at their rate.
 */
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { MockUpstream } from '../../src/gateway/mock-upstream/index.ts';
import { clientKey, gatewayFor, mock, type TestGateway } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** A gateway with one route, `claude`, to an Anthropic mock (`route` adds settings to it). */
async function setup(
  route: Record<string, unknown> = {},
): Promise<{ upstream: MockUpstream; test: TestGateway; client: OpenAI }> {
  const upstream = await mock({ name: 'anthropic' });
  const test = await gatewayFor({
    version: 1,
    targets: { claude: { provider: 'anthropic', baseUrl: upstream.url, model: 'claude-sonnet-4-20250514' } },
    routes: { claude: { weights: { claude: 1 }, ...route } },
  });
  cleanups.push(
    () => upstream.close(),
    () => test.gateway.close(),
  );
  const client = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: clientKey, maxRetries: 0 });
  return { upstream, test, client };
}

function sentBody(upstream: MockUpstream): Record<string, unknown> {
  return upstream.stats().lastRequest?.body as Record<string, unknown>;
}

const weatherSchema = {
  type: 'object',
  properties: { echo: { type: 'string' } },
  required: ['echo'],
  additionalProperties: false,
};

describe('response_format json_schema on an Anthropic target', () => {
  it('is sent as a forced tool and answered as JSON content (JSON and streaming)', async () => {
    const { upstream, client } = await setup();
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'Sunny in Paris' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'weather_report', description: 'A weather report', schema: weatherSchema, strict: true },
      },
    });
    const choice = completion.choices[0];
    expect(choice.finish_reason).toBe('stop');
    expect(choice.message.tool_calls).toBeUndefined();
    expect(JSON.parse(choice.message.content ?? 'null')).toEqual({ echo: 'Sunny in Paris' });
    const sent = sentBody(upstream);
    expect(sent.tools).toEqual([
      { name: 'json_response', description: 'A weather report', input_schema: weatherSchema },
    ]);
    expect(sent.tool_choice).toEqual({ type: 'tool', name: 'json_response' });

    const stream = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'Rain in Oslo' }],
      response_format: { type: 'json_schema', json_schema: { name: 'weather_report', schema: weatherSchema } },
      stream: true,
    });
    let content = '';
    let finishReason: string | null = null;
    let sawToolCalls = false;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      content += delta?.content ?? '';
      if (delta?.tool_calls !== undefined) sawToolCalls = true;
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    }
    expect(JSON.parse(content)).toEqual({ echo: 'Rain in Oslo' });
    expect(finishReason).toBe('stop');
    expect(sawToolCalls).toBe(false);
  });

  it('json_object becomes a forced tool taking any object', async () => {
    const { upstream, client } = await setup();
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'Give me JSON' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(completion.choices[0].message.content ?? 'null')).toEqual({ echo: 'Give me JSON' });
    expect(sentBody(upstream).tool_choice).toEqual({ type: 'tool', name: 'json_response' });
  });
});

describe('parameters with no Anthropic equivalent', () => {
  it('are answered 400 naming the parameter, and nothing reaches the upstream', async () => {
    const { upstream, client } = await setup();
    const base = { model: 'claude', messages: [{ role: 'user' as const, content: 'hi' }] };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ n: 2 }, 'n'],
      [{ logprobs: true }, 'logprobs'],
      [{ logprobs: true, top_logprobs: 3 }, 'logprobs'],
      [{ frequency_penalty: 0.5 }, 'frequency_penalty'],
      [{ presence_penalty: -1 }, 'presence_penalty'],
      [{ seed: 42 }, 'seed'],
      [{ logit_bias: { '50256': -100 } }, 'logit_bias'],
    ];
    for (const [extra, param] of cases) {
      await expect(client.chat.completions.create({ ...base, ...extra }), param).rejects.toMatchObject({
        status: 400,
        param,
        type: 'invalid_request_error',
      });
    }
    expect(upstream.stats().messages).toBe(0);
    // Their default values are not a request for anything, so they pass.
    const defaults = await client.chat.completions.create({
      ...base,
      n: 1,
      logprobs: false,
      frequency_penalty: 0,
      presence_penalty: 0,
    });
    expect(defaults.choices[0].message.content).toBe('hi');
  });

  it('are dropped when the route sets dropUnsupportedParams', async () => {
    const { upstream, client } = await setup({ dropUnsupportedParams: true });
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'hi' }],
      n: 3,
      logprobs: true,
      top_logprobs: 2,
      seed: 1,
    });
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0].message.content).toBe('hi');
    const sent = sentBody(upstream);
    for (const field of ['n', 'logprobs', 'top_logprobs', 'seed']) expect(sent[field], field).toBeUndefined();
  });
});

describe('reasoning_effort and cache_control', () => {
  it('maps reasoning_effort to extended thinking with the documented budgets', async () => {
    const { upstream, client } = await setup();
    const messages = [{ role: 'user' as const, content: 'Think about it' }];
    await client.chat.completions.create({ model: 'claude', messages, reasoning_effort: 'high' });
    expect(sentBody(upstream)).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 4096 }, max_tokens: 8192 });
    await client.chat.completions.create({
      model: 'claude',
      messages,
      reasoning_effort: 'medium',
      max_completion_tokens: 3000,
    });
    expect(sentBody(upstream)).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 3000 });
    await expect(
      client.chat.completions.create({ model: 'claude', messages, reasoning_effort: 'high', temperature: 0.2 }),
    ).rejects.toMatchObject({ status: 400, param: 'temperature' });
  });

  it('passes cache_control on content parts and prices cache writes at the cache-write rate', async () => {
    const { upstream, test, client } = await setup();
    const system = 'S'.repeat(400);
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [
        {
          role: 'system',
          content: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } } as never],
        },
        { role: 'user', content: 'What is cached?' },
      ],
    });
    const sent = sentBody(upstream);
    expect(sent.system).toEqual([{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }]);
    expect(sent.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'What is cached?' }] }]);
    // The mock writes the prompt up to the last cache_control block to the cache: the 400-character
    // system prompt, 100 mock tokens; the question adds 4 uncached tokens and the echo answer is 4.
    expect(completion.usage).toMatchObject({ prompt_tokens: 104, completion_tokens: 4 });
    const row = test.rows()[0];
    expect(row).toMatchObject({ inputTokens: 104, cachedInputTokens: 0, outputTokens: 4 });
    // claude-sonnet-4: $3/M input, $3.75/M 5-minute cache writes, $15/M output:
    // 4 x 3 + 100 x 3.75 + 4 x 15 = 12 + 375 + 60 = $0.000447 (all at the input rate: $0.000372).
    expect(row.costUsd).toBeCloseTo(0.000447, 12);
  });
});
