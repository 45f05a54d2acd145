import type {
  ChatCompletionChunk,
  ChatCompletionRequest,
  StreamConverter,
  StreamConverterOptions,
  Usage,
} from '../types.ts';
import { asRecord, excerpt } from '../provider-errors.ts';
import { toOpenAIUsage } from '../openai-compatible/map-openai-usage.ts';
import { SseParser, type SseEvent } from '../sse.ts';
import { anthropicStreamEventSchema, type AnthropicStreamEvent, type AnthropicUsage } from './anthropic-api-types.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';
import { mapAnthropicUsage } from './map-anthropic-usage.ts';
import { JSON_RESPONSE_TOOL_NAME, wantsJsonAnswer } from './prepare-anthropic-response-format.ts';

type ChunkDelta = ChatCompletionChunk['choices'][number]['delta'];

const KNOWN_EVENT_TYPES = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
]);

/**
 * Transforms a Messages API event stream into OpenAI chat.completion.chunk objects:
 * message_start -> a role chunk; text_delta -> content deltas; a tool_use block -> a tool_call
 * delta with its index, id and name, then its input_json_delta pieces as `arguments` deltas;
 * message_delta -> a chunk with the mapped finish_reason, then (when the client asked for
 * `stream_options.include_usage`) a usage chunk with empty choices. ping is skipped; an error
 * event or a body that ends before message_stop (and before a stop_reason) is reported by
 * `finish()` as incomplete with the reason. When the request asked for a JSON answer, a call to
 * the JSON-answer tool streams as content deltas (its input_json_delta pieces), not as a tool
 * call, and ends with `stop`. Thinking blocks are skipped (chat completions has no field for them).
 */
export function createAnthropicStreamConverter(
  request: ChatCompletionRequest,
  nowSeconds: () => number,
  options: StreamConverterOptions = {},
): StreamConverter {
  return new AnthropicStreamConverter(
    request.stream_options?.include_usage === true,
    nowSeconds(),
    wantsJsonAnswer(request) ? JSON_RESPONSE_TOOL_NAME : undefined,
    new SseParser(options),
  );
}

class AnthropicStreamConverter implements StreamConverter {
  private id = '';
  private model = '';
  private usageFields: AnthropicUsage | undefined = undefined;
  /** Anthropic content-block index -> OpenAI tool_calls index. */
  private readonly toolIndexByBlock = new Map<number, number>();
  /** Content blocks that are calls to the JSON-answer tool (their input is the content). */
  private readonly jsonAnswerBlocks = new Set<number>();
  private sawMessageStart = false;
  private sawStopReason = false;
  private sawMessageStop = false;
  private error: string | undefined = undefined;
  private eventCount = 0;

  constructor(
    private readonly clientWantsUsage: boolean,
    private readonly createdSeconds: number,
    private readonly jsonAnswerTool: string | undefined,
    private readonly parser: SseParser,
  ) {}

  push(bytes: Uint8Array): ChatCompletionChunk[] {
    const events = this.parser.push(bytes);
    if (events.length === 0) return [];
    const chunks: ChatCompletionChunk[] = [];
    for (const event of events) this.handle(event, chunks, false);
    return chunks;
  }

  finish(): { complete: boolean; usage: Usage | undefined; error?: string; chunks?: ChatCompletionChunk[] } {
    const { events, truncated } = this.parser.finish();
    const chunks: ChatCompletionChunk[] = [];
    for (const event of events) this.handle(event, chunks, truncated);
    if (this.error === undefined && !this.sawMessageStop && !this.sawStopReason) {
      this.error = truncated
        ? `upstream stream was cut mid-event after ${this.eventCount} events`
        : `upstream stream ended after ${this.eventCount} events without message_stop`;
    }
    const usage = this.usageFields === undefined ? undefined : mapAnthropicUsage(this.usageFields);
    const result: { complete: boolean; usage: Usage | undefined; error?: string; chunks?: ChatCompletionChunk[] } = {
      complete: this.error === undefined,
      usage,
    };
    if (this.error !== undefined) result.error = this.error;
    if (chunks.length > 0) result.chunks = chunks;
    return result;
  }

  private handle(sseEvent: SseEvent, chunks: ChatCompletionChunk[], recoveredAtEnd: boolean): void {
    if (this.sawMessageStop) return;
    let json: unknown;
    try {
      json = JSON.parse(sseEvent.data);
    } catch {
      this.error = recoveredAtEnd
        ? `upstream stream was cut mid-event after ${this.eventCount} events`
        : `upstream sent an SSE event that is not JSON: ${excerpt(sseEvent.data)}`;
      return;
    }
    const type = asRecord(json)?.type;
    if (typeof type !== 'string' || !KNOWN_EVENT_TYPES.has(type)) return; // new event kinds are skipped, as Anthropic asks clients to do
    const parsed = anthropicStreamEventSchema.safeParse(json);
    if (!parsed.success) {
      this.error = `upstream sent a malformed ${type} event: ${excerpt(sseEvent.data)}`;
      return;
    }
    this.eventCount += 1;
    this.apply(parsed.data, chunks);
  }

