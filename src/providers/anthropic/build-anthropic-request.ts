import type { ChatCompletionRequest, UpstreamHttpRequest, UpstreamTarget } from '../types.ts';
import { joinUrl, ProviderRequestError } from '../provider-errors.ts';
import type { AnthropicMessagesRequest } from './anthropic-api-types.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { prepareAnthropicTools } from './prepare-anthropic-tools.ts';

/** The Messages API version header we speak. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** `max_tokens` is required by the Messages API; this is sent when the client gave none. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/**
 * Translates an OpenAI chat-completions request to the Messages API body. Fields with no
 * Anthropic equivalent (`response_format`, `n`, `logprobs`, penalties, `seed`) are dropped;
 * `stop` becomes `stop_sequences`, `user` becomes `metadata.user_id`, a non-standard `top_k`
 * is passed on.
 */
export function toAnthropicMessagesRequest(request: ChatCompletionRequest, model: string): AnthropicMessagesRequest {
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    const field = request.max_completion_tokens !== undefined ? 'max_completion_tokens' : 'max_tokens';
    throw new ProviderRequestError(field, `must be a positive integer, got ${JSON.stringify(maxTokens)}`);
  }
  if (!Array.isArray(request.messages)) throw new ProviderRequestError('messages', 'must be an array of chat messages');
  const { system, messages } = convertToAnthropicMessages(request.messages);
  const body: AnthropicMessagesRequest = { model, max_tokens: maxTokens, messages };
  if (system !== undefined) body.system = system;
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  if (typeof request.top_k === 'number') body.top_k = request.top_k;
  if (request.stop !== undefined && request.stop !== null) {
    const stops = typeof request.stop === 'string' ? [request.stop] : request.stop;
    if (stops.length > 0) body.stop_sequences = stops;
  }
  if (request.stream === true) body.stream = true;
  const { tools, toolChoice } = prepareAnthropicTools(request.tools, request.tool_choice, request.parallel_tool_calls);
  if (tools !== undefined) body.tools = tools;
  if (toolChoice !== undefined) body.tool_choice = toolChoice;
  if (typeof request.user === 'string' && request.user !== '') body.metadata = { user_id: request.user };
  return body;
}

/** Builds `POST {baseUrl}/messages` with `x-api-key` and `anthropic-version` headers. */
export function buildAnthropicRequest(request: ChatCompletionRequest, target: UpstreamTarget): UpstreamHttpRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: request.stream === true ? 'text/event-stream' : 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
    ...target.headers,
  };
  if (target.apiKey !== undefined && target.apiKey !== '') headers['x-api-key'] = target.apiKey;
  return {
    url: joinUrl(target.baseUrl, '/messages'),
    method: 'POST',
    headers,
    body: JSON.stringify(toAnthropicMessagesRequest(request, target.model)),
  };
}
