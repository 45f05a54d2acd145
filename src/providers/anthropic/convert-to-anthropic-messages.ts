import type { ChatContentPart, ChatMessage } from '../types.ts';
import { asRecord, ProviderRequestError } from '../provider-errors.ts';
import type {
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicTextBlock,
} from './anthropic-api-types.ts';

/**
 * Converts OpenAI chat messages to the Messages API: system and developer messages become
 * the top-level `system` (joined with a blank line), tool calls become `tool_use` blocks,
 * tool messages become `tool_result` blocks in a user turn, and consecutive turns of the same
 * role are merged (the Messages API wants user and assistant turns to alternate).
 *
 * A content part's `cache_control` (`{type: "ephemeral", ttl?: "5m" | "1h"}`, the prompt-cache
 * breakpoint OpenAI-compatible clients pass for Anthropic) stays on the block made from it; a
 * system prompt with one becomes a list of text blocks (one per part) instead of a string, and
 * a tool result's part with one puts it on the `tool_result` block.
 *
 * Example: [system "Be brief", user "Hi", tool "42" (tool_call_id t1)] gives
 * `system: "Be brief"` and one user message `[{text "Hi"}, {tool_result t1 "42"}]`.
 */
export function convertToAnthropicMessages(messages: readonly ChatMessage[]): {
  system: string | AnthropicTextBlock[] | undefined;
  messages: AnthropicMessage[];
} {
  const systemParts: string[] = [];
  const systemBlocks: AnthropicTextBlock[] = [];
  let systemHasCacheControl = false;
  const converted: AnthropicMessage[] = [];
  const append = (role: 'user' | 'assistant', blocks: AnthropicContentBlock[]): void => {
    if (blocks.length === 0) return;
    const last = converted[converted.length - 1];
    if (last !== undefined && last.role === role) last.content.push(...blocks);
    else converted.push({ role, content: blocks });
  };

  messages.forEach((message, messageIndex) => {
    const field = `messages[${messageIndex}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOnly(message.content, `${field}.content`);
        if (text !== '') systemParts.push(text);
        if (cacheControlOf(message.content) !== undefined) systemHasCacheControl = true;
        systemBlocks.push(...textBlocks(message.content));
        return;
      }
      case 'user':
        append('user', userBlocks(message.content, `${field}.content`));
        return;
      case 'assistant': {
        const blocks: AnthropicContentBlock[] = [];
        const text = textOnly(message.content, `${field}.content`);
        if (cacheControlOf(message.content) !== undefined) blocks.push(...textBlocks(message.content));
        else if (text !== '') blocks.push({ type: 'text', text });
        (message.tool_calls ?? []).forEach((toolCall, callIndex) => {
          blocks.push({
            type: 'tool_use',
            id: toolCall.id,
            name: toolCall.function.name,
            input: parseArguments(toolCall.function.arguments, `${field}.tool_calls[${callIndex}].function.arguments`),
          });
        });
        append('assistant', blocks);
        return;
      }
      case 'tool': {
        if (typeof message.tool_call_id !== 'string' || message.tool_call_id === '') {
          throw new ProviderRequestError(
            `${field}.tool_call_id`,
            'a tool message needs the id of the tool call it answers',
          );
        }
        const toolResult: AnthropicContentBlock = {
          type: 'tool_result',
          tool_use_id: message.tool_call_id,
          content: textOnly(message.content, `${field}.content`),
        };
        const cacheControl = cacheControlOf(message.content);
        if (cacheControl !== undefined) toolResult.cache_control = cacheControl;
        append('user', [toolResult]);
        return;
      }
      default:
        throw new ProviderRequestError(
          `${field}.role`,
          `unknown role ${JSON.stringify((message as { role: unknown }).role)}; allowed: system, developer, user, assistant, tool`,
        );
    }
  });
  if (systemHasCacheControl) return { system: systemBlocks, messages: converted };
  return { system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined, messages: converted };
}

/** The cache marker of a content part, when it is the shape the gateway validated. */
function partCacheControl(part: ChatContentPart): AnthropicCacheControl | undefined {
  const marker = asRecord(part.cache_control);
  if (marker?.type !== 'ephemeral') return undefined;
  return marker.ttl === '5m' || marker.ttl === '1h' ? { type: 'ephemeral', ttl: marker.ttl } : { type: 'ephemeral' };
}

/** The last cache marker among a content's parts (a string content has none). */
function cacheControlOf(content: ChatMessage['content']): AnthropicCacheControl | undefined {
  if (!Array.isArray(content)) return undefined;
  let found: AnthropicCacheControl | undefined;
  for (const part of content) found = partCacheControl(part) ?? found;
  return found;
}

/** One text block per non-empty text part (refusals as text), each keeping its cache marker. */
function textBlocks(content: ChatMessage['content']): AnthropicTextBlock[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const blocks: AnthropicTextBlock[] = [];
  for (const part of content) {
    const text = part.type === 'text' ? part.text : part.type === 'refusal' ? part.refusal : undefined;
    if (typeof text !== 'string' || text === '') continue;
    const block: AnthropicTextBlock = { type: 'text', text };
    const cacheControl = partCacheControl(part);
    if (cacheControl !== undefined) block.cache_control = cacheControl;
    blocks.push(block);
  }
  return blocks;
}

function textOnly(content: ChatMessage['content'], field: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  const texts: string[] = [];
  content.forEach((part, partIndex) => {
    if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
    else if (part.type === 'refusal' && typeof part.refusal === 'string') texts.push(part.refusal);
    else
      throw new ProviderRequestError(
        `${field}[${partIndex}].type`,
        `content part ${JSON.stringify(part.type)} is not supported here; allowed: text`,
      );
  });
  return texts.join('\n');
}

function userBlocks(content: ChatMessage['content'], field: string): AnthropicContentBlock[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.map((part, partIndex) => convertUserPart(part, `${field}[${partIndex}]`));
}

function convertUserPart(part: ChatContentPart, field: string): AnthropicTextBlock | AnthropicImageBlock {
  const block = convertUserPartContent(part, field);
  const cacheControl = partCacheControl(part);
  if (cacheControl !== undefined) block.cache_control = cacheControl;
  return block;
}

function convertUserPartContent(part: ChatContentPart, field: string): AnthropicTextBlock | AnthropicImageBlock {
  if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
  if (part.type === 'image_url') {
    const url = asRecord(part.image_url)?.url;
    if (typeof url !== 'string')
      throw new ProviderRequestError(`${field}.image_url.url`, 'an image part needs a URL string');
    const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(url);
    if (dataUrl !== null)
      return { type: 'image', source: { type: 'base64', media_type: dataUrl[1], data: dataUrl[2] } };
    return { type: 'image', source: { type: 'url', url } };
  }
  throw new ProviderRequestError(
    `${field}.type`,
    `content part ${JSON.stringify(part.type)} is not supported for Anthropic; allowed: text, image_url`,
  );
}

function parseArguments(argumentsJson: string, field: string): unknown {
  if (argumentsJson.trim() === '') return {};
  try {
    return JSON.parse(argumentsJson);
  } catch {
    throw new ProviderRequestError(
      field,
      `tool call arguments must be a JSON object, got ${JSON.stringify(argumentsJson.slice(0, 80))}`,
    );
  }
}
