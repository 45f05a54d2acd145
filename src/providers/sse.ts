/**
 * Server-sent events: ONE incremental parser for every upstream, and the encoder for the
 * OpenAI chunks the gateway sends to clients.
 *
 * The parser follows the WHATWG event-stream rules: lines end in LF, CRLF or a lone CR
 * (a CRLF split across two reads is handled), `:` starts a comment, `data:` lines of one
 * event are joined with "\n", a blank line dispatches the event, one space after the colon
 * is dropped. Bytes are decoded with one streaming TextDecoder, so a UTF-8 character split
 * across reads is decoded once it is whole. Work per read is proportional to the read
 * (string slices and indexOf, no per-byte concatenation).
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

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  /** Undelivered text: always starts at a line start. */
  private pending = '';
  /** The previous read ended in CR; a LF at the start of the next read belongs to it. */
  private endedWithCarriageReturn = false;
  private eventName: string | undefined = undefined;
  private eventId: string | undefined = undefined;
  private dataLines: string[] = [];
  private sawFieldInEvent = false;

  /** Feeds raw bytes; returns the events completed by them (often none, sometimes several). */
  push(bytes: Uint8Array): SseEvent[] {
    const text = this.decoder.decode(bytes, { stream: true });
    return this.pushText(text);
  }

  /** Feeds already decoded text (tests and callers that hold strings). */
  pushText(input: string): SseEvent[] {
    let text = input;
    if (text.length === 0) return [];
    if (this.endedWithCarriageReturn && text.charCodeAt(0) === 10) text = text.slice(1);
    this.endedWithCarriageReturn = text.length > 0 && text.charCodeAt(text.length - 1) === 13;
    if (text.indexOf('\r') !== -1) text = text.replace(/\r\n?/g, '\n');
    const buffer = this.pending.length === 0 ? text : this.pending + text;
    const events: SseEvent[] = [];
    let lineStart = 0;
    let newline = buffer.indexOf('\n', this.pending.length);
    while (newline !== -1) {
      this.processLine(buffer, lineStart, newline, events);
      lineStart = newline + 1;
      newline = buffer.indexOf('\n', lineStart);
    }
    this.pending = lineStart === 0 ? buffer : buffer.slice(lineStart);
    return events;
  }

  /**
   * Ends the input. Lenient about a missing final blank line (some servers close right after
   * `data: [DONE]\n`): a pending event whose lines all ended is still dispatched, and an
   * unterminated last line too; `truncated` reports that either happened, so a converter can
   * tell "the connection closed mid-event" from a clean end.
   */
  finish(): SseFinish {
    const tail = this.decoder.decode();
    const events = tail.length > 0 ? this.pushText(tail) : [];
    let truncated = false;
    if (this.pending.length > 0) {
      truncated = true;
      const line = this.pending;
      this.pending = '';
      this.processLine(line, 0, line.length, events);
    }
    if (this.sawFieldInEvent) {
      truncated = true;
      this.dispatch(events);
    }
    return { events, truncated };
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
      this.dataLines.push(buffer.slice(valueStart, end));
      this.sawFieldInEvent = true;
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
    if (field === 'data') this.dataLines.push(value);
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
