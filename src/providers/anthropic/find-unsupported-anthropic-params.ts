import type { ChatCompletionRequest } from '../types.ts';

/** An OpenAI parameter the Messages API cannot honour, with why. */
export interface UnsupportedParam {
  field: string;
  message: string;
}

const hint = 'omit it, send it to an OpenAI-compatible target, or set dropUnsupportedParams: true on the route';

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * The OpenAI chat-completions parameters of a request that have no Anthropic equivalent and ask
 * for something (their default values ask for nothing and pass): `n` other than 1, `logprobs:
 * true`, `top_logprobs`, non-zero `frequency_penalty` / `presence_penalty`, a non-empty
 * `logit_bias`, `seed`, `audio` or `modalities` beyond text, `prediction`, `web_search_options`,
 * `verbosity` other than "medium". Hints with no visible effect on the answer (`store`,
 * `service_tier`, `prompt_cache_key`, `safety_identifier`) are not listed: they are ignored.
 *
 * Example: `{ n: 2, logprobs: false, seed: 7 }` gives the fields `n` and `seed`.
 */
export function findUnsupportedAnthropicParams(request: ChatCompletionRequest): UnsupportedParam[] {
  const found: UnsupportedParam[] = [];
  const add = (field: string, what: string): void => {
    const sent = JSON.stringify(request[field]) ?? String(request[field]);
    found.push({
      field,
      message: `${sent.length <= 40 ? sent : `${sent.slice(0, 40)}…`} (${what}) has no equivalent in Anthropic's Messages API; ${hint}`,
    });
  };
  if (isSet(request.n) && request.n !== 1) add('n', 'more than one choice');
  if (request.logprobs === true) add('logprobs', 'token log probabilities');
  if (isSet(request.top_logprobs) && request.top_logprobs !== 0) add('top_logprobs', 'token log probabilities');
  for (const field of ['frequency_penalty', 'presence_penalty'] as const) {
    const value = request[field];
    if (isSet(value) && value !== 0) add(field, 'a repetition penalty');
  }
  const logitBias = request.logit_bias;
  if (typeof logitBias === 'object' && logitBias !== null && Object.keys(logitBias).length > 0)
    add('logit_bias', 'token biases');
  if (isSet(request.seed)) add('seed', 'deterministic sampling');
  if (isSet(request.audio)) add('audio', 'audio output');
  const modalities = request.modalities;
  if (Array.isArray(modalities) && modalities.some((modality) => modality !== 'text'))
    add('modalities', 'output beyond text');
  if (isSet(request.prediction)) add('prediction', 'predicted outputs');
  if (isSet(request.web_search_options)) add('web_search_options', 'web search');
  if (isSet(request.verbosity) && request.verbosity !== 'medium') add('verbosity', 'answer length control');
  return found;
}
