/** Small readers for untyped JSON request bodies (the mock accepts whatever a client sends). */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** Text of a message content in either wire format: a string, or the `text` of its text parts/blocks joined with "". */
export function contentTextOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content)
    if (isRecord(part) && part.type === 'text' && typeof part.text === 'string') text += part.text;
  return text;
}
