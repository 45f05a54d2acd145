/**
 * Errors adapters throw, and small helpers shared by every adapter.
 * The gateway maps `ProviderRequestError` to an OpenAI-style 400 (nothing was sent upstream)
 * and `ProviderResponseError` to a 502 (the upstream answered something we cannot read).
 */

/** The client's request cannot be translated for this upstream; `field` names the JSON path. */
export class ProviderRequestError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ProviderRequestError';
    this.field = field;
  }
}

/** The upstream's response body is not in the shape its API documents. */
export class ProviderResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderResponseError';
  }
}

/** Joins a base URL and a path with exactly one slash: `joinUrl('http://h/v1/', '/messages')` is `http://h/v1/messages`. */
export function joinUrl(baseUrl: string, path: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  return path.startsWith('/') ? base + path : `${base}/${path}`;
}

/** Narrows an unknown JSON value to a plain object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A non-negative finite number from JSON, or the fallback. */
export function countOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Shortens text for an error message: at most `maxLength` characters, with an ellipsis when cut. */
export function excerpt(text: string, maxLength = 120): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}…`;
}

/** Plain text of a message content (string, or the text parts of a part list joined with ""). */
export function contentText(
  content: string | ReadonlyArray<{ type: string; [key: string]: unknown }> | null | undefined,
): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) if (part.type === 'text' && typeof part.text === 'string') text += part.text;
  return text;
}
