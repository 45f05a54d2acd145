/**
 * The mock's faults that never end or send too much, for deadline and size-cap tests:
 * `keep-alive-only` (SSE comments and never data), `endless-body` (content that never ends)
 * and `huge-line` (one answer of `hugeLineBytes` characters in a single SSE line or JSON body).
 * Everything is written in pieces with backpressure and stops as soon as the client goes.
 */
import type { ServerResponse } from 'node:http';
import type { MockFault } from './mock-options.ts';

export type UnboundedFault = Extract<MockFault, 'keep-alive-only' | 'endless-body' | 'huge-line'>;

export function isUnboundedFault(fault: MockFault | undefined): fault is UnboundedFault {
  return fault === 'keep-alive-only' || fault === 'endless-body' || fault === 'huge-line';
}

/** The text each `endless-body` chunk carries. */
export const ENDLESS_CHUNK_TEXT = 'tick ';

/** Characters written per piece of a huge answer. */
const PIECE_CHARACTERS = 65_536;

export interface UnboundedFaultInput {
  response: ServerResponse;
  fault: UnboundedFault;
  stream: boolean;
  /** Response headers (SSE or JSON, without content-length). */
  headers: Record<string, string>;
  /** Milliseconds between repeated writes. */
  tickMs: number;
  /** Characters of text in a `huge-line` answer. */
  hugeLineBytes: number;
  /** Runs an action after a delay (the mock's tracked timers). */
  later: (delayMs: number, action: () => void) => void;
  /** The SSE events of an answer whose text is one piece, `text`. */
  streamEvents: (text: string) => string[];
  /** The JSON body of an answer whose text is `text`. */
  jsonBody: (text: string) => string;
}

/** Writes `text` in pieces, waiting for 'drain' when the socket is full, then calls `done`. */
function writeInPieces(response: ServerResponse, text: string, isClosed: () => boolean, done: () => void): void {
  let offset = 0;
  const next = (): void => {
    while (offset < text.length) {
      if (isClosed()) return;
      const piece = text.slice(offset, offset + PIECE_CHARACTERS);
      offset += PIECE_CHARACTERS;
      if (!response.write(piece)) {
        response.once('drain', next);
        return;
      }
    }
    done();
  };
  next();
}

export function sendUnboundedFault(input: UnboundedFaultInput): void {
  const { response } = input;
  let closed = false;
  response.once('close', () => {
    closed = true;
  });
  const isClosed = (): boolean => closed || response.destroyed;
  const repeat = (piece: string): void => {
    const step = (): void => {
      if (isClosed()) return;
      response.write(piece);
      input.later(input.tickMs, step);
    };
    step();
  };
  response.writeHead(200, input.headers);
  if (input.fault === 'keep-alive-only') {
    repeat(input.stream ? ': keep-alive\n\n' : ' ');
    return;
  }
  if (input.fault === 'endless-body') {
    if (!input.stream) {
      response.write('{');
      repeat(' ');
      return;
    }
    const events = input.streamEvents(ENDLESS_CHUNK_TEXT);
    const contentIndex = events.findIndex((event) => event.includes(JSON.stringify(ENDLESS_CHUNK_TEXT)));
    response.write(events.slice(0, contentIndex).join(''));
    repeat(events[contentIndex]);
    return;
  }
  const text = 'x'.repeat(input.hugeLineBytes);
  const body = input.stream ? input.streamEvents(text).join('') : input.jsonBody(text);
  writeInPieces(response, body, isClosed, () => response.end());
}
