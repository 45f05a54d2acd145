/**
 * What the mock answers, decided from the request alone (deterministic): the text (an echo
 * of the last user message, or a fixed reply) or, when the request forces a tool, a call to
 * that tool; the stream pieces; and token counts of ceil(characters / 4).
 */

export interface MockToolCall {
  id: string;
  name: string;
  argumentsJson: string;
  argumentPieces: string[];
}

export interface MockReplyPlan {
  /** Model named in the request (echoed back, so tests see which target model was asked for). */
  model: string;
  text: string;
  textPieces: string[];
  toolCall: MockToolCall | undefined;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** Prompt tokens reported as written to the prompt cache (Anthropic's `cache_creation_input_tokens`). */
  cacheWriteInputTokens: number;
  /** False under the `no-usage` fault. */
  withUsage: boolean;
}

/** Characters per mock token: the mock counts ceil(characters / 4), documented for tests. */
export const MOCK_CHARACTERS_PER_TOKEN = 4;

/**
 * Mock token count of a text: ceil(characters / 4), at least 1 for a non-empty text.
 * Example: "Hello, how are you today?" (25 characters) counts 7.
 */
export function mockTokenCount(characters: number): number {
  return Math.ceil(characters / MOCK_CHARACTERS_PER_TOKEN);
}

/**
 * Splits a text into `pieceCount` pieces of near-equal length (never inside a UTF-16
 * surrogate pair); fewer pieces when the text is shorter. Example: ("abcdefg", 3) gives
 * ["abc", "de", "fg"].
 */
export function splitIntoPieces(text: string, pieceCount: number): string[] {
  const characters = Array.from(text);
  const count = Math.max(1, Math.min(Math.floor(pieceCount), characters.length));
  if (count === 1) return [text];
  const pieces: string[] = [];
  const baseLength = Math.floor(characters.length / count);
  const longer = characters.length % count;
  let position = 0;
  for (let index = 0; index < count; index += 1) {
    const length = baseLength + (index < longer ? 1 : 0);
    pieces.push(characters.slice(position, position + length).join(''));
    position += length;
  }
  return pieces;
}

export interface MockReplyInput {
  model: string;
  /** Text of the last user message (already extracted from the wire format). */
  lastUserText: string;
  /** Characters of every prompt text (system, messages, tool results, tool-call arguments). */
  promptCharacters: number;
  /** The tool the request forces, if any (OpenAI `tool_choice` required/function, Anthropic any/tool). */
  forcedToolName: string | undefined;
  /** Characters of the prompt prefix the request marks for caching (Anthropic `cache_control`); 0 or absent: none. */
  cacheWriteCharacters?: number;
}

export function planMockReply(
  input: MockReplyInput,
  settings: { reply: string; chunkCount: number; cachedInputTokens: number; withUsage: boolean; requestNumber: number },
): MockReplyPlan {
  const inputTokens = mockTokenCount(input.promptCharacters);
  const cachedInputTokens = Math.min(settings.cachedInputTokens, inputTokens);
  const cacheWriteInputTokens = Math.min(
    mockTokenCount(input.cacheWriteCharacters ?? 0),
    inputTokens - cachedInputTokens,
  );
  if (input.forcedToolName !== undefined) {
    const argumentsJson = JSON.stringify({ echo: input.lastUserText });
    return {
      model: input.model,
      text: '',
      textPieces: [],
      toolCall: {
        id: `call_mock_${settings.requestNumber}`,
        name: input.forcedToolName,
        argumentsJson,
        argumentPieces: splitIntoPieces(argumentsJson, Math.min(3, settings.chunkCount)),
      },
      inputTokens,
      outputTokens: Math.max(1, mockTokenCount(argumentsJson.length)),
      cachedInputTokens,
      cacheWriteInputTokens,
      withUsage: settings.withUsage,
    };
  }
  const text =
    settings.reply === 'echo' ? (input.lastUserText === '' ? '(empty)' : input.lastUserText) : settings.reply;
  return {
    model: input.model,
    text,
    textPieces: splitIntoPieces(text, settings.chunkCount),
    toolCall: undefined,
    inputTokens,
    outputTokens: Math.max(1, mockTokenCount(text.length)),
    cachedInputTokens,
    cacheWriteInputTokens,
    withUsage: settings.withUsage,
  };
}
