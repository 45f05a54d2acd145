/**
 * Errors in OpenAI's shape: `{ "error": { "message", "type", "code", "param" } }`, so any
 * OpenAI client surfaces them as it would OpenAI's own.
 */
import type { ServerResponse } from 'node:http';

export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  /** A virtual key's USD budget is spent (OpenAI's type and code for an exhausted quota). */
  | 'insufficient_quota'
  | 'api_error'
  | 'upstream_error';

export interface OpenAiErrorBody {
  error: { message: string; type: OpenAiErrorType; code: string | null; param: string | null };
}

export class GatewayHttpError extends Error {
  /**
   * `headers`: sent with the error besides the gateway's own (an upstream 429's Retry-After and
   * x-ratelimit-*, the upstream's request id as x-upstream-request-id).
   */
  constructor(
    readonly status: number,
    message: string,
    readonly type: OpenAiErrorType,
    readonly code: string | null,
    readonly param: string | null = null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, code: this.code, param: this.param } };
  }
}

/**
 * Writes an OpenAI-style error with the error's own headers and then `headers`;
 * `closeConnection` when the request body was not read.
 */
export function sendError(
  response: ServerResponse,
  error: GatewayHttpError,
  headers: Record<string, string> = {},
  closeConnection = false,
): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const text = JSON.stringify(error.toBody());
  const allHeaders: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...error.headers,
    ...headers,
  };
  if (closeConnection) allHeaders.connection = 'close';
  response.writeHead(error.status, allHeaders);
  response.end(text);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
