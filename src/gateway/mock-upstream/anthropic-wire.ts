/** The mock's Anthropic Messages side: reading a request and writing JSON and event-stream answers. */
import { contentTextOf, isRecord, stringOr } from './wire-helpers.ts';
import type { MockReplyInput, MockReplyPlan } from './mock-reply.ts';

function blockCharacters(content: unknown): number {
  if (typeof content === 'string') return content.length;
  if (!Array.isArray(content)) return 0;
  let characters = 0;
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block.type === 'text') characters += stringOr(block.text, '').length;
    else if (block.type === 'tool_result') characters += blockCharacters(block.content);
    else if (block.type === 'tool_use') characters += JSON.stringify(block.input ?? {}).length;
  }
  return characters;
}

/**
 * Characters of the prompt up to and including its last block with `cache_control` (system,
 * then messages, in order): what the real API writes to the prompt cache on a first request.
 * The mock reports that prefix as written on every request (it keeps no cache), 0 without a marker.
 */
function cachePrefixCharacters(system: unknown, messages: readonly unknown[]): number {
  let running = 0;
  let prefix = 0;
  const visit = (content: unknown): void => {
    if (typeof content === 'string') running += content.length;
    if (!Array.isArray(content)) return;
    for (const block of content) {
      running += blockCharacters([block]);
      if (isRecord(block) && isRecord(block.cache_control)) prefix = running;
    }
  };
  visit(system);
  for (const message of messages) if (isRecord(message)) visit(message.content);
  return prefix;
}

/** Reads a Messages API request; returns an error message for what the real API would reject. */
export function readAnthropicRequest(
  body: Record<string, unknown>,
): { input: MockReplyInput; stream: boolean } | { error: string } {
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1)
    return { error: 'max_tokens: Field required (a positive integer)' };
  if (!Array.isArray(body.messages)) return { error: 'messages: Field required' };
  let promptCharacters = blockCharacters(body.system);
  let lastUserText = '';
  for (const message of body.messages) {
    if (!isRecord(message)) continue;
    if (message.role !== 'user' && message.role !== 'assistant')
      return { error: `messages: role must be "user" or "assistant", got ${JSON.stringify(message.role)}` };
    promptCharacters += blockCharacters(message.content);
    if (message.role === 'user') {
      const text = contentTextOf(message.content);
      if (text !== '') lastUserText = text;
    }
  }
  let forcedToolName: string | undefined;
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const firstTool = tools[0];
  if (isRecord(firstTool) && typeof firstTool.name === 'string' && isRecord(body.tool_choice)) {
    if (body.tool_choice.type === 'any') forcedToolName = firstTool.name;
    else if (body.tool_choice.type === 'tool' && typeof body.tool_choice.name === 'string')
      forcedToolName = body.tool_choice.name;
  }
  return {
    input: {
      model: stringOr(body.model, 'mock-model'),
      lastUserText,
      promptCharacters,
      forcedToolName,
      cacheWriteCharacters: cachePrefixCharacters(body.system, body.messages),
    },
    stream: body.stream === true,
  };
}

function anthropicUsage(plan: MockReplyPlan, outputTokens: number): Record<string, number> {
  return {
    input_tokens: plan.inputTokens - plan.cachedInputTokens - plan.cacheWriteInputTokens,
    cache_creation_input_tokens: plan.cacheWriteInputTokens,
    cache_read_input_tokens: plan.cachedInputTokens,
    output_tokens: outputTokens,
  };
}

export function anthropicJsonBody(plan: MockReplyPlan, id: string): string {
  const content =
    plan.toolCall === undefined
      ? [{ type: 'text', text: plan.text }]
      : [
          {
            type: 'tool_use',
            id: plan.toolCall.id,
            name: plan.toolCall.name,
            input: JSON.parse(plan.toolCall.argumentsJson) as unknown,
          },
        ];
  const body: Record<string, unknown> = {
    id,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content,
    stop_reason: plan.toolCall === undefined ? 'end_turn' : 'tool_use',
    stop_sequence: null,
  };
  if (plan.withUsage) body.usage = anthropicUsage(plan, plan.outputTokens);
  return JSON.stringify(body);
}

function event(name: string, data: string): string {
  return `event: ${name}\ndata: ${data}\n\n`;
}

/** The event stream of an answer, one string per event, from message_start to message_stop. */
export function anthropicStreamEvents(plan: MockReplyPlan, id: string): string[] {
  const message: Record<string, unknown> = {
    id,
    type: 'message',
    role: 'assistant',
    content: [],
    model: plan.model,
    stop_reason: null,
    stop_sequence: null,
  };
  if (plan.withUsage) message.usage = anthropicUsage(plan, 1);
  const events = [event('message_start', JSON.stringify({ type: 'message_start', message }))];
  if (plan.toolCall === undefined) {
    events.push(
      event(
        'content_block_start',
        '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
      ),
    );
    events.push(event('ping', '{"type": "ping"}'));
    for (const piece of plan.textPieces)
      events.push(
        event(
          'content_block_delta',
          `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(piece)}}}`,
        ),
      );
  } else {
    const toolCall = plan.toolCall;
    events.push(
      event(
        'content_block_start',
        `{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":${JSON.stringify(toolCall.id)},"name":${JSON.stringify(toolCall.name)},"input":{}}}`,
      ),
    );
    events.push(event('ping', '{"type": "ping"}'));
    for (const piece of toolCall.argumentPieces)
      events.push(
        event(
          'content_block_delta',
          `{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":${JSON.stringify(piece)}}}`,
        ),
      );
  }
  events.push(event('content_block_stop', '{"type":"content_block_stop","index":0}'));
  const stopReason = plan.toolCall === undefined ? 'end_turn' : 'tool_use';
  const usage = plan.withUsage ? `,"usage":{"output_tokens":${plan.outputTokens}}` : '';
  events.push(
    event(
      'message_delta',
      `{"type":"message_delta","delta":{"stop_reason":"${stopReason}","stop_sequence":null}${usage}}`,
    ),
  );
  events.push(event('message_stop', '{"type":"message_stop"}'));
  return events;
}

/** The Messages API's error type for a status. */
function anthropicErrorType(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 429:
      return 'rate_limit_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

export function anthropicErrorBody(status: number, message: string): string {
  return JSON.stringify({ type: 'error', error: { type: anthropicErrorType(status), message } });
}
