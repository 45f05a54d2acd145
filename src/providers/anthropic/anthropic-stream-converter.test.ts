import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../types.ts';
import {
  joinedContent,
  joinedToolCalls,
  randomCuts,
  readFixtureBytes,
  replay,
  type ReplayResult,
} from '../testing/replay-fixture.ts';
import { createAnthropicStreamConverter } from './anthropic-stream-converter.ts';
import { SseEventTooLargeError } from '../sse.ts';

const withUsage: ChatCompletionRequest = {
  model: 'claude',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  stream_options: { include_usage: true },
};
const withoutUsage: ChatCompletionRequest = {
  model: 'claude',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
};
const clock = (): number => 1_750_000_000;
const fixture = (name: string): Uint8Array =>
  readFixtureBytes(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url));

function replayEverywhere(name: string, request: ChatCompletionRequest): ReplayResult {
  const bytes = fixture(name);
  const whole = replay(createAnthropicStreamConverter(request, clock), bytes, []);
  for (let offset = 1; offset < bytes.length; offset += 1) {
    expect(replay(createAnthropicStreamConverter(request, clock), bytes, [offset])).toEqual(whole);
  }
  for (let seed = 1; seed <= 40; seed += 1) {
    expect(
      replay(createAnthropicStreamConverter(request, clock), bytes, randomCuts(bytes.length, 2 + seed, seed)),
    ).toEqual(whole);
  }
  return whole;
}

