/**
 * Settings for translating one request, set by the gateway from the route that serves it and
 * read by adapters. They ride on the request under a symbol key, so they survive an object
 * spread of the request but never reach an upstream's JSON body (`JSON.stringify` skips
 * symbol keys) and never collide with a client's field.
 */
import type { ChatCompletionRequest } from './types.ts';

export interface TranslationOptions {
  /**
   * Parameters the upstream has no equivalent for (`n` > 1, `logprobs`, penalties, ...) are
   * dropped instead of answered with a 400 naming them.
   */
  dropUnsupportedParams: boolean;
}

const translationOptionsKey = Symbol('switchyard.translationOptions');

type WithTranslationOptions = ChatCompletionRequest & { [translationOptionsKey]?: TranslationOptions };

const defaults: TranslationOptions = { dropUnsupportedParams: false };

/** A shallow copy of the request carrying the options (the client's object is left as it was). */
export function withTranslationOptions(
  request: ChatCompletionRequest,
  options: TranslationOptions,
): ChatCompletionRequest {
  const copy: WithTranslationOptions = { ...request };
  copy[translationOptionsKey] = options;
  return copy;
}

/** The options the gateway attached, or the defaults (nothing dropped). */
export function translationOptionsOf(request: ChatCompletionRequest): TranslationOptions {
  return (request as WithTranslationOptions)[translationOptionsKey] ?? defaults;
}
