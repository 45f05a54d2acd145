import { describe, expect, it } from 'vitest';
import { ProviderRequestError, ProviderResponseError } from '../provider-errors.ts';
import type { ChatCompletionRequest } from '../types.ts';
import { createAnthropicAdapter } from './anthropic-adapter.ts';
import { mapAnthropicUsage } from './map-anthropic-usage.ts';

const adapter = createAnthropicAdapter({ nowSeconds: () => 1_750_000_000 });
const target = { baseUrl: 'https://api.anthropic.com/v1', model: 'claude-sonnet-4-5', apiKey: 'sk-ant-test' };

describe('Anthropic buildRequest', () => {
  it('posts to {baseUrl}/messages with x-api-key, anthropic-version and a translated body', () => {
    const request: ChatCompletionRequest = {
      model: 'chat-default',
      messages: [
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Hi' },
      ],
      temperature: 0.5,
      top_p: 0.9,
      stop: 'END',
      stream: true,
      stream_options: { include_usage: true },
      response_format: { type: 'json_object' },
      user: 'user-42',
    };
    const built = adapter.buildRequest(request, target);
    expect(built.url).toBe('https://api.anthropic.com/v1/messages');
    expect(built.headers).toMatchObject({
      'x-api-key': 'sk-ant-test',
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    });
    expect(built.headers.authorization).toBeUndefined();
    expect(JSON.parse(built.body)).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: 'Be brief',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      temperature: 0.5,
      top_p: 0.9,
      stop_sequences: ['END'],
      stream: true,
      metadata: { user_id: 'user-42' },
      // response_format json_object: the answer comes through a forced tool taking any object.
      tools: [
        {
          name: 'json_response',
          description: 'Respond with a JSON object.',
          input_schema: { type: 'object', additionalProperties: true },
        },
      ],
      tool_choice: { type: 'tool', name: 'json_response' },
    });
  });

  it('takes max_completion_tokens over max_tokens and rejects a bad one naming the field', () => {
    const base: ChatCompletionRequest = { model: 'x', messages: [{ role: 'user', content: 'Hi' }] };
    expect(
      JSON.parse(adapter.buildRequest({ ...base, max_tokens: 100, max_completion_tokens: 200 }, target).body)
        .max_tokens,
    ).toBe(200);
    expect(JSON.parse(adapter.buildRequest({ ...base, max_tokens: 100, stop: ['a', 'b'] }, target).body)).toMatchObject(
      { max_tokens: 100, stop_sequences: ['a', 'b'] },
    );
    expect(() => adapter.buildRequest({ ...base, max_tokens: 0 }, target)).toThrow(ProviderRequestError);
    expect(() => adapter.buildRequest({ ...base, max_tokens: 0 }, target)).toThrow(
      'max_tokens: must be a positive integer, got 0',
    );
  });
});

describe('Anthropic parseResponse', () => {
  it('converts text and tool_use content, stop reason and usage', () => {
    const { response, usage } = adapter.parseResponse(
      {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: [
          { type: 'text', text: 'Let me check. ' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: 50, output_tokens: 30, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200 },
      },
      { model: 'x', messages: [] },
    );
    expect(response).toEqual({
      id: 'msg_1',
      object: 'chat.completion',
      created: 1_750_000_000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'Let me check. ',
            tool_calls: [
              { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 1250,
        completion_tokens: 30,
        total_tokens: 1280,
        prompt_tokens_details: { cached_tokens: 1000 },
      },
    });
    expect(usage).toEqual({
      inputTokens: 1250,
      outputTokens: 30,
      cachedInputTokens: 1000,
      cacheWriteInputTokens: 200,
      estimated: false,
    });
  });

  it('maps max_tokens to length and rejects a body of the wrong shape', () => {
    const { response } = adapter.parseResponse(
      {
        id: 'm',
        model: 'c',
        content: [{ type: 'text', text: 'cut' }],
        stop_reason: 'max_tokens',
        usage: { input_tokens: 1, output_tokens: 2 },
      },
      { model: 'x', messages: [] },
    );
    expect(response.choices[0]).toEqual({
      index: 0,
      finish_reason: 'length',
      message: { role: 'assistant', content: 'cut' },
    });
    expect(() =>
      adapter.parseResponse({ type: 'error', error: { message: 'x' } }, { model: 'x', messages: [] }),
    ).toThrow(ProviderResponseError);
  });
});

describe('mapAnthropicUsage', () => {
  it('mapAnthropicUsage: matches the documented example (cache reads and writes added back)', () => {
    expect(
      mapAnthropicUsage({
        input_tokens: 50,
        cache_read_input_tokens: 1000,
        cache_creation_input_tokens: 200,
        output_tokens: 30,
      }),
    ).toEqual({
      inputTokens: 1250,
      outputTokens: 30,
      cachedInputTokens: 1000,
      cacheWriteInputTokens: 200,
      estimated: false,
    });
  });
});
