/**
 * Reading an upstream body with a size cap: a JSON answer is read whole (it has to be, to be
 * parsed), but never past `maxResponseBytes`; a declared content-length over the cap is refused
 * before a byte is read. Error bodies are read only as far as a message needs.
 */
import type { UpstreamBody } from './upstream-exchange.ts';

/** The upstream's answer is larger than the target's cap; `message` names the setting. */
export class ResponseTooLargeError extends Error {
  readonly maxResponseBytes: number;
  constructor(targetName: string, maxResponseBytes: number) {
    super(`upstream ${targetName} sent more than ${maxResponseBytes} bytes (targets.${targetName}.maxResponseBytes)`);
    this.name = 'ResponseTooLargeError';
    this.maxResponseBytes = maxResponseBytes;
  }
}

/** The most of an error body read for its message. */
export const ERROR_BODY_LIMIT_BYTES = 65_536;

function declaredLength(contentLength: string | string[] | undefined): number {
  return typeof contentLength === 'string' ? Number(contentLength) : Number.NaN;
}

/**
 * The whole body, or a rejection: `ResponseTooLargeError` past `limitBytes` (the body is
 * destroyed, so the connection is not read on), or the body's own error (a deadline, a reset).
 */
export function readBoundedBody(
  body: UpstreamBody,
  contentLength: string | string[] | undefined,
  limitBytes: number,
  targetName: string,
): Promise<Buffer> {
  if (declaredLength(contentLength) > limitBytes) {
    body.destroy();
    return Promise.reject(new ResponseTooLargeError(targetName, limitBytes));
  }
  return body.readAll(limitBytes, () => new ResponseTooLargeError(targetName, limitBytes));
}

/** At most `limitBytes` of a body as text (the rest is not read); never rejects. */
export function readErrorText(body: UpstreamBody, limitBytes = ERROR_BODY_LIMIT_BYTES): Promise<string> {
  return body.readText(limitBytes);
}
