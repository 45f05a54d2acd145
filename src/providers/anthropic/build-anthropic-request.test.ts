import { describe, expect, it } from 'vitest';
import { ProviderRequestError } from '../provider-errors.ts';
import { withTranslationOptions } from '../translation-options.ts';
import type { ChatCompletionRequest, ChatTool } from '../types.ts';
import { toAnthropicMessagesRequest } from './build-anthropic-request.ts';
import { convertAnthropicResponse } from './convert-anthropic-response.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { findUnsupportedAnthropicParams } from './find-unsupported-anthropic-params.ts';
import { JSON_RESPONSE_TOOL_NAME, prepareAnthropicResponseFormat } from './prepare-anthropic-response-format.ts';
import { prepareAnthropicThinking } from './prepare-anthropic-thinking.ts';

const base: ChatCompletionRequest = { model: 'x', messages: [{ role: 'user', content: 'Hi' }] };
const lenient = (request: ChatCompletionRequest): ChatCompletionRequest =>
  withTranslationOptions(request, { dropUnsupportedParams: true });
const build = (request: ChatCompletionRequest) => toAnthropicMessagesRequest(request, 'claude');

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ProviderRequestError) return error.field;
    throw error;
  }
  return undefined;
}

const weatherTool: ChatTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
};
const jsonSchemaFormat = {
  type: 'json_schema' as const,
  json_schema: { name: 'report', schema: { type: 'object', properties: { sky: { type: 'string' } } } },
};

