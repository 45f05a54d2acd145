/**
 * Test support: replays recorded SSE fixtures (`__fixtures__/*.chunks.txt`, raw response
 * bodies) through a stream converter, split into pieces at chosen byte offsets, so tests can
 * check that the result does not depend on where the network cut the bytes.
 */
import { createRandom } from '../../core/traffic/random.ts';
import { readFileSync } from 'node:fs';
import type { ChatCompletionChunk, StreamConverter, Usage } from '../types.ts';

export function readFixtureBytes(fixtureUrl: URL): Uint8Array {
  return new Uint8Array(readFileSync(fixtureUrl));
}

export interface ReplayResult {
  chunks: ChatCompletionChunk[];
  complete: boolean;
  usage: Usage | undefined;
  error?: string;
}

/** Feeds `bytes` to a fresh converter in pieces ending at the given (sorted) offsets. */
export function replay(converter: StreamConverter, bytes: Uint8Array, cutOffsets: readonly number[]): ReplayResult {
  const chunks: ChatCompletionChunk[] = [];
  let start = 0;
  for (const offset of [...cutOffsets, bytes.length]) {
    if (offset <= start) continue;
    chunks.push(...converter.push(bytes.subarray(start, offset)));
    start = offset;
  }
  const finished = converter.finish();
  chunks.push(...(finished.chunks ?? []));
  const result: ReplayResult = { chunks, complete: finished.complete, usage: finished.usage };
  if (finished.error !== undefined) result.error = finished.error;
  return result;
}

/** The project's one seeded PRNG (mulberry32): the same seed gives the same sequence in [0, 1). */
export const seededRandom = createRandom;

/** `pieceCount - 1` distinct sorted cut offsets in (0, length), from a seeded PRNG. */
export function randomCuts(length: number, pieceCount: number, seed: number): number[] {
  const random = seededRandom(seed);
  const cuts = new Set<number>();
  const wanted = Math.min(pieceCount - 1, Math.max(0, length - 1));
  while (cuts.size < wanted) cuts.add(1 + Math.floor(random() * (length - 1)));
  return [...cuts].sort((left, right) => left - right);
}

/** Joins the text content of every chunk's first choice (what a chat UI would show). */
export function joinedContent(chunks: readonly ChatCompletionChunk[]): string {
  let text = '';
  for (const chunk of chunks) {
    const content = chunk.choices[0]?.delta.content;
    if (typeof content === 'string') text += content;
  }
  return text;
}

/** Reassembles streamed tool calls by index: `[{id, name, arguments}]`. */
export function joinedToolCalls(
  chunks: readonly ChatCompletionChunk[],
): Array<{ id: string; name: string; arguments: string }> {
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  for (const chunk of chunks) {
    for (const toolCall of chunk.choices[0]?.delta.tool_calls ?? []) {
      calls[toolCall.index] ??= { id: '', name: '', arguments: '' };
      const call = calls[toolCall.index];
      if (toolCall.id !== undefined) call.id = toolCall.id;
      if (toolCall.function?.name !== undefined) call.name = toolCall.function.name;
      if (toolCall.function?.arguments !== undefined) call.arguments += toolCall.function.arguments;
    }
  }
  return calls;
}
