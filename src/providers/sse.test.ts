import { describe, expect, it } from 'vitest';
import {
  encodeSseChunks,
  encodeSseData,
  encodeSseEvent,
  rememberSseJson,
  SSE_DONE,
  SseParser,
  type SseEvent,
} from './sse.ts';
import { randomCuts } from './testing/replay-fixture.ts';

const encoder = new TextEncoder();

function parseInPieces(text: string, cuts: readonly number[]): { events: SseEvent[]; truncated: boolean } {
  const bytes = encoder.encode(text);
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let start = 0;
  for (const offset of [...cuts, bytes.length]) {
    if (offset <= start) continue;
    events.push(...parser.push(bytes.subarray(start, offset)));
    start = offset;
  }
  const finished = parser.finish();
  return { events: [...events, ...finished.events], truncated: finished.truncated };
}

const sample = [
  ': comment at the start',
  'event: message_start',
  'data: {"a":1}',
  '',
  'data: first line',
  'data:second line without space',
  'data',
  'id: 7',
  'retry: 1000',
  '',
  'event: only-name-no-data',
  '',
  'data:  two leading spaces keep one',
  '',
  'data: ünïcödé ☕ 日本語',
  '',
  'data: [DONE]',
  '',
  '',
].join('\n');

const expected: SseEvent[] = [
  { event: 'message_start', data: '{"a":1}' },
  { data: 'first line\nsecond line without space\n', id: '7' },
  { data: ' two leading spaces keep one' },
  { data: 'ünïcödé ☕ 日本語' },
  { data: '[DONE]' },
];

describe('SseParser', () => {
  it('parses fields, comments, multi-line data and ids', () => {
    expect(parseInPieces(sample, [])).toEqual({ events: expected, truncated: false });
  });

  it('gives the same events for a split at every byte boundary', () => {
    const length = encoder.encode(sample).length;
    for (let offset = 1; offset < length; offset += 1) {
      expect(parseInPieces(sample, [offset]).events).toEqual(expected);
    }
  });

  it('gives the same events one byte at a time and at seeded random boundaries', () => {
    const length = encoder.encode(sample).length;
    const everyByte = Array.from({ length: length - 1 }, (_, index) => index + 1);
    expect(parseInPieces(sample, everyByte).events).toEqual(expected);
    for (let seed = 1; seed <= 50; seed += 1)
      expect(parseInPieces(sample, randomCuts(length, 1 + (seed % 9), seed)).events).toEqual(expected);
  });

  it('accepts CRLF and lone CR line endings, also with CRLF split across reads', () => {
    for (const lineEnd of ['\r\n', '\r']) {
      const text = sample.replaceAll('\n', lineEnd);
      const length = encoder.encode(text).length;
      for (let offset = 1; offset < length; offset += 1) expect(parseInPieces(text, [offset]).events).toEqual(expected);
    }
  });

  it('dispatches a last event without its blank line at the end and reports truncation', () => {
    expect(parseInPieces('data: a\n\ndata: [DONE]\n', [])).toEqual({
      events: [{ data: 'a' }, { data: '[DONE]' }],
      truncated: true,
    });
    expect(parseInPieces('data: a\n\ndata: {"cut', [])).toEqual({
      events: [{ data: 'a' }, { data: '{"cut' }],
      truncated: true,
    });
    expect(parseInPieces('data: a\n\n', [])).toEqual({ events: [{ data: 'a' }], truncated: false });
  });
});

describe('SSE encoding', () => {
  it('encodes OpenAI data events, named events and the terminator', () => {
    expect(encodeSseData({ a: 1 })).toBe('data: {"a":1}\n\n');
    expect(encodeSseEvent('ping', { type: 'ping' })).toBe('event: ping\ndata: {"type":"ping"}\n\n');
    expect(encodeSseChunks([{ a: 1 }, { b: 2 }])).toBe('data: {"a":1}\n\ndata: {"b":2}\n\n');
    expect(SSE_DONE).toBe('data: [DONE]\n\n');
  });

  it('sends a remembered upstream JSON text as it arrived, and re-serializes everything else', () => {
    const upstreamText = '{ "id": "c1",  "choices": [] }';
    const forwarded = JSON.parse(upstreamText) as object;
    rememberSseJson(forwarded, upstreamText);
    expect(encodeSseData(forwarded)).toBe(`data: ${upstreamText}\n\n`);
    expect(encodeSseChunks([forwarded, { b: 2 }])).toBe(`data: ${upstreamText}\n\ndata: {"b":2}\n\n`);
    // Multi-line data (joined with "\n") cannot be one data line: it is re-serialized.
    const multiLine = '{"a":\n1}';
    const parsed = JSON.parse(multiLine) as object;
    rememberSseJson(parsed, multiLine);
    expect(encodeSseData(parsed)).toBe('data: {"a":1}\n\n');
  });

  it('round-trips through the parser', () => {
    const text = encodeSseChunks([{ text: 'line1\nline2' }, { n: 2 }]) + SSE_DONE;
    expect(parseInPieces(text, []).events.map((event) => event.data)).toEqual([
      '{"text":"line1\\nline2"}',
      '{"n":2}',
      '[DONE]',
    ]);
  });
});