describe('Anthropic stream converter', () => {
  it('turns a text stream into OpenAI chunks with role, content, finish_reason and a usage chunk', () => {
    const result = replayEverywhere('anthropic-text', withUsage);
    expect(result.complete).toBe(true);
    expect(result.error).toBeUndefined();
    expect(result.chunks[0]).toEqual({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      object: 'chat.completion.chunk',
      created: 1_750_000_000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    expect(joinedContent(result.chunks)).toBe('Bonjour! Café ☕ et 日本語.');
    expect(result.chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    // input 25 + cache read 1000 + cache write 200; output from message_delta.
    expect(result.usage).toEqual({
      inputTokens: 1225,
      outputTokens: 12,
      cachedInputTokens: 1000,
      cacheWriteInputTokens: 200,
      estimated: false,
    });
    expect(result.chunks.at(-1)).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 1225,
        completion_tokens: 12,
        total_tokens: 1237,
        prompt_tokens_details: { cached_tokens: 1000 },
      },
    });
  });

  it('sends no usage chunk when the client did not ask for it', () => {
    const result = replay(createAnthropicStreamConverter(withoutUsage, clock), fixture('anthropic-text'), []);
    expect(result.chunks.every((chunk) => chunk.choices.length === 1 && chunk.usage === undefined)).toBe(true);
    expect(result.usage?.outputTokens).toBe(12);
  });

  it('turns tool_use blocks into indexed tool_call deltas', () => {
    const result = replayEverywhere('anthropic-tool-use', withUsage);
    expect(result.complete).toBe(true);
    expect(joinedContent(result.chunks)).toBe('Let me check the weather.');
    expect(joinedToolCalls(result.chunks)).toEqual([
      { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: '{"city": "Paris", "unit": "c"}' },
      { id: 'toolu_02Tokyo', name: 'get_time', arguments: '{"zone": "Asia/東京"}' },
    ]);
    const firstToolChunk = result.chunks.find((chunk) => chunk.choices[0]?.delta.tool_calls !== undefined);
    expect(firstToolChunk?.choices[0]?.delta.tool_calls).toEqual([
      {
        index: 0,
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        type: 'function',
        function: { name: 'get_weather', arguments: '' },
      },
    ]);
    expect(result.chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(result.usage).toEqual({
      inputTokens: 412,
      outputTokens: 89,
      cachedInputTokens: 0,
      estimated: false,
    });
  });

  it('reports a stream cut mid-way as incomplete at every split point', () => {
    const result = replayEverywhere('anthropic-cut', withUsage);
    expect(result.complete).toBe(false);
    expect(result.error).toMatch(/^upstream stream was cut mid-event after 6 events$/);
    expect(joinedContent(result.chunks)).toBe('Bonjour! Café ☕ et');
    expect(result.usage).toEqual({
      inputTokens: 1225,
      outputTokens: 1,
      cachedInputTokens: 1000,
      cacheWriteInputTokens: 200,
      estimated: false,
    });
  });

  it('reports an error event', () => {
    const result = replayEverywhere('anthropic-error', withUsage);
    expect(result).toMatchObject({
      complete: false,
      error: 'upstream sent an error event: overloaded_error: Overloaded',
    });
  });

  it('skips unknown event types and unknown delta types', () => {
    const text = new TextDecoder()
      .decode(fixture('anthropic-text'))
      .replace(
        'event: ping',
        'event: future_event\ndata: {"type":"future_event","x":1}\n\nevent: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}\n\nevent: ping',
      );
    const result = replay(createAnthropicStreamConverter(withUsage, clock), new TextEncoder().encode(text), []);
    expect(result.complete).toBe(true);
    expect(joinedContent(result.chunks)).toBe('Bonjour! Café ☕ et 日本語.');
  });
});

describe('Anthropic stream converter: JSON answers, thinking and stop reasons', () => {
  const wantsJson: ChatCompletionRequest = {
    ...withoutUsage,
    response_format: { type: 'json_schema', json_schema: { name: 'weather', schema: { type: 'object' } } },
  };

  it('streams a call to the JSON-answer tool as content and finishes with stop', () => {
    const result = replayEverywhere('anthropic-json-tool', wantsJson);
    expect(result.complete).toBe(true);
    expect(joinedContent(result.chunks)).toBe('{"city": "Paris", "sky": "clear"}');
    expect(joinedToolCalls(result.chunks)).toEqual([]);
    expect(result.chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('streams the same tool as a tool call when the request did not ask for JSON', () => {
    const result = replayEverywhere('anthropic-json-tool', withoutUsage);
    expect(joinedToolCalls(result.chunks)).toEqual([
      { id: 'toolu_01Json', name: 'json_response', arguments: '{"city": "Paris", "sky": "clear"}' },
    ]);
    expect(result.chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('skips thinking blocks and maps a refusal to content_filter', () => {
    const result = replayEverywhere('anthropic-thinking-refusal', withoutUsage);
    expect(result.complete).toBe(true);
    expect(joinedContent(result.chunks)).toBe('I can');
    expect(result.chunks.at(-1)?.choices[0]?.finish_reason).toBe('content_filter');
  });

  it('maps model_context_window_exceeded to length and keeps an unknown reason as it came', () => {
    const stream = (stopReason: string): Uint8Array =>
      new TextEncoder().encode(
        [
          'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"c","usage":{"input_tokens":1}}}\n\n',
          `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"${stopReason}"}}\n\n`,
          'event: message_stop\ndata: {"type":"message_stop"}\n\n',
        ].join(''),
      );
    for (const [stopReason, finishReason] of [
      ['model_context_window_exceeded', 'length'],
      ['a_reason_added_later', 'a_reason_added_later'],
    ]) {
      const result = replay(createAnthropicStreamConverter(withoutUsage, clock), stream(stopReason), []);
      expect(result.chunks.at(-1)?.choices[0]?.finish_reason).toBe(finishReason);
    }
  });
});

describe('event size cap', () => {
  it("refuses an SSE event larger than the target's maxEventBytes", () => {
    const converter = createAnthropicStreamConverter(withoutUsage, clock, { maxEventBytes: 1024 });
    const huge = `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${'x'.repeat(4096)}"}}\n\n`;
    expect(() => converter.push(new TextEncoder().encode(huge))).toThrow(SseEventTooLargeError);
    const roomy = createAnthropicStreamConverter(withoutUsage, clock);
    expect(() => roomy.push(new TextEncoder().encode(huge))).not.toThrow();
  });
});
