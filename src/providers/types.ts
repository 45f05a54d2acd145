/**
 * The provider spec: types only. Each upstream (OpenAI, Anthropic, any
 * OpenAI-compatible server) implements `ProviderAdapter` in its own folder with small
 * pure files. The gateway only ever speaks OpenAI chat-completions to clients;
 * adapters translate to and from their vendor's wire format.
 */

/**
 * An OpenAI chat-completions request body as the client sent it (only read fields are typed).
 * The gateway validates these fields at the edge (`src/gateway/chat-request-schema.ts`); OpenAI
 * accepts `null` for every optional one, so the types do too.
 */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean | null } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stop?: string | string[] | null;
  tools?: ChatTool[] | null;
  tool_choice?: unknown;
  parallel_tool_calls?: boolean | null;
  response_format?: ChatResponseFormat | null;
  /** Choices to generate; only 1 can be translated for upstreams that generate one. */
  n?: number | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  /** OpenAI's reasoning effort (`none`, `minimal`, `low`, `medium`, `high`, `xhigh`, or a newer value). */
  reasoning_effort?: string | null;
  user?: string | null;
  /** Any other field is passed through untouched to OpenAI-compatible upstreams. */
  [extra: string]: unknown;
}

/** OpenAI's `response_format`: plain text, any JSON object, or JSON that follows a schema. */
export type ChatResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: {
        name: string;
        description?: string;
        schema?: Record<string, unknown>;
        strict?: boolean | null;
      };
    };

/** Prompt-cache marker on a content part (Anthropic's; OpenAI clients pass it as an extra field). */
export interface ChatCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatContentPart =
  | { type: 'text'; text: string; cache_control?: ChatCacheControl }
  | { type: string; [key: string]: unknown };

export interface ChatMessage {
  /** `function` is OpenAI's deprecated tool-result role: passed through, not translated. */
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';
  content?: string | ChatContentPart[] | null;
  name?: string | null;
  tool_calls?: ChatToolCall[] | null;
  tool_call_id?: string | null;
  [extra: string]: unknown;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /**
   * The part of inputTokens written to the provider's prompt cache, when the provider bills
   * writes apart (Anthropic's `cache_creation_input_tokens`); absent when it reports none.
   */
  cacheWriteInputTokens?: number;
  /** True when counted by our tokenizer because the upstream reported none. */
  estimated: boolean;
}

/** OpenAI chat.completion (non-streaming) response, as sent to clients. */
export interface ChatCompletionResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[] };
    finish_reason: string | null;
  }>;
  usage?: {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    prompt_tokens_details?: { cached_tokens?: number };
  };
  [extra: string]: unknown;
}

/** OpenAI chat.completion.chunk, as sent to clients in SSE `data:` lines. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    delta: {
      role?: 'assistant';
      content?: string | null;
      tool_calls?: Array<Partial<ChatToolCall> & { index: number }>;
    };
    finish_reason: string | null;
  }>;
  usage?: ChatCompletionResponse['usage'] | null;
  [extra: string]: unknown;
}

/** What an adapter needs to build the upstream HTTP request. */
export interface UpstreamTarget {
  /** Base URL, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  /** Model name the upstream expects. */
  model: string;
  /** Resolved secret (read from the env var named in the config); never logged. */
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface UpstreamHttpRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

export interface ProviderAdapter {
  readonly kind: 'openai' | 'openai-compatible' | 'anthropic';
  /** Builds the upstream request for a chat completion (stream or not). */
  buildRequest(request: ChatCompletionRequest, target: UpstreamTarget): UpstreamHttpRequest;
  /** Converts a complete upstream JSON body to an OpenAI chat.completion. */
  parseResponse(
    body: unknown,
    request: ChatCompletionRequest,
  ): { response: ChatCompletionResponse; usage: Usage | undefined };
  /**
   * Creates a stateful converter for a streaming upstream: feed it raw body bytes as they
   * arrive, it returns OpenAI chunks to send on; `finish()` says whether the stream ended
   * properly (a cut stream is an error) and gives the usage seen.
   */
  createStreamConverter(request: ChatCompletionRequest, options?: StreamConverterOptions): StreamConverter;
}

/** Limits the gateway sets per target on a stream converter. */
export interface StreamConverterOptions {
  /** Largest SSE event accepted (see `SseParserOptions`); a larger one makes `push` throw `SseEventTooLargeError`. */
  maxEventBytes?: number;
}

export interface StreamConverter {
  push(bytes: Uint8Array): ChatCompletionChunk[];
  /**
   * Ends the stream. `chunks` (optional, may be absent or empty) are the last chunks that only
   * the end of input completed (an upstream that closed without a final blank line); send them
   * before `data: [DONE]`. `error` is set whenever `complete` is false.
   */
  finish(): { complete: boolean; usage: Usage | undefined; error?: string; chunks?: ChatCompletionChunk[] };
}
