/**
 * One upstream request on undici's dispatch interface, and its answer's body.
 *
 * `pool.request()` wraps every answer in a node stream (a `Readable` with its buffers, events
 * and async iterator), parses every response header into an object, and listens on the abort
 * signal; together ~15-20 µs of CPU a request here (docs/gateway.md, "Fifth pass"). The gateway
 * needs less: a JSON answer read whole into one buffer, a stream read chunk by chunk with
 * backpressure, an error body read up to a limit, and a way to stop. So an `UpstreamExchange`
 * is the dispatch handler itself: chunks go straight into an array, headers are parsed only
 * when something reads them, and the attempt's deadline (or the client leaving) calls its
 * `abort` directly.
 *
 * Semantics kept from `pool.request()`: informational (1xx) answers are skipped; an abort before
 * the headers rejects the answer with the abort's reason, after them fails the body with it;
 * undici's own timeouts (`headersTimeout`, `bodyTimeout`) and transport errors arrive as the same
 * errors. A body nobody reads holds its connection, so every path reads it or calls `destroy()`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, util } from 'undici';

/** The answer's body as the gateway reads it: whole, as error text, or chunk by chunk. */
export interface UpstreamBody extends AsyncIterable<Buffer> {
  /** The whole body; rejects with `tooLarge()` past `limitBytes` (and stops reading), or the body's error. */
  readAll(limitBytes: number, tooLarge: () => Error): Promise<Buffer>;
  /** At most `limitBytes` of the body as UTF-8 text (the rest is not read); never rejects. */
  readText(limitBytes: number): Promise<string>;
  /** Stops reading: aborts the request if its body has not ended. */
  destroy(): void;
}

export interface UpstreamResponse {
  statusCode: number;
  /** Parsed on first read (lower-case names, as undici's `request()` gives them). */
  readonly headers: IncomingHttpHeaders;
  /** The `content-length` header's value, read without parsing the other headers. */
  readonly contentLength: string | undefined;
  body: UpstreamBody;
}

/** What can abort a running exchange (the attempt's deadline). */
export interface AbortSource {
  readonly aborted: boolean;
  readonly reason: Error | undefined;
  /** Set by the exchange while it runs; the source calls it once when it aborts. */
  abortHook: ((reason: Error) => void) | undefined;
}

export interface UpstreamRequestOptions {
  path: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  headersTimeout: number;
  bodyTimeout: number;
}

/** Chunks buffered while nobody reads before undici is asked to pause the socket. */
const HIGH_WATER_BYTES = 65_536;

class BodyDestroyedError extends Error {
  constructor() {
    super('upstream body destroyed before its end');
    this.name = 'AbortError';
  }
}

type WholeReader =
  | {
      mode: 'all';
      limitBytes: number;
      tooLarge: () => Error;
      resolve: (bytes: Buffer) => void;
      reject: (error: Error) => void;
    }
  | { mode: 'text'; limitBytes: number; resolve: (text: string) => void };

type Reader =
  | WholeReader
  | { mode: 'next'; resolve: (result: IteratorResult<Buffer>) => void; reject: (error: Error) => void };

class UpstreamExchange implements Dispatcher.DispatchHandler, UpstreamResponse, UpstreamBody {
  statusCode = 0;
  private rawHeaders: Buffer[] = [];
  private parsedHeaders: IncomingHttpHeaders | undefined = undefined;
  private abortRequest: ((reason?: Error) => void) | undefined = undefined;
  private resumeRequest: (() => void) | undefined = undefined;
  private paused = false;
  /** Chunks received and not yet read. */
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  /** What a whole-body or text reader has taken so far. */
  private readonly taken: Buffer[] = [];
  private takenBytes = 0;
  private ended = false;
  private failure: Error | undefined = undefined;
  private destroyed = false;
  private reader: Reader | undefined = undefined;
  private headResolve: ((response: UpstreamResponse) => void) | undefined;
  private headReject: ((error: Error) => void) | undefined;

  constructor(
    private readonly source: AbortSource,
    resolve: (response: UpstreamResponse) => void,
    reject: (error: Error) => void,
  ) {
    this.headResolve = resolve;
    this.headReject = reject;
    source.abortHook = (reason) => this.abort(reason);
  }

  get headers(): IncomingHttpHeaders {
    if (this.parsedHeaders === undefined)
      this.parsedHeaders = util.parseHeaders(this.rawHeaders) as IncomingHttpHeaders;
    return this.parsedHeaders;
  }

  get contentLength(): string | undefined {
    const raw = this.rawHeaders;
    for (let index = 0; index + 1 < raw.length; index += 2) {
      const name = raw[index];
      if (name.length === 14 && name.toString('latin1').toLowerCase() === 'content-length')
        return raw[index + 1].toString('latin1');
    }
    return undefined;
  }

  get body(): UpstreamBody {
    return this;
  }

  // ---------------------------------------------------------------- undici's handler side

