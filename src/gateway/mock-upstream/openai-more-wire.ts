/**
 * The mock's other OpenAI endpoints, in the shapes OpenAI's API reference gives them:
 * `POST /v1/embeddings` (a list of `embedding` objects, floats or base64 of little-endian
 * float32 as `encoding_format` asks; the official SDKs ask for base64 by default),
 * `POST /v1/completions` (`text_completion`, JSON or SSE with a usage chunk when
 * `stream_options.include_usage` is set) and `POST /v1/responses` (a `response` object, or
 * its event stream: `response.created` ... `response.output_text.delta` ...
 * `response.completed`). Vectors and texts are deterministic.
 */
import { MOCK_CREATED_SECONDS } from './openai-wire.ts';
import { mockTokenCount, type MockReplyInput, type MockReplyPlan } from './mock-reply.ts';
import { contentTextOf, isRecord, stringOr } from './wire-helpers.ts';

/** Dimensions of a mock embedding unless `dimensions` asks for others. */
export const MOCK_EMBEDDING_DIMENSIONS = 8;

export interface EmbeddingsRequest {
  model: string;
  /** Each input as text (token arrays as their numbers joined by spaces). */
  inputs: string[];
  base64: boolean;
  dimensions: number;
}

function inputTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  return input.map((item) => (Array.isArray(item) ? item.join(' ') : String(item)));
}

export function readEmbeddingsRequest(body: Record<string, unknown>): EmbeddingsRequest {
  const dimensions =
    typeof body.dimensions === 'number' && body.dimensions > 0
      ? Math.floor(body.dimensions)
      : MOCK_EMBEDDING_DIMENSIONS;
  return {
    model: stringOr(body.model, 'mock-model'),
    inputs: inputTexts(body.input),
    base64: body.encoding_format === 'base64',
    dimensions,
  };
}

/** A unit-length vector from the text's characters (same text, same vector). */
export function mockEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (let index = 0; index < text.length; index += 1)
    vector[index % dimensions] += ((text.charCodeAt(index) % 31) + 1) / 32;
  const length = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => Math.fround(value / length));
}

