import { describe, expect, it } from 'vitest';
import {
  encodeSseChunks,
  encodeSseData,
  encodeSseEvent,
  rememberSseJson,
  SSE_DONE,
  SseEventTooLargeError,
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

/** Feeds `text` in reads of `readCharacters`; returns the events, or the error a read threw. */
function feedInReads(parser: SseParser, text: string, readCharacters: number): { events: SseEvent[]; error?: unknown } {
  const events: SseEvent[] = [];
  try {
    for (let offset = 0; offset < text.length; offset += readCharacters)
      events.push(...parser.pushText(text.slice(offset, offset + readCharacters)));
  } catch (error) {
    return { events, error };
  }
  return { events };
}

describe('SseParser on long lines and its event cap', () => {
  it('joins a 2 MB line sent in 64 KiB reads into one event', () => {
    const long = 'y'.repeat(2_000_000);
    const { events, error } = feedInReads(new SseParser(), `data: ${long}\n\ndata: [DONE]\n\n`, 65_536);
    expect(error).toBeUndefined();
    expect(events.map((event) => event.data.length)).toEqual([2_000_000, 6]);
    expect(events[0].data === long).toBe(true);
  });

  it('throws SseEventTooLargeError once an event passes maxEventBytes, and keeps nothing', () => {
    const parser = new SseParser({ maxEventBytes: 262_144 });
    const { events, error } = feedInReads(parser, `data: small\n\ndata: ${'z'.repeat(3_000_000)}\n\n`, 65_536);
    expect(events).toEqual([{ data: 'small' }]);
    expect(error).toBeInstanceOf(SseEventTooLargeError);
    expect((error as SseEventTooLargeError).maxEventBytes).toBe(262_144);
    expect((error as Error).message).toBe('upstream sent an SSE event larger than 262144 bytes');
    expect(parser.finish()).toEqual({ events: [], truncated: true });
    expect(() => parser.pushText('data: more\n\n')).toThrow(SseEventTooLargeError);
  });

  it('counts every data line of one event against the cap', () => {
    const line = `data: ${'w'.repeat(1000)}\n`;
    const parser = new SseParser({ maxEventBytes: 10_000 });
    expect(parser.pushText(line.repeat(9))).toEqual([]);
    expect(() => parser.pushText(line.repeat(2))).toThrow(SseEventTooLargeError);
    const fresh = new SseParser({ maxEventBytes: 10_000 });
    // Many small events in a row are fine: the count starts again at each blank line.
    expect(fresh.pushText(`${line}\n`.repeat(50))).toHaveLength(50);
  });

  it('counts comment lines too (a stream of one endless comment is capped)', () => {
    expect(feedInReads(new SseParser({ maxEventBytes: 1_000 }), `: ${'c'.repeat(5_000)}`, 100).error).toBeInstanceOf(
      SseEventTooLargeError,
    );
    // Short keep-alive comments, however many, are not.
    expect(
      feedInReads(new SseParser({ maxEventBytes: 1_000 }), ': keep-alive\n\n'.repeat(1_000), 64).error,
    ).toBeUndefined();
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
