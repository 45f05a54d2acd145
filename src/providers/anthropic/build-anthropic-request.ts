import type { ChatCompletionRequest, UpstreamHttpRequest, UpstreamTarget } from '../types.ts';
import { joinUrl, ProviderRequestError } from '../provider-errors.ts';
import { translationOptionsOf } from '../translation-options.ts';
import type { AnthropicMessagesRequest, AnthropicTool, AnthropicToolChoice } from './anthropic-api-types.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { findUnsupportedAnthropicParams } from './find-unsupported-anthropic-params.ts';
import { JSON_RESPONSE_TOOL_NAME, prepareAnthropicResponseFormat } from './prepare-anthropic-response-format.ts';
import { prepareAnthropicThinking } from './prepare-anthropic-thinking.ts';
import { prepareAnthropicTools } from './prepare-anthropic-tools.ts';

export { DEFAULT_ANTHROPIC_MAX_TOKENS } from './prepare-anthropic-thinking.ts';

/** The Messages API version header we speak. */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * The client's tools plus, when `response_format` asks for JSON, the JSON-answer tool, and a
 * `tool_choice` that makes the answer come through it: forced when the client sent no tools or
 * `tool_choice: "none"`; "any" (a client tool or the JSON answer) for "auto" or no choice; the
 * client's own choice when it forces one of its tools ("required", a named function), since
 * that turn is a tool call and has no answer to shape.
 */
function prepareTooling(request: ChatCompletionRequest): {
  tools: AnthropicTool[] | undefined;
  toolChoice: AnthropicToolChoice | undefined;
} {
  const jsonTool = prepareAnthropicResponseFormat(request);
  const client = prepareAnthropicTools(request.tools, request.tool_choice, request.parallel_tool_calls);
  if (jsonTool === undefined) return client;
  const forceJson: AnthropicToolChoice = { type: 'tool', name: JSON_RESPONSE_TOOL_NAME };
  if (client.tools === undefined) return { tools: [jsonTool], toolChoice: forceJson };
  const choice = client.toolChoice;
  if (choice === undefined || choice.type === 'auto')
    return {
      tools: [...client.tools, jsonTool],
      toolChoice: choice?.disable_parallel_tool_use
        ? { type: 'any', disable_parallel_tool_use: true }
        : { type: 'any' },
    };
  if (choice.type === 'none') return { tools: [...client.tools, jsonTool], toolChoice: forceJson };
  return client;
}

/**
 * Translates an OpenAI chat-completions request to the Messages API body: `stop` becomes
 * `stop_sequences`, `user` becomes `metadata.user_id`, a non-standard `top_k` is passed on,
 * `response_format` JSON becomes a forced tool (prepareTooling), `reasoning_effort` becomes
 * extended thinking (prepareAnthropicThinking). Parameters with no equivalent
 * (findUnsupportedAnthropicParams) are refused with a ProviderRequestError naming them, and so
 * are combinations extended thinking does not allow (a forced tool; temperature other than 1,
 * top_p below 0.95, top_k), unless the route sets `dropUnsupportedParams`: then they are left out
 * (for a forced tool, the thinking is left out).
 */
export function toAnthropicMessagesRequest(request: ChatCompletionRequest, model: string): AnthropicMessagesRequest {
  const drop = translationOptionsOf(request).dropUnsupportedParams;
  if (!drop) {
    const unsupported = findUnsupportedAnthropicParams(request)[0];
    if (unsupported !== undefined) throw new ProviderRequestError(unsupported.field, unsupported.message);
  }
  const maxTokensField = typeof request.max_completion_tokens === 'number' ? 'max_completion_tokens' : 'max_tokens';
  const clientMaxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  if (clientMaxTokens !== undefined && (!Number.isInteger(clientMaxTokens) || clientMaxTokens < 1))
    throw new ProviderRequestError(
      maxTokensField,
      `must be a positive integer, got ${JSON.stringify(clientMaxTokens)}`,
    );
  if (!Array.isArray(request.messages)) throw new ProviderRequestError('messages', 'must be an array of chat messages');
  const { system, messages } = convertToAnthropicMessages(request.messages);
  const { tools, toolChoice } = prepareTooling(request);

  let reasoningEffort = request.reasoning_effort;
  const thinkingAsked = typeof reasoningEffort === 'string' && reasoningEffort !== 'none';
  if (thinkingAsked && (toolChoice?.type === 'any' || toolChoice?.type === 'tool')) {
    if (!drop)
      throw new ProviderRequestError(
        'reasoning_effort',
        'extended thinking cannot be combined with a forced tool on Anthropic (tool_choice "required" or a named function, or a JSON response_format, which is answered through a forced tool); omit one, or set dropUnsupportedParams: true on the route to drop the thinking',
      );
    reasoningEffort = undefined;
  }
  const { maxTokens, thinking } = prepareAnthropicThinking(reasoningEffort, clientMaxTokens, maxTokensField);

  const body: AnthropicMessagesRequest = { model, max_tokens: maxTokens, messages };
  if (system !== undefined) body.system = system;
  const sampling = {
    temperature: typeof request.temperature === 'number' ? request.temperature : undefined,
    top_p: typeof request.top_p === 'number' ? request.top_p : undefined,
    top_k: typeof request.top_k === 'number' ? request.top_k : undefined,
  };
  if (thinking !== undefined) {
    const refused =
      sampling.temperature !== undefined && sampling.temperature !== 1
        ? 'temperature'
        : sampling.top_p !== undefined && sampling.top_p < 0.95
          ? 'top_p'
          : sampling.top_k !== undefined
            ? 'top_k'
            : undefined;
    if (refused !== undefined && !drop)
      throw new ProviderRequestError(
        refused,
        'with reasoning_effort (extended thinking) Anthropic accepts only temperature 1, top_p from 0.95 to 1 and no top_k; omit it, or set dropUnsupportedParams: true on the route',
      );
    if (sampling.temperature !== 1) sampling.temperature = undefined;
    if (sampling.top_p !== undefined && sampling.top_p < 0.95) sampling.top_p = undefined;
    sampling.top_k = undefined;
    body.thinking = thinking;
  }
  if (sampling.temperature !== undefined) body.temperature = sampling.temperature;
  if (sampling.top_p !== undefined) body.top_p = sampling.top_p;
  if (sampling.top_k !== undefined) body.top_k = sampling.top_k;
  if (request.stop !== undefined && request.stop !== null) {
    const stops = typeof request.stop === 'string' ? [request.stop] : request.stop;
    if (stops.length > 0) body.stop_sequences = stops;
  }
  if (request.stream === true) body.stream = true;
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
