/**
 * Deadlines of one attempt, and the abort signal undici watches for it.
 *
 * Three limits bound an attempt: the first-token timeout (streams: from the attempt's start to
 * the first chunk for the client), the attempt deadline (start to last byte) and what is left
 * of the request deadline (all attempts together). One timer per attempt enforces them, armed
 * for the soonest limit; when it fires it checks which limit passed and either aborts the
 * upstream request or re-arms for the next one. Nothing runs per chunk: the streaming path only
 * sets `firstByteSent` once.
 *
 * The deadline stops the upstream exchange through its `abortHook` (upstream-exchange.ts sets
 * it while the request runs), and calls `abortWaiter` for whoever waits on the client's socket; no
 * AbortController per attempt. The client leaving aborts the running attempt through
 * `ClientAbort`.
 */
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { RouteDeadlines } from '../core/routing/compile.ts';
import type { AbortSource } from './upstream-exchange.ts';

export type DeadlineKind = 'first_token_timeout' | 'attempt_timeout' | 'request_timeout';

/** The reason an attempt was aborted by one of its deadlines; `message` names the setting. */
export class DeadlineExceededError extends Error {
  readonly kind: DeadlineKind;
  constructor(kind: DeadlineKind, message: string) {
    super(message);
    this.name = 'DeadlineExceededError';
    this.kind = kind;
  }
}

/** What bounds one attempt, as the executor works it out (times are `performance.now()` values). */
export interface AttemptDeadlineSpec {
  /** Streams only: milliseconds from the attempt's start to the first chunk for the client. */
  firstTokenTimeoutMs: number;
  attemptTimeoutMs: number;
  requestEndsAtMs: number;
  routeName: string;
  /** The route's settings (to name, in messages, whether the route or the target set a limit). */
  routeDeadlines: RouteDeadlines;
}

const clientClosed = new Error('the client closed the connection');

const watchedBy = Symbol('clientAbort');

type WatchedResponse = ServerResponse & { [watchedBy]?: ClientAbort };

/** A response closed before it finished: the client left. One module function, not a closure per request. */
function abortUnfinished(this: WatchedResponse): void {
  if (!this.writableFinished) this[watchedBy]?.abort();
}

/** Aborts the running attempt when the client goes (the request-level signal). */
export class ClientAbort {
  aborted = false;
  /**
   * Called once when the client goes: the one wait in progress (a retry's backoff). A field,
   * not an EventEmitter: the request path has at most one waiter at a time.
   */
  abortWaiter: (() => void) | undefined = undefined;
  /** The attempt in flight, if any. */
  attempt: AttemptDeadline | undefined = undefined;

  /** A ClientAbort that fires when `response` closes before it finished. */
  static watching(response: ServerResponse): ClientAbort {
    const clientAbort = new ClientAbort();
    (response as WatchedResponse)[watchedBy] = clientAbort;
    response.on('close', abortUnfinished);
    return clientAbort;
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortWaiter?.();
    this.attempt?.abort(clientClosed);
  }
}

function checkDeadline(deadline: AttemptDeadline): void {
  deadline.check();
}

/** One attempt's deadlines, and what aborts its upstream exchange when one passes. */
export class AttemptDeadline implements AbortSource {
  aborted = false;
  /** Called once on abort: the one wait in progress (for the client's socket to drain). */
  abortWaiter: (() => void) | undefined = undefined;
  reason: Error | undefined = undefined;
  abortHook: ((reason: Error) => void) | undefined = undefined;
  /** Set once by the streaming path when the first chunk went to the client. */
  firstByteSent = false;
  private timer: NodeJS.Timeout | undefined = undefined;
  private readonly attemptEndsAtMs: number;

  constructor(
    private readonly spec: AttemptDeadlineSpec,
    private readonly targetName: string,
    private readonly startMs: number,
    private readonly streaming: boolean,
  ) {
    this.attemptEndsAtMs = startMs + spec.attemptTimeoutMs;
    this.arm(startMs);
  }

  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.stop();
    const hook = this.abortHook;
    this.abortHook = undefined;
    hook?.(reason);
    this.abortWaiter?.();
  }

  /** Clears the timer (call when the attempt is over). */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The timer's callback: aborts with the limit that passed, or re-arms for the next one. */
  check(): void {
    this.timer = undefined;
    if (this.aborted) return;
    const nowMs = performance.now();
    const kind = this.passedLimit(nowMs);
    if (kind === undefined) this.arm(nowMs);
    else this.abort(new DeadlineExceededError(kind, this.message(kind)));
  }

  private firstTokenEndsAtMs(): number {
    return this.streaming && !this.firstByteSent
      ? this.startMs + this.spec.firstTokenTimeoutMs
      : Number.POSITIVE_INFINITY;
  }

  private arm(nowMs: number): void {
    const nextMs = Math.min(this.firstTokenEndsAtMs(), this.attemptEndsAtMs, this.spec.requestEndsAtMs);
    this.timer = setTimeout(checkDeadline, Math.max(0, Math.ceil(nextMs - nowMs)), this);
  }

  /** The soonest limit that has passed by `nowMs` (ties: first token, then attempt, then request). */
  private passedLimit(nowMs: number): DeadlineKind | undefined {
    let kind: DeadlineKind | undefined;
    let atMs = Number.POSITIVE_INFINITY;
    const firstTokenEndsAtMs = this.firstTokenEndsAtMs();
    if (firstTokenEndsAtMs <= nowMs) {
      kind = 'first_token_timeout';
      atMs = firstTokenEndsAtMs;
    }
    if (this.attemptEndsAtMs <= nowMs && this.attemptEndsAtMs < atMs) {
      kind = 'attempt_timeout';
      atMs = this.attemptEndsAtMs;
    }
    if (this.spec.requestEndsAtMs <= nowMs && this.spec.requestEndsAtMs < atMs) kind = 'request_timeout';
    return kind;
  }

  private message(kind: DeadlineKind): string {
    const { spec, targetName } = this;
    const owner = (routeValue: number | undefined, field: string): string =>
      routeValue !== undefined ? `routes.${spec.routeName}.${field}` : `targets.${targetName}.${field}`;
    switch (kind) {
      case 'first_token_timeout':
        return `upstream ${targetName} sent no first token within ${spec.firstTokenTimeoutMs} ms (${owner(spec.routeDeadlines.firstTokenTimeoutMs, 'firstTokenTimeoutMs')})`;
      case 'attempt_timeout':
        return `upstream ${targetName} did not finish within ${spec.attemptTimeoutMs} ms (${owner(spec.routeDeadlines.attemptTimeoutMs, 'attemptTimeoutMs')})`;
      case 'request_timeout':
        return `route '${spec.routeName}' did not finish within ${spec.routeDeadlines.requestTimeoutMs} ms (routes.${spec.routeName}.requestTimeoutMs); upstream ${targetName} was still answering`;
    }
  }
}
