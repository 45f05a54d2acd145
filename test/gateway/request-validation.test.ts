/**
 * Fault 4 of issue 11: malformed chat requests are answered 400 in OpenAI's error shape with
 * the path of the bad field, before any upstream sees them; unknown fields still pass through.
 */
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { chat, clientKey, gatewayFor, mock, openAiTarget } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function setup() {
  const openAiUpstream = await mock({ name: 'openai' });
  const anthropicUpstream = await mock({ name: 'anthropic' });
  const test = await gatewayFor({
    version: 1,
    targets: {
      openai: openAiTarget(openAiUpstream),
      claude: { provider: 'anthropic', baseUrl: anthropicUpstream.url, model: 'claude-sonnet-4-20250514' },
    },
    routes: { chat: { weights: { openai: 1 } }, claude: { weights: { claude: 1 } } },
  });
  cleanups.push(
    () => openAiUpstream.close(),
    () => anthropicUpstream.close(),
    () => test.gateway.close(),
  );
  return { openAiUpstream, anthropicUpstream, test };
}

const user = { role: 'user', content: 'Hello there' };

/** Bodies that must be refused, the `param` the answer names, and a word its message contains. */
const badBodies: Array<{ name: string; body: Record<string, unknown>; param: string; says: string }> = [
  { name: 'a null message', body: { messages: [null] }, param: 'messages[0]', says: 'object' },
  {
    name: 'an unknown role',
    body: { messages: [{ role: 'robot', content: 'hi' }] },
    param: 'messages[0].role',
    says: 'user',
  },
  { name: 'a missing role', body: { messages: [{ content: 'hi' }] }, param: 'messages[0].role', says: 'role' },
  {
    name: 'numeric content',
    body: { messages: [user, { role: 'user', content: 42 }] },
    param: 'messages[1].content',
    says: '42',
  },
  {
    name: 'a content part without a type',
    body: { messages: [{ role: 'user', content: [{ text: 'hi' }] }] },
    param: 'messages[0].content[0].type',
    says: 'string',
  },
  {
    name: 'a text part without text',
    body: { messages: [{ role: 'user', content: [{ type: 'text', text: 7 }] }] },
    param: 'messages[0].content[0].text',
    says: 'string',
  },
  {
    name: 'tool call arguments that are not a string',
    body: {
      messages: [
        user,
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: { a: 1 } } }],
        },
      ],
    },
    param: 'messages[1].tool_calls[0].function.arguments',
    says: 'string',
  },
  {
    name: 'a tool message without tool_call_id',
    body: { messages: [user, { role: 'tool', content: '42' }] },
    param: 'messages[1].tool_call_id',
    says: 'string',
  },
  { name: 'a string stream flag', body: { messages: [user], stream: 'yes' }, param: 'stream', says: 'boolean' },
  {
    name: 'stream_options as a string',
    body: { messages: [user], stream: true, stream_options: 'usage' },
    param: 'stream_options',
    says: 'object',
  },
  { name: 'a negative max_tokens', body: { messages: [user], max_tokens: -5 }, param: 'max_tokens', says: '-5' },
  {
    name: 'a string temperature',
    body: { messages: [user], temperature: 'hot' },
    param: 'temperature',
    says: 'number',
  },
  { name: 'a numeric stop', body: { messages: [user], stop: 5 }, param: 'stop', says: 'string' },
  {
    name: 'a tool without a function name',
    body: { messages: [user], tools: [{ type: 'function', function: { description: 'x' } }] },
    param: 'tools[0].function.name',
    says: 'string',
  },
  {
    name: 'an unknown response_format type',
    body: { messages: [user], response_format: { type: 'yaml' } },
    param: 'response_format.type',
    says: 'json_schema',
  },
  { name: 'messages that are not a list', body: { messages: 'hi' }, param: 'messages', says: 'array' },
  { name: 'no messages', body: { messages: [] }, param: 'messages', says: 'empty' },
];

describe('request validation', () => {
  for (const route of ['chat', 'claude'] as const) {
    it(`answers 400 naming the bad field, and sends nothing upstream (${route} route)`, async () => {
      const { openAiUpstream, anthropicUpstream, test } = await setup();
      for (const bad of badBodies) {
        const answer = await chat(test.gateway.url, { model: route, ...bad.body });
        const error = answer.json.error as Record<string, unknown> | undefined;
        expect({ case: bad.name, status: answer.status, param: error?.param, type: error?.type }).toEqual({
          case: bad.name,
          status: 400,
          param: bad.param,
          type: 'invalid_request_error',
        });
        expect(String(error?.message), bad.name).toContain(bad.says);
        expect(String(error?.message), bad.name).toContain(bad.param);
      }
      expect(openAiUpstream.stats().requests).toBe(0);
      expect(anthropicUpstream.stats().requests).toBe(0);
      expect(test.rows()).toEqual([]);
      expect(test.logLines.filter((line) => line.includes('internal error'))).toEqual([]);
    });
  }

  it('lets unknown fields and every valid message shape through to an OpenAI-compatible upstream', async () => {
    const { openAiUpstream, test } = await setup();
    const body = {
      model: 'chat',
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image_url', image_url: { url: 'x' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          refusal: null,
        },
        { role: 'tool', tool_call_id: 'call_1', content: '42' },
        { role: 'user', content: 'Thanks', name: 'ann', vendor_field: { keep: true } },
      ],
      stream: null,
      max_tokens: null,
      temperature: 0.2,
      seed: 7,
      service_tier: 'auto',
      prompt_cache_key: 'k-1',
      some_future_field: [1, 2, 3],
    };
    const answer = await chat(test.gateway.url, body);
    expect(answer.status).toBe(200);
    const sent = openAiUpstream.stats().lastRequest?.body as Record<string, unknown>;
    expect(sent.some_future_field).toEqual([1, 2, 3]);
    expect(sent.prompt_cache_key).toBe('k-1');
    expect(sent.seed).toBe(7);
    expect((sent.messages as unknown[])[4]).toEqual({
      role: 'user',
      content: 'Thanks',
      name: 'ann',
      vendor_field: { keep: true },
    });
  });

  it('surfaces the error to the official openai client as a BadRequestError with param', async () => {
    const { test } = await setup();
    const client = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: clientKey, maxRetries: 0 });
    await expect(
      client.chat.completions.create({
        model: 'claude',
        messages: [{ role: 'user', content: 'hi' }, { role: 'assistant' } as never, null as never],
      }),
    ).rejects.toMatchObject({ status: 400, param: 'messages[2]', type: 'invalid_request_error' });
  });
});