  private apply(event: AnthropicStreamEvent, chunks: ChatCompletionChunk[]): void {
    switch (event.type) {
      case 'message_start':
        this.sawMessageStart = true;
        this.id = event.message.id;
        this.model = event.message.model;
        this.mergeUsage(event.message.usage);
        chunks.push(this.chunk({ role: 'assistant', content: '' }, null));
        return;
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'tool_use' && this.jsonAnswerTool !== undefined && block.name === this.jsonAnswerTool) {
          this.jsonAnswerBlocks.add(event.index);
          this.checkStarted(); // the answer comes as content deltas
        } else if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
          const toolIndex = this.toolIndexByBlock.size;
          this.toolIndexByBlock.set(event.index, toolIndex);
          chunks.push(
            this.chunk(
              {
                tool_calls: [
                  { index: toolIndex, id: block.id, type: 'function', function: { name: block.name, arguments: '' } },
                ],
              },
              null,
            ),
          );
        } else if (block.type === 'text' && typeof block.text === 'string' && block.text !== '') {
          chunks.push(this.chunk({ content: block.text }, null));
        }
        return;
      }
      case 'content_block_delta': {
        const delta = event.delta;
        if (delta.type === 'text_delta' && typeof delta.text === 'string') {
          chunks.push(this.chunk({ content: delta.text }, null));
        } else if (
          delta.type === 'input_json_delta' &&
          typeof delta.partial_json === 'string' &&
          delta.partial_json !== ''
        ) {
          if (this.jsonAnswerBlocks.has(event.index)) {
            chunks.push(this.chunk({ content: delta.partial_json }, null));
            return;
          }
          const toolIndex = this.toolIndexByBlock.get(event.index);
          if (toolIndex === undefined) {
            this.error = `upstream sent input_json_delta for content block ${event.index}, which is not a tool_use block`;
            return;
          }
          chunks.push(
            this.chunk(
              {
                tool_calls: [{ index: toolIndex, function: { arguments: delta.partial_json } as ChatToolCallFunction }],
              },
              null,
            ),
          );
        }
        return;
      }
      case 'message_delta':
        this.mergeUsage(event.usage);
        if (event.delta.stop_reason !== undefined && event.delta.stop_reason !== null) {
          this.sawStopReason = true;
          const answeredWithJsonTool = this.jsonAnswerBlocks.size > 0 && this.toolIndexByBlock.size === 0;
          chunks.push(this.chunk({}, mapAnthropicStopReason(event.delta.stop_reason, { answeredWithJsonTool })));
          if (this.clientWantsUsage && this.usageFields !== undefined) {
            const usageChunk = this.chunk({}, null);
            usageChunk.choices = [];
            usageChunk.usage = toOpenAIUsage(mapAnthropicUsage(this.usageFields));
            chunks.push(usageChunk);
          }
        }
        return;
      case 'message_stop':
        this.sawMessageStop = true;
        return;
      case 'error':
        this.error = `upstream sent an error event: ${event.error.type ?? 'error'}: ${event.error.message ?? 'no message'}`;
        return;
      default:
        return; // content_block_stop, ping
    }
  }

  private mergeUsage(usage: AnthropicUsage | null | undefined): void {
    if (usage === undefined || usage === null) return;
    const merged: AnthropicUsage = { ...this.usageFields };
    if (typeof usage.input_tokens === 'number') merged.input_tokens = usage.input_tokens;
    if (typeof usage.output_tokens === 'number') merged.output_tokens = usage.output_tokens;
    if (typeof usage.cache_read_input_tokens === 'number')
      merged.cache_read_input_tokens = usage.cache_read_input_tokens;
    if (typeof usage.cache_creation_input_tokens === 'number')
      merged.cache_creation_input_tokens = usage.cache_creation_input_tokens;
    this.usageFields = merged;
  }

  private checkStarted(): void {
    if (!this.sawMessageStart && this.error === undefined)
      this.error = 'upstream stream did not start with message_start';
  }

  private chunk(delta: ChunkDelta, finishReason: string | null): ChatCompletionChunk {
    this.checkStarted();
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.createdSeconds,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    };
  }
}

type ChatToolCallFunction = { name: string; arguments: string };