describe('findUnsupportedAnthropicParams', () => {
  it('findUnsupportedAnthropicParams: the doc example ({n: 2, logprobs: false, seed: 7} -> n, seed)', () => {
    expect(
      findUnsupportedAnthropicParams({ ...base, n: 2, logprobs: false, seed: 7 }).map((found) => found.field),
    ).toEqual(['n', 'seed']);
  });

  it('passes default values and hints, lists the rest', () => {
    const defaults = {
      ...base,
      n: 1,
      logprobs: false,
      top_logprobs: 0,
      frequency_penalty: 0,
      presence_penalty: 0,
      logit_bias: {},
      modalities: ['text'],
      verbosity: 'medium',
      store: true,
      service_tier: 'auto',
      prompt_cache_key: 'k',
    };
    expect(findUnsupportedAnthropicParams(defaults)).toEqual([]);
    const asking = {
      ...base,
      top_logprobs: 2,
      frequency_penalty: 0.1,
      presence_penalty: 0.1,
      logit_bias: { '1': 2 },
      audio: { voice: 'alloy' },
      modalities: ['text', 'audio'],
      prediction: { type: 'content', content: 'x' },
      web_search_options: {},
      verbosity: 'low',
    };
    expect(findUnsupportedAnthropicParams(asking).map((found) => found.field)).toEqual([
      'top_logprobs',
      'frequency_penalty',
      'presence_penalty',
      'logit_bias',
      'audio',
      'modalities',
      'prediction',
      'web_search_options',
      'verbosity',
    ]);
  });

  it('refuses the first one naming it, unless the request carries dropUnsupportedParams', () => {
    expect(() => build({ ...base, n: 2 })).toThrow(
      "n: 2 (more than one choice) has no equivalent in Anthropic's Messages API; omit it, send it to an OpenAI-compatible target, or set dropUnsupportedParams: true on the route",
    );
    expect(fieldOf(() => build({ ...base, logprobs: true }))).toBe('logprobs');
    const dropped = build(lenient({ ...base, n: 2, logprobs: true, seed: 3 }));
    expect(dropped).toEqual({
      model: 'claude',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });
});

describe('prepareAnthropicThinking', () => {
  it('prepareAnthropicThinking: the doc examples (high -> 4096 / 8192; medium, 3000 -> 2048; high, 3000 -> 1500)', () => {
    expect(prepareAnthropicThinking('high', undefined, 'max_tokens')).toEqual({
      maxTokens: 8192,
      thinking: { type: 'enabled', budget_tokens: 4096 },
    });
    expect(prepareAnthropicThinking('medium', 3000, 'max_completion_tokens')).toEqual({
      maxTokens: 3000,
      thinking: { type: 'enabled', budget_tokens: 2048 },
    });
    expect(prepareAnthropicThinking('high', 3000, 'max_tokens').thinking).toEqual({
      type: 'enabled',
      budget_tokens: 1500,
    });
  });

  it('sends no thinking for none or no effort, and names the field it cannot honour', () => {
    expect(prepareAnthropicThinking(undefined, 500, 'max_tokens')).toEqual({ maxTokens: 500, thinking: undefined });
    expect(prepareAnthropicThinking('none', undefined, 'max_tokens')).toEqual({ maxTokens: 4096, thinking: undefined });
    expect(prepareAnthropicThinking('minimal', 1500, 'max_tokens').thinking?.budget_tokens).toBe(1024);
    expect(fieldOf(() => prepareAnthropicThinking('low', 1024, 'max_completion_tokens'))).toBe('max_completion_tokens');
    expect(fieldOf(() => prepareAnthropicThinking('extreme', undefined, 'max_tokens'))).toBe('reasoning_effort');
  });

  it('refuses what extended thinking does not allow, or drops it on a lenient route', () => {
    const thinking = { ...base, reasoning_effort: 'low' };
    expect(build({ ...thinking, temperature: 1, top_p: 0.95 })).toMatchObject({ temperature: 1, top_p: 0.95 });
    expect(fieldOf(() => build({ ...thinking, temperature: 0.3 }))).toBe('temperature');
    expect(fieldOf(() => build({ ...thinking, top_p: 0.5 }))).toBe('top_p');
    expect(fieldOf(() => build({ ...thinking, top_k: 40 }))).toBe('top_k');
    const dropped = build(lenient({ ...thinking, temperature: 0.3, top_p: 0.5, top_k: 40 }));
    expect(dropped).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 1024 }, max_tokens: 5120 });
    expect([dropped.temperature, dropped.top_p, dropped.top_k]).toEqual([undefined, undefined, undefined]);
    // A forced tool (here the JSON answer) excludes thinking: refused, or the thinking is dropped.
    const withJson = { ...thinking, response_format: jsonSchemaFormat };
    expect(fieldOf(() => build(withJson))).toBe('reasoning_effort');
    expect(build(lenient(withJson))).toMatchObject({ max_tokens: 4096, tool_choice: { type: 'tool' } });
    expect(build(lenient(withJson)).thinking).toBeUndefined();
    expect(fieldOf(() => build({ ...thinking, tools: [weatherTool], tool_choice: 'required' }))).toBe(
      'reasoning_effort',
    );
    expect(build({ ...thinking, tools: [weatherTool] }).tool_choice).toBeUndefined();
  });
});

