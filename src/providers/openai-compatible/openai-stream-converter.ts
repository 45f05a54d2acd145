import type {
  ChatCompletionChunk,
  ChatCompletionRequest,
  StreamConverter,
  StreamConverterOptions,
  Usage,
} from '../types.ts';
import { asRecord, excerpt } from '../provider-errors.ts';
import { rememberSseJson, SSE_DONE_DATA, SseParser, type SseEvent } from '../sse.ts';
import { mapOpenAIUsage } from './map-openai-usage.ts';

/**
 * Converts an OpenAI(-compatible) SSE body into typed chunks. Chunks pass through as the
 * upstream sent them; usage is taken from the chunk that carries it (normally the last one,
 * with empty `choices`), and that usage-only chunk is withheld from clients that did not ask
 * for `stream_options.include_usage`. The stream is complete only when `[DONE]` arrived, or a
 * `finish_reason` arrived and the body then ended; anything else (a cut connection, an
 * `error` event, invalid JSON) is reported with `complete: false` and an error string.
 */
export function createOpenAIStreamConverter(
  request: ChatCompletionRequest,
  options: StreamConverterOptions = {},
): StreamConverter {
  return new OpenAIStreamConverter(request.stream_options?.include_usage === true, new SseParser(options));
}

class OpenAIStreamConverter implements StreamConverter {
  private sawDone = false;
  private sawFinishReason = false;
  private usage: Usage | undefined = undefined;
  private error: string | undefined = undefined;
  private chunkCount = 0;

  constructor(
    private readonly clientWantsUsage: boolean,
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
    if (this.error === undefined && !this.sawDone && !this.sawFinishReason) {
      this.error = truncated
        ? `upstream stream was cut mid-event after ${this.chunkCount} chunks`
        : `upstream stream ended after ${this.chunkCount} chunks without a finish_reason or [DONE]`;
    }
    const complete = this.error === undefined;
    const result: { complete: boolean; usage: Usage | undefined; error?: string; chunks?: ChatCompletionChunk[] } = {
      complete,
      usage: this.usage,
    };
    if (!complete) result.error = this.error;
    if (chunks.length > 0) result.chunks = chunks;
    return result;
  }

  private handle(event: SseEvent, chunks: ChatCompletionChunk[], recoveredAtEnd: boolean): void {
    if (this.sawDone) return;
    const data = event.data;
    if (data === SSE_DONE_DATA) {
      this.sawDone = true;
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.error = recoveredAtEnd
        ? `upstream stream was cut mid-event after ${this.chunkCount} chunks`
        : `upstream sent an SSE event that is not JSON: ${excerpt(data)}`;
      return;
    }
    const record = asRecord(parsed);
    if (record === undefined) {
      this.error = `upstream sent an SSE event that is not a JSON object: ${excerpt(data)}`;
      return;
    }
    if (record.error !== undefined && record.error !== null) {
      const upstreamError = asRecord(record.error);
      this.error = `upstream sent an error event: ${upstreamError === undefined ? excerpt(String(record.error)) : String(upstreamError.message ?? excerpt(data))}`;
      return;
    }
    const choices = record.choices;
    if (!Array.isArray(choices)) {
      this.error = `upstream sent a chunk without a choices array: ${excerpt(data)}`;
      return;
    }
    for (const choice of choices) {
      const choiceRecord = asRecord(choice);
      if (choiceRecord !== undefined && typeof choiceRecord.finish_reason === 'string') this.sawFinishReason = true;
    }
    if (record.usage !== undefined && record.usage !== null) {
      this.usage = mapOpenAIUsage(record.usage);
      if (choices.length === 0 && !this.clientWantsUsage) return;
    }
    this.chunkCount += 1;
    // Forwarded as is: the encoder may send the upstream's text instead of re-serializing it.
    rememberSseJson(record, data);
    chunks.push(record as ChatCompletionChunk);
  }
}
