/**
 * Reading an upstream body with a size cap: a JSON answer is read whole (it has to be, to be
 * parsed), but never past `maxResponseBytes`; a declared content-length over the cap is refused
 * before a byte is read. Error bodies are read only as far as a message needs.
 */
import type { Readable } from 'node:stream';

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
  body: Readable,
  contentLength: string | string[] | undefined,
  limitBytes: number,
  targetName: string,
): Promise<Buffer> {
  if (declaredLength(contentLength) > limitBytes) {
    body.destroy();
    return Promise.reject(new ResponseTooLargeError(targetName, limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Every body closes after its 'end': the close handler builds its Error (a stack capture,
    // ~15 µs) only when nothing settled the promise first.
    let settled = false;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        settled = true;
        reject(new ResponseTooLargeError(targetName, limitBytes));
        body.destroy();
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => {
      settled = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    body.once('error', (error: Error) => {
      settled = true;
      reject(error);
    });
    // A body closed without 'end' or 'error' must not leave the attempt waiting.
    body.once('close', () => {
      if (!settled) reject(new Error('upstream body closed before its end'));
    });
  });
}

/** At most `limitBytes` of a body as text (the rest is dropped); never rejects. */
export function readErrorText(body: Readable, limitBytes = ERROR_BODY_LIMIT_BYTES): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => resolve(Buffer.concat(chunks).toString('utf8'));
    body.on('data', (chunk: Buffer) => {
      if (size >= limitBytes) return;
      chunks.push(size + chunk.length > limitBytes ? chunk.subarray(0, limitBytes - size) : chunk);
      size += chunk.length;
      if (size >= limitBytes) {
        body.destroy();
        done();
      }
    });
    body.once('end', done);
    body.once('error', done);
    body.once('close', done);
  });
}
