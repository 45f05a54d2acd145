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
  const stream = request.stream === true;
  if (stream) body.stream_options = { ...request.stream_options, include_usage: true };
  const fixed = fixedParts(target);
  return {
    url: fixed.url,
    method: 'POST',
    headers: stream ? fixed.sseHeaders : fixed.jsonHeaders,
    body: JSON.stringify(body),
  };
}

/** What every request to one target shares: its URL and headers (never mutated by callers). */
interface FixedParts {
  url: string;
  jsonHeaders: Record<string, string>;
  sseHeaders: Record<string, string>;
}

/** Per target object: a gateway builds one target per upstream and reuses it for every request. */
const fixedPartsByTarget = new WeakMap<UpstreamTarget, FixedParts>();

function fixedParts(target: UpstreamTarget): FixedParts {
  let fixed = fixedPartsByTarget.get(target);
  if (fixed === undefined) {
    const headers = (accept: string): Record<string, string> => {
      const built: Record<string, string> = { 'content-type': 'application/json', accept, ...target.headers };
      if (target.apiKey !== undefined && target.apiKey !== '') built.authorization = `Bearer ${target.apiKey}`;
      return built;
    };
    fixed = {
      url: joinUrl(target.baseUrl, '/chat/completions'),
      jsonHeaders: headers('application/json'),
      sseHeaders: headers('text/event-stream'),
    };
    fixedPartsByTarget.set(target, fixed);
  }
  return fixed;
}
