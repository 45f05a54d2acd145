import type { ChatCompletionResponse, ChatToolCall, Usage } from '../types.ts';
import { ProviderResponseError } from '../provider-errors.ts';
import { toOpenAIUsage } from '../openai-compatible/map-openai-usage.ts';
import { anthropicResponseSchema } from './anthropic-api-types.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';
import { mapAnthropicUsage } from './map-anthropic-usage.ts';

/**
 * Converts a Messages API response to an OpenAI chat.completion: text blocks are joined into
 * `content`, `tool_use` blocks become `tool_calls` with JSON-string `arguments`, the stop
 * reason is mapped, and usage is reported both in OpenAI form and as our `Usage`. When the
 * request asked for a JSON answer (`jsonAnswerTool` is the JSON-answer tool's name) and the
 * model called that tool, its input is the content (JSON text, any prose around it dropped)
 * and, with no other tool called, the finish reason is `stop`. Thinking blocks are not shown
 * (chat completions has no field for them).
 */
export function convertAnthropicResponse(
  body: unknown,
  createdSeconds: number,
  jsonAnswerTool?: string,
): { response: ChatCompletionResponse; usage: Usage | undefined } {
  const parsed = anthropicResponseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProviderResponseError(
      `upstream response is not an Anthropic message: ${issue === undefined ? 'invalid' : `${issue.path.join('.') || '(root)'}: ${issue.message}`}`,
    );
  }
  const message = parsed.data;
  let text = '';
  let jsonAnswer: string | undefined;
  const toolCalls: ChatToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'tool_use' && jsonAnswerTool !== undefined && block.name === jsonAnswerTool)
      jsonAnswer = JSON.stringify(block.input ?? {});
    else if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  if (jsonAnswer !== undefined) text = jsonAnswer;
  const usage = message.usage === undefined || message.usage === null ? undefined : mapAnthropicUsage(message.usage);
  const response: ChatCompletionResponse = {
    id: message.id,
    object: 'chat.completion',
    created: createdSeconds,
    model: message.model,
    choices: [
      {
        index: 0,
        message:
          toolCalls.length > 0
            ? { role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls }
            : { role: 'assistant', content: text },
        finish_reason: mapAnthropicStopReason(message.stop_reason, {
          answeredWithJsonTool: jsonAnswer !== undefined && toolCalls.length === 0,
        }),
      },
    ],
  };
  if (usage !== undefined) response.usage = toOpenAIUsage(usage);
  return { response, usage };
}