export function embeddingsJsonBody(request: EmbeddingsRequest): string {
  let promptTokens = 0;
  const data = request.inputs.map((text, index) => {
    promptTokens += mockTokenCount(text.length);
    const vector = mockEmbedding(text, request.dimensions);
    const embedding = request.base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  return JSON.stringify({
    object: 'list',
    data,
    model: request.model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}

/** A completions or responses request read as the mock's reply input. */
export interface TextRequest {
  input: MockReplyInput;
  stream: boolean;
  includeUsage: boolean;
}

export function readCompletionsRequest(body: Record<string, unknown>): TextRequest {
  const prompt = inputTexts(body.prompt).join('\n');
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  return {
    input: {
      model: stringOr(body.model, 'mock-model'),
      lastUserText: prompt,
      promptCharacters: prompt.length,
      forcedToolName: undefined,
    },
    stream: body.stream === true,
    includeUsage: streamOptions.include_usage === true,
  };
}

function completionsUsage(plan: MockReplyPlan): Record<string, unknown> {
  return {
    prompt_tokens: plan.inputTokens,
    completion_tokens: plan.outputTokens,
    total_tokens: plan.inputTokens + plan.outputTokens,
  };
}

export function completionsJsonBody(plan: MockReplyPlan, id: string): string {
  const body: Record<string, unknown> = {
    id,
    object: 'text_completion',
    created: MOCK_CREATED_SECONDS,
    model: plan.model,
    choices: [{ text: plan.text, index: 0, logprobs: null, finish_reason: 'stop' }],
  };
  if (plan.withUsage) body.usage = completionsUsage(plan);
  return JSON.stringify(body);
}

export function completionsStreamEvents(plan: MockReplyPlan, id: string, includeUsage: boolean): string[] {
  const head = `{"id":${JSON.stringify(id)},"object":"text_completion","created":${MOCK_CREATED_SECONDS},"model":${JSON.stringify(plan.model)},"choices":`;
  const events = plan.textPieces.map(
    (piece) => `data: ${head}[{"text":${JSON.stringify(piece)},"index":0,"logprobs":null,"finish_reason":null}]}\n\n`,
  );
  events.push(`data: ${head}[{"text":"","index":0,"logprobs":null,"finish_reason":"stop"}]}\n\n`);
  if (includeUsage && plan.withUsage)
    events.push(`data: ${head}[],"usage":${JSON.stringify(completionsUsage(plan))}}\n\n`);
  events.push('data: [DONE]\n\n');
  return events;
}

/** The text of a responses `input`: a string, or the last user message item's text. */
function responsesInputText(input: unknown): { lastUserText: string; promptCharacters: number } {
  if (typeof input === 'string') return { lastUserText: input, promptCharacters: input.length };
  let lastUserText = '';
  let promptCharacters = 0;
  if (Array.isArray(input))
    for (const item of input) {
      if (!isRecord(item)) continue;
      const content = item.content;
      const text =
        typeof content === 'string'
          ? content
          : Array.isArray(content)
            ? content
                .map((part) =>
                  isRecord(part) && (part.type === 'input_text' || part.type === 'text') ? stringOr(part.text, '') : '',
                )
                .join('')
            : contentTextOf(content);
      promptCharacters += text.length;
      if (item.role === 'user') lastUserText = text;
    }
  return { lastUserText, promptCharacters };
}

export function readResponsesRequest(body: Record<string, unknown>): TextRequest {
  const read = responsesInputText(body.input);
  const instructions = typeof body.instructions === 'string' ? body.instructions.length : 0;
  return {
    input: {
      model: stringOr(body.model, 'mock-model'),
      lastUserText: read.lastUserText,
      promptCharacters: read.promptCharacters + instructions,
      forcedToolName: undefined,
    },
    stream: body.stream === true,
    includeUsage: true,
  };
}

function responseObject(plan: MockReplyPlan, id: string, status: 'in_progress' | 'completed'): Record<string, unknown> {
  const done = status === 'completed';
  return {
    id,
    object: 'response',
    created_at: MOCK_CREATED_SECONDS,
    status,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: plan.model,
    output: done ? [messageItem(plan, id, 'completed')] : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage:
      done && plan.withUsage
        ? {
            input_tokens: plan.inputTokens,
            input_tokens_details: { cached_tokens: plan.cachedInputTokens },
            output_tokens: plan.outputTokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: plan.inputTokens + plan.outputTokens,
          }
        : null,
    metadata: {},
  };
}

function messageItem(plan: MockReplyPlan, id: string, status: 'in_progress' | 'completed'): Record<string, unknown> {
  return {
    type: 'message',
    id: `msg_${id.slice(5)}`,
    status,
    role: 'assistant',
    content: status === 'completed' ? [{ type: 'output_text', text: plan.text, annotations: [] }] : [],
  };
}

export function responsesJsonBody(plan: MockReplyPlan, id: string): string {
  return JSON.stringify(responseObject(plan, id, 'completed'));
}

export function responsesStreamEvents(plan: MockReplyPlan, id: string): string[] {
  const itemId = `msg_${id.slice(5)}`;
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
  const part = { type: 'output_text', text: '', annotations: [] };
  const events = [
    event('response.created', { response: responseObject(plan, id, 'in_progress') }),
    event('response.in_progress', { response: responseObject(plan, id, 'in_progress') }),
    event('response.output_item.added', { output_index: 0, item: messageItem(plan, id, 'in_progress') }),
    event('response.content_part.added', { item_id: itemId, output_index: 0, content_index: 0, part }),
  ];
  for (const piece of plan.textPieces)
    events.push(
      event('response.output_text.delta', { item_id: itemId, output_index: 0, content_index: 0, delta: piece }),
    );
  events.push(
    event('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text: plan.text }),
    event('response.content_part.done', {
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      part: { ...part, text: plan.text },
    }),
    event('response.output_item.done', { output_index: 0, item: messageItem(plan, id, 'completed') }),
    event('response.completed', { response: responseObject(plan, id, 'completed') }),
  );
  return events;
}
