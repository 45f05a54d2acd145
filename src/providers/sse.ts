/**
 * Server-sent events: ONE incremental parser for every upstream, and the encoder for the
 * OpenAI chunks the gateway sends to clients.
 *
 * The parser follows the WHATWG event-stream rules: lines end in LF, CRLF or a lone CR
 * (a CRLF split across two reads is handled), `:` starts a comment, `data:` lines of one
 * event are joined with "\n", a blank line dispatches the event, one space after the colon
 * is dropped. Bytes are decoded with one streaming TextDecoder, so a UTF-8 character split
 * across reads is decoded once it is whole.
 *
 * Work is linear in the input: each read is scanned once from its own start, and a line that
 * spans reads is kept as a list of pieces, joined once when its end arrives (concatenating a
 * growing pending string on every read and searching it again made one 100 MB line take 48 s
 * and 2.1 GB). What one event may hold is capped (`maxEventBytes`): beyond it `push` throws
 * `SseEventTooLargeError`, so memory stays bounded whatever the upstream sends.
 */

export interface SseEvent {
  /** The `event:` field, when the stream named one (Anthropic does; OpenAI does not). */
  event?: string;
  /** The `data:` lines of the event joined with "\n". */
  data: string;
  /** The `id:` field, when present. */
  id?: string;
}

export interface SseFinish {
  /** Events completed by the end of input (see `SseParser.finish`). */
  events: SseEvent[];
  /** True when the input ended inside an event (no blank line after its last field). */
  truncated: boolean;
}

/** The default cap on one event: 4 MiB (4,194,304); OpenAI and Anthropic chunks are a few hundred bytes. */
export const DEFAULT_MAX_SSE_EVENT_BYTES = 4_194_304;

export interface SseParserOptions {
  /**
   * The most one event may hold: its data lines plus the line being read, counted in
   * characters of the decoded text (one per UTF-8 byte for ASCII, fewer than the bytes
   * otherwise, so no event under the cap in bytes is refused). Default 4 MiB.
   */
  maxEventBytes?: number;
}

/** Thrown by `SseParser.push` when an event grows past `maxEventBytes`; the stream cannot be read on. */
export class SseEventTooLargeError extends Error {
  readonly maxEventBytes: number;
  constructor(maxEventBytes: number) {
    super(`upstream sent an SSE event larger than ${maxEventBytes} bytes`);
    this.name = 'SseEventTooLargeError';
    this.maxEventBytes = maxEventBytes;
  }
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly maxEventBytes: number;
  /** The line being read (no line end seen yet), as the pieces each read brought; usually one. */
  private partialLine: string[] = [];
  private partialLineLength = 0;
  /** The previous read ended in CR; a LF at the start of the next read belongs to it. */
  private endedWithCarriageReturn = false;
  private eventName: string | undefined = undefined;
  private eventId: string | undefined = undefined;
  private dataLines: string[] = [];
  /** Characters of the data lines of the event being read. */
  private dataLength = 0;
  private sawFieldInEvent = false;
  private tooLarge: SseEventTooLargeError | undefined = undefined;

  constructor(options: SseParserOptions = {}) {
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_SSE_EVENT_BYTES;
  }

  /** Feeds raw bytes; returns the events completed by them (often none, sometimes several). */
  push(bytes: Uint8Array): SseEvent[] {
    const text = this.decoder.decode(bytes, { stream: true });
    return this.pushText(text);
  }

  /** Feeds already decoded text (tests and callers that hold strings). */
  pushText(input: string): SseEvent[] {
    if (this.tooLarge !== undefined) throw this.tooLarge;
    let text = input;
    if (text.length === 0) return [];
    if (this.endedWithCarriageReturn && text.charCodeAt(0) === 10) text = text.slice(1);
    this.endedWithCarriageReturn = text.length > 0 && text.charCodeAt(text.length - 1) === 13;
    if (text.indexOf('\r') !== -1) text = text.replace(/\r\n?/g, '\n');
    let newline = text.indexOf('\n');
    if (newline === -1) {
      if (text.length > 0) this.holdPartialLine(text);
      return [];
    }
    const events: SseEvent[] = [];
    let lineStart = 0;
    if (this.partialLineLength > 0) {
      // The line that spans reads ends here: check its size, then join its pieces once.
      if (this.dataLength + this.partialLineLength + newline > this.maxEventBytes) this.overflow();
      this.partialLine.push(text.slice(0, newline));
      const line = this.partialLine.join('');
      this.partialLine = [];
      this.partialLineLength = 0;
      this.processLine(line, 0, line.length, events);
      lineStart = newline + 1;
      newline = text.indexOf('\n', lineStart);
    }
    while (newline !== -1) {
      this.processLine(text, lineStart, newline, events);
      lineStart = newline + 1;
      newline = text.indexOf('\n', lineStart);
    }
    if (lineStart < text.length) this.holdPartialLine(lineStart === 0 ? text : text.slice(lineStart));
    return events;
  }