describe('response_format as a forced tool', () => {
  it('prepareAnthropicResponseFormat: the doc example (json_schema -> the json_response tool with its schema)', () => {
    expect(prepareAnthropicResponseFormat({ ...base, response_format: jsonSchemaFormat })).toEqual({
      name: JSON_RESPONSE_TOOL_NAME,
      description: 'Respond with the report JSON object.',
      input_schema: jsonSchemaFormat.json_schema.schema,
    });
    expect(prepareAnthropicResponseFormat({ ...base, response_format: { type: 'json_object' } })?.input_schema).toEqual(
      {
        type: 'object',
        additionalProperties: true,
      },
    );
    expect(prepareAnthropicResponseFormat({ ...base, response_format: { type: 'text' } })).toBeUndefined();
  });

  it('combines with the client tools by tool_choice', () => {
    const withTools = { ...base, response_format: jsonSchemaFormat, tools: [weatherTool] };
    const names = (request: ChatCompletionRequest) => build(request).tools?.map((tool) => tool.name);
    expect(build(withTools).tool_choice).toEqual({ type: 'any' });
    expect(names(withTools)).toEqual(['get_weather', JSON_RESPONSE_TOOL_NAME]);
    expect(build({ ...withTools, parallel_tool_calls: false }).tool_choice).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
    expect(build({ ...withTools, tool_choice: 'none' }).tool_choice).toEqual({
      type: 'tool',
      name: JSON_RESPONSE_TOOL_NAME,
    });
    expect(build({ ...withTools, tool_choice: 'required' }).tool_choice).toEqual({ type: 'any' });
    expect(names({ ...withTools, tool_choice: 'required' })).toEqual(['get_weather']);
  });

  it('refuses a reserved tool name and a schema whose root is not an object', () => {
    const clash: ChatTool = { type: 'function', function: { name: JSON_RESPONSE_TOOL_NAME } };
    expect(
      fieldOf(() => build({ ...base, response_format: { type: 'json_object' }, tools: [weatherTool, clash] })),
    ).toBe('tools[1].function.name');
    const arraySchema = { type: 'json_schema' as const, json_schema: { name: 'list', schema: { type: 'array' } } };
    expect(fieldOf(() => build({ ...base, response_format: arraySchema }))).toBe(
      'response_format.json_schema.schema.type',
    );
  });

  it('answers with the tool input as content, dropping prose; other tool calls stay tool calls', () => {
    const body = (content: unknown[]) => ({
      id: 'm',
      model: 'c',
      content,
      stop_reason: 'tool_use',
      usage: { input_tokens: 1, output_tokens: 2 },
    });
    const json = { type: 'tool_use', id: 't1', name: JSON_RESPONSE_TOOL_NAME, input: { sky: 'clear' } };
    const weather = { type: 'tool_use', id: 't2', name: 'get_weather', input: {} };
    const answered = convertAnthropicResponse(
      body([{ type: 'text', text: 'Here:' }, json]),
      1,
      JSON_RESPONSE_TOOL_NAME,
    );
    expect(answered.response.choices[0]).toEqual({
      index: 0,
      finish_reason: 'stop',
      message: { role: 'assistant', content: '{"sky":"clear"}' },
    });
    const calling = convertAnthropicResponse(body([weather]), 1, JSON_RESPONSE_TOOL_NAME);
    expect(calling.response.choices[0].finish_reason).toBe('tool_calls');
    expect(calling.response.choices[0].message.tool_calls?.[0]?.function.name).toBe('get_weather');
    const thinking = { type: 'thinking', thinking: 'hmm', signature: 'sig' };
    const plain = convertAnthropicResponse(
      { ...body([thinking, { type: 'text', text: 'Hi' }]), stop_reason: 'end_turn' },
      1,
    );
    expect(plain.response.choices[0].message).toEqual({ role: 'assistant', content: 'Hi' });
  });
});

describe('cache_control on content parts', () => {
  it('stays on the blocks made from the parts; a marked system prompt becomes blocks', () => {
    const converted = convertToAnthropicMessages([
      { role: 'system', content: 'Rules.' },
      {
        role: 'system',
        content: [{ type: 'text', text: 'Long context', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' }, cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'Describe', cache_control: { type: 'ephemeral' } },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Calling.', cache_control: { type: 'ephemeral' } }],
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      {
        role: 'tool',
        tool_call_id: 'c1',
        content: [{ type: 'text', text: 'ok', cache_control: { type: 'ephemeral' } }],
      },
    ]);
    expect(converted.system).toEqual([
      { type: 'text', text: 'Rules.' },
      { type: 'text', text: 'Long context', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ]);
    expect(converted.messages).toEqual([
      {
        role: 'user',
        content: [
          {
            type: 'image',
            source: { type: 'url', url: 'https://example.com/a.png' },
            cache_control: { type: 'ephemeral' },
          },
          { type: 'text', text: 'Describe', cache_control: { type: 'ephemeral' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Calling.', cache_control: { type: 'ephemeral' } },
          { type: 'tool_use', id: 'c1', name: 'f', input: {} },
        ],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'c1', content: 'ok', cache_control: { type: 'ephemeral' } }],
      },
    ]);
  });
});
