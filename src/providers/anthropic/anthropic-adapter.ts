import type { ProviderAdapter } from '../types.ts';
import { createAnthropicStreamConverter } from './anthropic-stream-converter.ts';
import { buildAnthropicRequest } from './build-anthropic-request.ts';
import { convertAnthropicResponse } from './convert-anthropic-response.ts';
import { JSON_RESPONSE_TOOL_NAME, wantsJsonAnswer } from './prepare-anthropic-response-format.ts';

export interface AnthropicAdapterOptions {
  /** Clock for the `created` field of converted responses and chunks (Unix seconds). */
  nowSeconds?: () => number;
}

/** The adapter that speaks the Anthropic Messages API behind an OpenAI chat-completions front. */
export function createAnthropicAdapter(options: AnthropicAdapterOptions = {}): ProviderAdapter {
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  return {
    kind: 'anthropic',
    buildRequest: buildAnthropicRequest,
    parseResponse: (body, request) =>
      convertAnthropicResponse(body, nowSeconds(), wantsJsonAnswer(request) ? JSON_RESPONSE_TOOL_NAME : undefined),
    createStreamConverter: (request, options) => createAnthropicStreamConverter(request, nowSeconds, options),
  };
}
