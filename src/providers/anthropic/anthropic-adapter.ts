import type { ProviderAdapter } from '../types.ts';
import { createAnthropicStreamConverter } from './anthropic-stream-converter.ts';
import { buildAnthropicRequest } from './build-anthropic-request.ts';
import { convertAnthropicResponse } from './convert-anthropic-response.ts';

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
    parseResponse: (body) => convertAnthropicResponse(body, nowSeconds()),
    createStreamConverter: (request) => createAnthropicStreamConverter(request, nowSeconds),
  };
}
