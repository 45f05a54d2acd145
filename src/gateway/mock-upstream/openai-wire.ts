/** The mock's OpenAI chat-completions side: reading a request and writing JSON and SSE answers. */
import { contentTextOf, isRecord, stringOr } from './wire-helpers.ts';
import type { MockReplyInput, MockReplyPlan } from './mock-reply.ts';

/** Fixed `created` timestamp of every mock answer (deterministic bytes). */
export const MOCK_CREATED_SECONDS = 1_700_000_000;

export function readOpenAIRequest(body: Record<string, unknown>): {
  input: MockReplyInput;
  stream: boolean;
  includeUsage: boolean;
} {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  let promptCharacters = 0;
  let lastUserText = '';
  for (const message of messages) {
    if (!isRecord(message)) continue;
    const text = contentTextOf(message.content);
    promptCharacters += text.length;
    if (Array.isArray(message.tool_calls)) {
      for (const toolCall of message.tool_calls)
        if (isRecord(toolCall) && isRecord(toolCall.function))
          promptCharacters += stringOr(toolCall.function.arguments, '').length;
    }
    if (message.role === 'user') lastUserText = text;
  }
  let forcedToolName: string | undefined;
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const firstTool = tools[0];
  if (isRecord(firstTool) && isRecord(firstTool.function) && typeof firstTool.function.name === 'string') {
    if (body.tool_choice === 'required') forcedToolName = firstTool.function.name;
    else if (
      isRecord(body.tool_choice) &&
      isRecord(body.tool_choice.function) &&
      typeof body.tool_choice.function.name === 'string'
    )
      forcedToolName = body.tool_choice.function.name;
  }
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  return {
    input: { model: stringOr(body.model, 'mock-model'), lastUserText, promptCharacters, forcedToolName },
    stream: body.stream === true,
    includeUsage: streamOptions.include_usage === true,
  };
}

function openAIUsage(plan: MockReplyPlan): Record<string, unknown> {
  return {
    prompt_tokens: plan.inputTokens,
    completion_tokens: plan.outputTokens,
    total_tokens: plan.inputTokens + plan.outputTokens,
    prompt_tokens_details: { cached_tokens: plan.cachedInputTokens },
  };
}

export function openAIJsonBody(plan: MockReplyPlan, id: string): string {
  const message: Record<string, unknown> =
    plan.toolCall === undefined
      ? { role: 'assistant', content: plan.text }
      : {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: plan.toolCall.id,
              type: 'function',
              function: { name: plan.toolCall.name, arguments: plan.toolCall.argumentsJson },
            },
          ],
        };
  const body: Record<string, unknown> = {
    id,
    object: 'chat.completion',
    created: MOCK_CREATED_SECONDS,
    model: plan.model,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: plan.toolCall === undefined ? 'stop' : 'tool_calls' },
    ],
  };
  if (plan.withUsage) body.usage = openAIUsage(plan);
  return JSON.stringify(body);
}

/** The SSE events of a streamed answer, one string per event, ending with `data: [DONE]`. */
export function openAIStreamEvents(plan: MockReplyPlan, id: string, includeUsage: boolean): string[] {
  const prefix = `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${MOCK_CREATED_SECONDS},"model":${JSON.stringify(plan.model)},"choices":`;
  const choice = (delta: string, finishReason: string | null): string =>
    `${prefix}[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finishReason === null ? 'null' : `"${finishReason}"`}}]}\n\n`;
  const events: string[] = [];
  if (plan.toolCall === undefined) {
    events.push(choice('{"role":"assistant","content":""}', null));
    for (const piece of plan.textPieces) events.push(choice(`{"content":${JSON.stringify(piece)}}`, null));
    events.push(choice('{}', 'stop'));
  } else {
    const toolCall = plan.toolCall;
    events.push(
      choice(
        `{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":${JSON.stringify(toolCall.id)},"type":"function","function":{"name":${JSON.stringify(toolCall.name)},"arguments":""}}]}`,
        null,
      ),
    );
    for (const piece of toolCall.argumentPieces)
      events.push(choice(`{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(piece)}}}]}`, null));
    events.push(choice('{}', 'tool_calls'));
  }
  if (includeUsage && plan.withUsage) events.push(`${prefix}[],"usage":${JSON.stringify(openAIUsage(plan))}}\n\n`);
  events.push('data: [DONE]\n\n');
  return events;
}

/** An error body as OpenAI words it for the status (type, code and param as its API sends them). */
export function openAIErrorBody(status: number, message: string): string {
  let type = status >= 500 ? 'server_error' : 'invalid_request_error';
  let code: string | null = null;
  let param: string | null = null;
  if (status === 429) {
    type = 'rate_limit_exceeded';
    code = 'rate_limit_exceeded';
  } else if (status === 401) code = 'invalid_api_key';
  else if (status === 403) {
    type = 'request_forbidden';
    code = 'unsupported_country_region_territory';
  } else if (status === 404) code = 'model_not_found';
  else if (status === 400 && message.includes('context length')) {
    code = 'context_length_exceeded';
    param = 'messages';
  }
  return JSON.stringify({ error: { message, type, param, code } });
}
