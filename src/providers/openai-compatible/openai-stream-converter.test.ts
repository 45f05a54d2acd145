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
import { encodeSseChunks } from '../sse.ts';
import { createOpenAIStreamConverter } from './openai-stream-converter.ts';

const withUsage: ChatCompletionRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  stream_options: { include_usage: true },
};
const withoutUsage: ChatCompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true };

const fixture = (name: string): Uint8Array =>
  readFixtureBytes(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url));

/** Replays at every single split point and at 40 seeded random multi-way splits; all must agree with the unsplit run. */
function replayEverywhere(name: string, request: ChatCompletionRequest): ReplayResult {
  const bytes = fixture(name);
  const whole = replay(createOpenAIStreamConverter(request), bytes, []);
  for (let offset = 1; offset < bytes.length; offset += 1) {
    expect(replay(createOpenAIStreamConverter(request), bytes, [offset])).toEqual(whole);
  }
  for (let seed = 1; seed <= 40; seed += 1) {
    expect(replay(createOpenAIStreamConverter(request), bytes, randomCuts(bytes.length, 2 + seed, seed))).toEqual(
      whole,
    );
  }
  return whole;
}

describe('OpenAI stream converter', () => {
  it('passes text chunks through and takes usage (with cached tokens) from the final chunk', () => {
    const result = replayEverywhere('openai-text-usage', withUsage);
    expect(result.complete).toBe(true);
    expect(result.error).toBeUndefined();
    expect(joinedContent(result.chunks)).toBe('Café ☕ is served in 日本語 too.');
    expect(result.usage).toEqual({ inputTokens: 1200, outputTokens: 7, cachedInputTokens: 1024, estimated: false });
    expect(result.chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    const last = result.chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toBe(1207);
    expect(result.chunks[0]?.system_fingerprint).toBe('fp_06737a9306');
  });

  it('forwards each chunk as the JSON text the upstream sent (same value as re-serializing it)', () => {
    const upstreamText =
      '{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"caf\\u00e9"},"finish_reason":null}]}';
    const converter = createOpenAIStreamConverter(withoutUsage);
    const chunks = converter.push(new TextEncoder().encode(`data: ${upstreamText}\n\ndata: [DONE]\n\n`));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.choices[0]?.delta.content).toBe('café');
    expect(encodeSseChunks(chunks)).toBe(`data: ${upstreamText}\n\n`);
    expect(JSON.parse(upstreamText)).toEqual(JSON.parse(JSON.stringify(chunks[0])));
  });

  it('withholds the usage-only chunk from a client that did not ask for usage, but still reports usage', () => {
    const result = replay(createOpenAIStreamConverter(withoutUsage), fixture('openai-text-usage'), []);
    expect(result.chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
    expect(result.chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(result.usage?.inputTokens).toBe(1200);
    expect(result.complete).toBe(true);
  });

  it('streams parallel tool calls with their indexes', () => {
    const result = replayEverywhere('openai-tool-calls', withUsage);
    expect(result.complete).toBe(true);
    expect(joinedToolCalls(result.chunks)).toEqual([
      { id: 'call_weather_paris', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { id: 'call_weather_tokyo', name: 'get_weather', arguments: '{"city": "東京"}' },
    ]);
    expect(result.chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(result.usage).toEqual({ inputTokens: 82, outputTokens: 48, cachedInputTokens: 0, estimated: false });
  });

  it('reports a stream cut mid-way as incomplete, with an error, at every split point', () => {
    const result = replayEverywhere('openai-cut', withUsage);
    expect(result.complete).toBe(false);
    expect(result.error).toMatch(/cut mid-event after 5 chunks/);
    expect(result.usage).toBeUndefined();
    expect(joinedContent(result.chunks)).toBe('Café ☕ is served in');
  });

  it('accepts a finish_reason followed by the end of the body (no [DONE]) as complete, with no usage', () => {
    const result = replayEverywhere('openai-no-usage-no-done', withUsage);
    expect(result.complete).toBe(true);
    expect(result.usage).toBeUndefined();
    expect(joinedContent(result.chunks)).toBe('Hello! How can I help?');
  });

  it('reports a body that ends between chunks without finish_reason or [DONE]', () => {
    const bytes = fixture('openai-text-usage');
    const text = new TextDecoder().decode(bytes);
    const endOfThirdEvent = text.split('\n\n').slice(0, 3).join('\n\n').length + 2;
    const result = replay(
      createOpenAIStreamConverter(withUsage),
      new TextEncoder().encode(text.slice(0, endOfThirdEvent)),
      [],
    );
    expect(result).toMatchObject({
      complete: false,
      error: 'upstream stream ended after 3 chunks without a finish_reason or [DONE]',
    });
  });

  it('reports an error event sent mid-stream', () => {
    const body =
      'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}\n\n' +
      'data: {"error":{"message":"CUDA out of memory","type":"internal_error"}}\n\n';
    const result = replay(createOpenAIStreamConverter(withUsage), new TextEncoder().encode(body), []);
    expect(result).toMatchObject({ complete: false, error: 'upstream sent an error event: CUDA out of memory' });
    expect(result.chunks).toHaveLength(1);
  });

  it('works the same with CRLF line endings', () => {
    const text = new TextDecoder().decode(fixture('openai-text-usage')).replaceAll('\n', '\r\n');
    const bytes = new TextEncoder().encode(text);
    const whole = replay(createOpenAIStreamConverter(withUsage), bytes, []);
    expect(whole.complete).toBe(true);
    expect(joinedContent(whole.chunks)).toBe('Café ☕ is served in 日本語 too.');
    for (let offset = 1; offset < bytes.length; offset += 7)
      expect(replay(createOpenAIStreamConverter(withUsage), bytes, [offset])).toEqual(whole);
  });
});