  onConnect(abort: (reason?: Error) => void): void {
    if (this.source.aborted) abort(this.source.reason ?? new BodyDestroyedError());
    else this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    this.rawHeaders = rawHeaders;
    this.resumeRequest = resume;
    const resolve = this.headResolve;
    this.headResolve = undefined;
    this.headReject = undefined;
    resolve?.(this);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.destroyed) return false;
    const reader = this.reader;
    if (reader !== undefined) {
      if (reader.mode === 'next') {
        this.reader = undefined;
        reader.resolve({ value: chunk, done: false });
        return true;
      }
      this.take(reader, chunk);
      return !this.destroyed;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes < HIGH_WATER_BYTES) return true;
    this.paused = true;
    return false;
  }

  onComplete(): void {
    this.ended = true;
    this.source.abortHook = undefined;
    const reader = this.reader;
    if (reader === undefined) return;
    this.reader = undefined;
    if (reader.mode === 'next') reader.resolve({ value: undefined, done: true });
    else this.finish(reader);
  }

  onError(error: Error): void {
    this.source.abortHook = undefined;
    const headReject = this.headReject;
    if (headReject !== undefined) {
      this.headResolve = undefined;
      this.headReject = undefined;
      headReject(error);
      return;
    }
    if (this.destroyed || this.ended || this.failure !== undefined) return;
    this.failure = error;
    const reader = this.reader;
    if (reader === undefined) return;
    this.reader = undefined;
    if (reader.mode === 'text') this.finish(reader);
    else reader.reject(error);
  }

  // ---------------------------------------------------------------- the gateway's side

  readAll(limitBytes: number, tooLarge: () => Error): Promise<Buffer> {
    return new Promise((resolve, reject) => this.startReader({ mode: 'all', limitBytes, tooLarge, resolve, reject }));
  }

  readText(limitBytes: number): Promise<string> {
    return new Promise((resolve) => this.startReader({ mode: 'text', limitBytes, resolve }));
  }

  destroy(): void {
    if (this.destroyed || this.ended) return;
    this.destroyed = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.source.abortHook = undefined;
    this.abortRequest?.(new BodyDestroyedError());
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return {
      next: () => this.next(),
      return: () => {
        this.destroy();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  /** Stops the request with `reason` (a deadline, the client leaving): undici reports it through `onError`. */
  private abort(reason: Error): void {
    if (this.abortRequest !== undefined) this.abortRequest(reason);
    else this.onError(reason);
  }

  private next(): Promise<IteratorResult<Buffer>> {
    const chunk = this.queue.shift();
    if (chunk !== undefined) {
      this.queuedBytes -= chunk.length;
      this.resumeIfDrained();
      return Promise.resolve({ value: chunk, done: false });
    }
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.ended || this.destroyed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.reader = { mode: 'next', resolve, reject };
      this.resumeIfDrained();
    });
  }

  private resumeIfDrained(): void {
    if (this.paused && this.queuedBytes < HIGH_WATER_BYTES) {
      this.paused = false;
      this.resumeRequest?.();
    }
  }

  /** Starts a whole-body or text reader: takes what is queued, then waits for the rest. */
  private startReader(reader: WholeReader): void {
    const queued = this.queue.splice(0);
    this.queuedBytes = 0;
    for (const chunk of queued) {
      this.take(reader, chunk);
      if (this.destroyed) return;
    }
    if (reader.mode === 'all' && this.failure !== undefined) reader.reject(this.failure);
    else if (this.ended || this.failure !== undefined) this.finish(reader);
    else {
      this.reader = reader;
      this.resumeIfDrained();
    }
  }

  /** One chunk into a whole-body or text reader; stops the body at the reader's limit. */
  private take(reader: WholeReader, chunk: Buffer): void {
    const roomBytes = reader.limitBytes - this.takenBytes;
    if (chunk.length > roomBytes && reader.mode === 'all') {
      this.reader = undefined;
      this.destroy();
      reader.reject(reader.tooLarge());
      return;
    }
    this.taken.push(chunk.length > roomBytes ? chunk.subarray(0, roomBytes) : chunk);
    this.takenBytes += Math.min(chunk.length, roomBytes);
    if (reader.mode === 'text' && this.takenBytes >= reader.limitBytes) {
      this.reader = undefined;
      this.destroy();
      this.finish(reader);
    }
  }

  private finish(reader: WholeReader): void {
    const bytes = this.taken.length === 1 ? this.taken[0] : Buffer.concat(this.taken, this.takenBytes);
    this.taken.length = 0;
    if (reader.mode === 'all') reader.resolve(bytes);
    else reader.resolve(bytes.toString('utf8'));
  }
}

/**
 * Sends one request on `pool` and resolves with the answer's status, headers and body once the
 * headers arrived; rejects with a transport error, an undici timeout, or `source`'s abort reason.
 */
export function sendUpstreamRequest(
  pool: Dispatcher,
  options: UpstreamRequestOptions,
  source: AbortSource,
): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const exchange = new UpstreamExchange(source, resolve, reject);
    if (source.aborted) {
      exchange.onError(source.reason ?? new BodyDestroyedError());
      return;
    }
    pool.dispatch(options, exchange);
  });
}
