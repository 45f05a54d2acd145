import type { ProviderAdapter } from '../types.ts';
import { buildOpenAIRequest } from './build-openai-request.ts';
import { createOpenAIStreamConverter } from './openai-stream-converter.ts';
import { parseOpenAIResponse } from './parse-openai-response.ts';

/** The adapter for OpenAI itself and every server that speaks its chat-completions API. */
export function createOpenAICompatibleAdapter(kind: 'openai' | 'openai-compatible'): ProviderAdapter {
  return {
    kind,
    buildRequest: buildOpenAIRequest,
    parseResponse: parseOpenAIResponse,
    createStreamConverter: createOpenAIStreamConverter,
  };
}
