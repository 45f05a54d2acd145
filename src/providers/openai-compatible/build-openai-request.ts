import type { ChatCompletionRequest, UpstreamHttpRequest, UpstreamTarget } from '../types.ts';
import { joinUrl } from '../provider-errors.ts';

/**
 * Builds `POST {baseUrl}/chat/completions` for OpenAI or any OpenAI-compatible server.
 * Every client field is passed through untouched except `model` (replaced by the target's)
 * and, when streaming, `stream_options.include_usage` (forced on so the last chunk carries
 * token counts; the stream converter hides that chunk from clients that did not ask for it).
 */
export function buildOpenAIRequest(request: ChatCompletionRequest, target: UpstreamTarget): UpstreamHttpRequest {
  const body: Record<string, unknown> = { ...request, model: target.model };
  if (request.stream === true) body.stream_options = { ...request.stream_options, include_usage: true };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: request.stream === true ? 'text/event-stream' : 'application/json',
    ...target.headers,
  };
  if (target.apiKey !== undefined && target.apiKey !== '') headers.authorization = `Bearer ${target.apiKey}`;
  return { url: joinUrl(target.baseUrl, '/chat/completions'), method: 'POST', headers, body: JSON.stringify(body) };
}
