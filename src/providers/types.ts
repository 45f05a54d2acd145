/**
 * The provider spec: types only. Each upstream (OpenAI, Anthropic, any
 * OpenAI-compatible server) implements `ProviderAdapter` in its own folder with small
 * pure files. The gateway only ever speaks OpenAI chat-completions to clients;
 * adapters translate to and from their vendor's wire format.
 */

/** An OpenAI chat-completions request body as the client sent it (only read fields are typed). */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  tools?: ChatTool[];
  tool_choice?: unknown;
  response_format?: unknown;
  /** Any other field is passed through untouched to OpenAI-compatible upstreams. */
  [extra: string]: unknown;
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

export type ChatContentPart = { type: 'text'; text: string } | { type: string; [key: string]: unknown };

export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content: string | ChatContentPart[] | null;
  name?: string;
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
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
  createStreamConverter(request: ChatCompletionRequest): StreamConverter;
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
