import { describe, expect, it } from 'vitest';
import { ProviderResponseError } from '../provider-errors.ts';
import type { ChatCompletionRequest } from '../types.ts';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.ts';
import { mapOpenAIUsage, toOpenAIUsage } from './map-openai-usage.ts';

const adapter = createOpenAICompatibleAdapter('openai-compatible');

describe('OpenAI-compatible buildRequest', () => {
  const request: ChatCompletionRequest = {
    model: 'chat-default',
    messages: [{ role: 'user', content: 'Hi' }],
    temperature: 0.2,
    response_format: { type: 'json_object' },
    tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
    seed: 7,
    logit_bias: { '50256': -100 },
  };

  it('posts to {baseUrl}/chat/completions with a bearer key and every client field, model replaced', () => {
    const built = adapter.buildRequest(request, {
      baseUrl: 'http://127.0.0.1:8000/v1/',
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      apiKey: 'sk-test',
      headers: { 'x-extra': '1' },
    });
    expect(built.url).toBe('http://127.0.0.1:8000/v1/chat/completions');
    expect(built.method).toBe('POST');
    expect(built.headers).toMatchObject({
      authorization: 'Bearer sk-test',
      'content-type': 'application/json',
      'x-extra': '1',
    });
    expect(JSON.parse(built.body)).toEqual({ ...request, model: 'meta-llama/Llama-3.1-8B-Instruct' });
  });

  it('omits authorization without a key', () => {
    expect(adapter.buildRequest(request, { baseUrl: 'http://h/v1', model: 'm' }).headers.authorization).toBeUndefined();
  });

  it('forces stream_options.include_usage when streaming, keeping other stream options', () => {
    const built = adapter.buildRequest(
      { ...request, stream: true, stream_options: { include_usage: false, extra: 1 } as { include_usage?: boolean } },
      { baseUrl: 'http://h/v1', model: 'm' },
    );
    expect(JSON.parse(built.body).stream_options).toEqual({ include_usage: true, extra: 1 });
    expect(
      JSON.parse(adapter.buildRequest(request, { baseUrl: 'http://h/v1', model: 'm' }).body).stream_options,
    ).toBeUndefined();
  });
});

describe('OpenAI-compatible parseResponse', () => {
  it('passes the body through and maps usage with cached tokens', () => {
    const body = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini',
      system_fingerprint: 'fp',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 1200,
        completion_tokens: 80,
        total_tokens: 1280,
        prompt_tokens_details: { cached_tokens: 1024 },
      },
    };
    const { response, usage } = adapter.parseResponse(body, { model: 'x', messages: [] });
    expect(response).toBe(body);
    expect(usage).toEqual({ inputTokens: 1200, outputTokens: 80, cachedInputTokens: 1024, estimated: false });
  });

  it('returns undefined usage when the upstream sent none', () => {
    expect(adapter.parseResponse({ choices: [] }, { model: 'x', messages: [] }).usage).toBeUndefined();
  });

  it('rejects bodies that are not chat completions', () => {
    expect(() => adapter.parseResponse('nope', { model: 'x', messages: [] })).toThrow(ProviderResponseError);
    expect(() => adapter.parseResponse({ error: { message: 'bad key' } }, { model: 'x', messages: [] })).toThrow(
      'upstream returned an error: bad key',
    );
  });
});

describe('usage mapping', () => {
  it('matches the documented examples', () => {
    expect(
      mapOpenAIUsage({ prompt_tokens: 1200, completion_tokens: 80, prompt_tokens_details: { cached_tokens: 1024 } }),
    ).toEqual({ inputTokens: 1200, outputTokens: 80, cachedInputTokens: 1024, estimated: false });
    expect(mapOpenAIUsage(null)).toBeUndefined();
    expect(toOpenAIUsage({ inputTokens: 1200, outputTokens: 80, cachedInputTokens: 1024, estimated: false })).toEqual({
      prompt_tokens: 1200,
      completion_tokens: 80,
      total_tokens: 1280,
      prompt_tokens_details: { cached_tokens: 1024 },
    });
  });
});
