import type { ChatCompletionRequest, ChatCompletionResponse, Usage } from '../types.ts';
import { asRecord, ProviderResponseError } from '../provider-errors.ts';
import { mapOpenAIUsage } from './map-openai-usage.ts';

/**
 * Reads an OpenAI chat.completion body. The body is passed on to the client as the upstream
 * sent it (extra fields such as `system_fingerprint` or `logprobs` kept); only its shape is checked.
 */
export function parseOpenAIResponse(
  body: unknown,
  request: ChatCompletionRequest,
): { response: ChatCompletionResponse; usage: Usage | undefined } {
  void request;
  const record = asRecord(body);
  if (record === undefined) throw new ProviderResponseError('upstream response is not a JSON object');
  if (!Array.isArray(record.choices)) {
    const upstreamError = asRecord(record.error);
    if (upstreamError !== undefined)
      throw new ProviderResponseError(`upstream returned an error: ${String(upstreamError.message ?? 'unknown')}`);
    throw new ProviderResponseError('upstream response has no `choices` array (expected an OpenAI chat.completion)');
  }
  return { response: record as ChatCompletionResponse, usage: mapOpenAIUsage(record.usage) };
}
