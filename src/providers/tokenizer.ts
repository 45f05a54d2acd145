/**
 * Token counting for upstreams that report no usage (older OpenAI-compatible servers, a
 * stream cut before its usage chunk). Counts use OpenAI's o200k_base encoding through
 * js-tiktoken; for other model families the count is an estimate, hence `estimated: true`.
 *
 * Building the encoder takes a noticeable fraction of a second (it parses ~2 MB of ranks)
 * and holds ~130 MB, so it happens once, lazily, on first use; a server whose upstreams often
 * report no usage can call `preloadTokenizer()` at start-up so no request pays for it.
 */
import { createRequire } from 'node:module';
import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import { contentText } from './provider-errors.ts';
import type { ChatCompletionRequest, ChatMessage, Usage } from './types.ts';

const requireRanks = createRequire(import.meta.url);
let encoder: Tiktoken | undefined;

/** Per-message overhead of the chat format (OpenAI cookbook: 3 tokens per message). */
export const TOKENS_PER_MESSAGE = 3;
/** Tokens that prime the assistant's reply (OpenAI cookbook: 3). */
export const TOKENS_PER_REPLY = 3;
/** A rough flat count for one image part (OpenAI's low-detail image cost). */
export const TOKENS_PER_IMAGE = 85;

/** Builds the encoder now (idempotent). Call once at start-up to keep it off the request path. */
export function preloadTokenizer(): void {
  if (encoder !== undefined) return;
  const ranks = requireRanks('js-tiktoken/ranks/o200k_base') as TiktokenBPE | { default: TiktokenBPE };
  encoder = new Tiktoken('default' in ranks ? ranks.default : ranks);
}

/**
 * Number of o200k_base tokens in a text. Special-token strings such as `<|endoftext|>` are
 * counted as single tokens instead of throwing.
 *
 * Example: `countTokens('Hello world')` is 2.
 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  preloadTokenizer();
  return (encoder as Tiktoken).encode(text, 'all').length;
}

function messageTokens(message: ChatMessage): number {
  let tokens = TOKENS_PER_MESSAGE + countTokens(message.role) + countTokens(contentText(message.content));
  if (Array.isArray(message.content))
    for (const part of message.content) if (part.type === 'image_url') tokens += TOKENS_PER_IMAGE;
  if (typeof message.name === 'string') tokens += countTokens(message.name) + 1;
  for (const toolCall of message.tool_calls ?? [])
    tokens += countTokens(toolCall.function.name) + countTokens(toolCall.function.arguments);
  return tokens;
}

/**
 * Estimates usage with the tokenizer: input = for each message 3 + tokens(role) +
 * tokens(content) (+ name, tool calls, 85 per image) + tokens of the JSON tool definitions
 * + 3 for the reply priming; output = tokens(outputText). No cached tokens; `estimated: true`.
 *
 * Example: one user message "Hello world" and output "Hi there" gives
 * input 3 + 1 ("user") + 2 ("Hello world") + 3 = 9, output 2:
 * `{ inputTokens: 9, outputTokens: 2, cachedInputTokens: 0, estimated: true }`.
 */
export function estimateUsage(request: ChatCompletionRequest, outputText: string): Usage {
  let inputTokens = TOKENS_PER_REPLY;
  for (const message of request.messages) inputTokens += messageTokens(message);
  if (Array.isArray(request.tools) && request.tools.length > 0)
    inputTokens += countTokens(JSON.stringify(request.tools));
  return { inputTokens, outputTokens: countTokens(outputText), cachedInputTokens: 0, estimated: true };
}

/** Characters per token used by the cheap estimate (English prose averages about 4). */
export const CHARACTERS_PER_TOKEN = 4;

/**
 * A cheap prompt-size estimate for routing rules (no tokenizer): characters of every text
 * content, tool-call argument and tool definition, divided by 4, rounded up. Good to ±30% on
 * English prose; it is a threshold input, never a billed quantity.
 *
 * Example: one user message "Hello, how are you today?" (25 characters) gives ceil(25 / 4) = 7.
 */
export function estimatePromptTokens(request: ChatCompletionRequest): number {
  let characters = 0;
  for (const message of request.messages) {
    characters += contentText(message.content).length;
    for (const toolCall of message.tool_calls ?? []) characters += toolCall.function.arguments.length;
  }
  if (Array.isArray(request.tools) && request.tools.length > 0) characters += JSON.stringify(request.tools).length;
  return Math.ceil(characters / CHARACTERS_PER_TOKEN);
}