  /**
   * Ends the input. Lenient about a missing final blank line (some servers close right after
   * `data: [DONE]\n`): a pending event whose lines all ended is still dispatched, and an
   * unterminated last line too; `truncated` reports that either happened, so a converter can
   * tell "the connection closed mid-event" from a clean end. After `SseEventTooLargeError`
   * it gives no events and `truncated: true`.
   */
  finish(): SseFinish {
    if (this.tooLarge !== undefined) return { events: [], truncated: true };
    const tail = this.decoder.decode();
    const events = tail.length > 0 ? this.pushText(tail) : [];
    let truncated = false;
    if (this.partialLineLength > 0) {
      truncated = true;
      const line = this.partialLine.join('');
      this.partialLine = [];
      this.partialLineLength = 0;
      this.processLine(line, 0, line.length, events);
    }
    if (this.sawFieldInEvent) {
      truncated = true;
      this.dispatch(events);
    }
    return { events, truncated };
  }

  private holdPartialLine(piece: string): void {
    this.partialLine.push(piece);
    this.partialLineLength += piece.length;
    if (this.dataLength + this.partialLineLength > this.maxEventBytes) this.overflow();
  }

  /** Drops everything held and throws (now and on every later push). */
  private overflow(): never {
    this.partialLine = [];
    this.partialLineLength = 0;
    this.dataLines = [];
    this.dataLength = 0;
    this.eventName = undefined;
    this.eventId = undefined;
    this.sawFieldInEvent = false;
    this.tooLarge = new SseEventTooLargeError(this.maxEventBytes);
    throw this.tooLarge;
  }

  private addDataLine(value: string): void {
    this.dataLines.push(value);
    this.dataLength += value.length;
    this.sawFieldInEvent = true;
    if (this.dataLength > this.maxEventBytes) this.overflow();
  }

  private processLine(buffer: string, start: number, end: number, events: SseEvent[]): void {
    if (start === end) {
      this.dispatch(events);
      return;
    }
    const first = buffer.charCodeAt(start);
    if (first === 58 /* ':' comment */) return;
    // Fast path for the overwhelmingly common `data: ` prefix.
    if (first === 100 && buffer.startsWith('data:', start)) {
      const valueStart = buffer.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
      this.addDataLine(buffer.slice(valueStart, end));
      return;
    }
    const colon = buffer.indexOf(':', start);
    let field: string;
    let value: string;
    if (colon === -1 || colon > end) {
      field = buffer.slice(start, end);
      value = '';
    } else {
      field = buffer.slice(start, colon);
      const valueStart = buffer.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
      value = valueStart >= end ? '' : buffer.slice(valueStart, end);
    }
    this.sawFieldInEvent = true;
    if (field === 'data') this.addDataLine(value);
    else if (field === 'event') this.eventName = value;
    else if (field === 'id') this.eventId = value;
    // `retry` and unknown fields are ignored, as the spec says.
  }

  private dispatch(events: SseEvent[]): void {
    if (this.dataLines.length > 0) {
      const data = this.dataLines.length === 1 ? this.dataLines[0] : this.dataLines.join('\n');
      const event: SseEvent = { data };
      if (this.eventName !== undefined && this.eventName !== '') event.event = this.eventName;
      if (this.eventId !== undefined) event.id = this.eventId;
      events.push(event);
    }
    this.dataLines = [];
    this.dataLength = 0;
    this.eventName = undefined;
    this.eventId = undefined;
    this.sawFieldInEvent = false;
  }
}

/** The terminator OpenAI sends after the last chunk. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** The data payload that ends an OpenAI stream. */
export const SSE_DONE_DATA = '[DONE]';

/**
 * The JSON text an upstream chunk arrived as, keyed by its parsed object (see
 * `rememberSseJson`). Saves one JSON.stringify per streamed chunk: the text is the value the
 * object was parsed from, so sending it is sending the same JSON value.
 */
const upstreamJsonText = new WeakMap<object, string>();

/**
 * Marks `value` as forwarded unchanged from the upstream JSON `jsonText` (which parsed to it):
 * `encodeSseData` then sends that text instead of re-serializing. Only single-line text is kept
 * (an SSE data line cannot hold a newline); the caller must not modify `value` afterwards.
 */
export function rememberSseJson(value: object, jsonText: string): void {
  if (jsonText.indexOf('\n') === -1) upstreamJsonText.set(value, jsonText);
}

/** Encodes one value as an OpenAI-style SSE event: `data: {json}\n\n`. */
export function encodeSseData(value: unknown): string {
  const forwarded = typeof value === 'object' && value !== null ? upstreamJsonText.get(value) : undefined;
  return `data: ${forwarded ?? JSON.stringify(value)}\n\n`;
}

/** Encodes a named SSE event (Anthropic style): `event: NAME\ndata: {json}\n\n`. */
export function encodeSseEvent(eventName: string, value: unknown): string {
  return `event: ${eventName}\ndata: ${JSON.stringify(value)}\n\n`;
}

/** Encodes a list of chunks as one string of SSE events (one write instead of many). */
export function encodeSseChunks(values: readonly unknown[]): string {
  if (values.length === 1) return encodeSseData(values[0]);
  let text = '';
  for (const value of values) text += encodeSseData(value);
  return text;
}
