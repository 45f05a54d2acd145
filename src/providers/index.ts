/**
 * Wires the provider adapters. `createAdapter(kind)` is all the gateway needs; the helpers
 * re-exported below are for the gateway's error mapping, the mock upstream and tests.
 */
import { createAnthropicAdapter } from './anthropic/anthropic-adapter.ts';
import { createOpenAICompatibleAdapter } from './openai-compatible/openai-compatible-adapter.ts';
import type { ProviderAdapter } from './types.ts';
import { providerKinds } from '../core/routing/schema.ts';

export type ProviderKind = ProviderAdapter['kind'];

/** The provider kinds a route target may name. */
/** The provider kinds a routing config may name (one list: core/routing/schema.ts). */
export const PROVIDER_KINDS: readonly ProviderKind[] = providerKinds;

export interface CreateAdapterOptions {
  /** Clock for the `created` field of responses the adapter synthesises (Unix seconds); defaults to the system clock. */
  nowSeconds?: () => number;
}

/** Returns the adapter for a provider kind; throws a clear error naming the allowed kinds otherwise. */
export function createAdapter(kind: ProviderKind, options: CreateAdapterOptions = {}): ProviderAdapter {
  switch (kind) {
    case 'openai':
    case 'openai-compatible':
      return createOpenAICompatibleAdapter(kind);
    case 'anthropic':
      return createAnthropicAdapter(options);
    default:
      throw new Error(`unknown provider kind ${JSON.stringify(kind)}; allowed: ${PROVIDER_KINDS.join(', ')}`);
  }
}

export { ProviderRequestError, ProviderResponseError } from './provider-errors.ts';
export { SseParser, SSE_DONE, encodeSseData, encodeSseChunks, encodeSseEvent, type SseEvent } from './sse.ts';
export { estimateUsage, estimatePromptTokens, countTokens, preloadTokenizer } from './tokenizer.ts';
export { toOpenAIUsage, mapOpenAIUsage } from './openai-compatible/map-openai-usage.ts';
export type * from './types.ts';
