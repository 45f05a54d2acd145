/**
 * Latency and throughput at a load: a closed loop of `concurrency` clients, each sending
 * its next request when the last one finishes (how `vllm bench serve --max-concurrency`,
 * genai-perf and trtllm-bench drive an engine). Continuous batching runs up to
 * `maxRunningSequences` at once; the rest wait in the queue.
 *
 * Per request: the engine's request overhead (HTTP, tokenisation, scheduling; off the GPU),
 * then prefill costs W GPU-seconds (compute-bound, batched), then O decode steps
 * of s seconds each, shared by the B running sequences. Prefill work takes a share
 * f = lambda * W of the GPU's time; the other sequences' share g = f (B - 1) / B stretches
 * each decode step to s / (1 - g) and makes a new prompt wait for the prompts ahead of it
 * (M/D/1: g / (2 (1 - g)) * W).
 * With lambda = B / (TTFT + (O - 1) * TPOT) (Little's law) this is a fixed point in f,
 * solved by bisection (bounded: 60 rounds).
 */
import { decodeStep, prefillTime } from './roofline.ts';
import type { ServingHardware } from './roofline.ts';

export interface RequestShape {
  inputTokens: number;
  outputTokens: number;
}

export interface OperatingPoint {
  concurrency: number;
  /** Sequences decoding together (concurrency capped by the engine and the KV cache). */
  runningSequences: number;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  /** Input + output tokens per second. */
  totalTokensPerSecond: number;
  ttftMeanMs: number;
  /** p95 estimate: prompt latency + a step + three mean prefill-queue waits (exponential tail). */
  ttftMs: number;
  tpotMeanMs: number;
  /** p95 estimate: mean TPOT x (1 + prefill share), prefill chunks being what stretches steps. */
  tpotMs: number;
  decodeStepMs: number;
  /** Share of GPU time spent on prefill. */
  prefillShare: number;
}

const MAX_PREFILL_SHARE = 0.95;
const BISECTION_ROUNDS = 60;

/**
 * Steady state of the closed loop at one concurrency.
 * @example
 * // Llama 3.1 8B bf16 on 1 x A100 40 GB with vLLM, 1024 in / 128 out, concurrency 1:
 * // step = (16.06e9 + 0.14e9 KV) B / (1555e9 * 0.8) + 1.05 ms = 14.13 ms = tpotMeanMs
 * // (measured: ~13.3 ms); with a 181 ms TTFT (131 ms prefill + vLLM's 50 ms request overhead) that is ~65 output tok/s
 */
export function operatingPoint(
  hardware: ServingHardware,
  shape: RequestShape,
  maxRunningSequences: number,
  concurrency: number,
): OperatingPoint {
  const running = Math.max(1, Math.min(concurrency, maxRunningSequences));
  const averageContext = shape.inputTokens + shape.outputTokens / 2;
  const step = decodeStep(hardware, running, averageContext);
  const prefill = prefillTime(hardware, shape.inputTokens);
  const decodeIntervals = Math.max(0, shape.outputTokens - 1);
  const requestOverheadSeconds = (hardware.engine.requestOverheadMs ?? 0) / 1000;

  // Given a prefill share f, everything else follows; the share it implies falls as f rises,
  // so f - implied(f) is increasing and bisection finds the fixed point (bounded: 60 rounds).
  const solve = (share: number) => {
    // Only the other sequences' prompts interrupt a sequence's decoding or delay its prefill.
    const othersShare = (share * (running - 1)) / running;
    const tpotSeconds = step.seconds / (1 - othersShare);
    const queueWaitSeconds = (othersShare / (2 * (1 - othersShare))) * prefill.workSeconds;
    const ttftActiveSeconds = requestOverheadSeconds + prefill.latencySeconds + step.seconds / 2 + queueWaitSeconds;
    const requestsPerSecond = running / (ttftActiveSeconds + decodeIntervals * tpotSeconds);
    return {
      tpotSeconds,
      queueWaitSeconds,
      ttftActiveSeconds,
      requestsPerSecond,
      impliedShare: Math.min(MAX_PREFILL_SHARE, requestsPerSecond * prefill.workSeconds),
    };
  };
  let low = 0;
  let high = MAX_PREFILL_SHARE;
  for (let round = 0; round < BISECTION_ROUNDS; round += 1) {
    const middle = (low + high) / 2;
    if (middle - solve(middle).impliedShare < 0) low = middle;
    else high = middle;
  }
  const prefillShare = (low + high) / 2;
  const { tpotSeconds, queueWaitSeconds, ttftActiveSeconds, requestsPerSecond } = solve(prefillShare);
  const waitingForSlotSeconds = (concurrency - running) / requestsPerSecond;
  const ttftMeanSeconds = Math.max(0, waitingForSlotSeconds) + ttftActiveSeconds;
  const ttftP95Seconds =
    Math.max(0, waitingForSlotSeconds) +
    requestOverheadSeconds +
    prefill.latencySeconds +
    step.seconds +
    3 * queueWaitSeconds;
  return {
    concurrency,
    runningSequences: running,
    requestsPerSecond,
    outputTokensPerSecond: requestsPerSecond * shape.outputTokens,
    totalTokensPerSecond: requestsPerSecond * (shape.inputTokens + shape.outputTokens),
    ttftMeanMs: ttftMeanSeconds * 1000,
    ttftMs: ttftP95Seconds * 1000,
    tpotMeanMs: tpotSeconds * 1000,
    tpotMs: tpotSeconds * (1 + prefillShare) * 1000,
    decodeStepMs: step.seconds * 1000,
    prefillShare,
  };
}

export interface LatencySlo {
  ttftMs?: number;
  tpotMs?: number;
}

/** Whether an operating point meets the p95 SLO. @example meetsSlo({ ttftMs: 500, tpotMs: 40 } as OperatingPoint, { ttftMs: 800 }) === true */
export function meetsSlo(point: Pick<OperatingPoint, 'ttftMs' | 'tpotMs'>, slo: LatencySlo): boolean {
  return (
    (slo.ttftMs === undefined || point.ttftMs <= slo.ttftMs) && (slo.tpotMs === undefined || point.tpotMs <= slo.tpotMs)
  );
}

/**
 * The highest concurrency in [1, maxRunningSequences] whose p95 latencies meet the SLO
 * (latency grows with concurrency, so a binary search), or undefined when even one
 * request at a time misses it.
 * @example sloConcurrency(...) // 64 when concurrency 64 meets a 60 ms TPOT p95 and 65 does not
 */
export function sloConcurrency(
  hardware: ServingHardware,
  shape: RequestShape,
  maxRunningSequences: number,
  slo: LatencySlo,
): number | undefined {
  const at = (concurrency: number) => operatingPoint(hardware, shape, maxRunningSequences, concurrency);
  if (!meetsSlo(at(1), slo)) return undefined;
  let low = 1;
  let high = maxRunningSequences;
  if (meetsSlo(at(high), slo)) return high;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (meetsSlo(at(middle), slo)) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * Concurrencies a load curve shows: powers of two up to the engine's capacity, the capacity
 * itself, 1.5x and 2x beyond it (where requests queue), and any extra points asked for.
 * @example loadCurveConcurrencies(100, [37]) // [1, 2, 4, 8, 16, 32, 37, 64, 100, 150, 200]
 */
export function loadCurveConcurrencies(maxRunningSequences: number, extra: number[] = []): number[] {
  const points = new Set<number>();
  for (let concurrency = 1; concurrency < maxRunningSequences; concurrency *= 2) points.add(concurrency);
  points.add(maxRunningSequences);
  points.add(Math.round(maxRunningSequences * 1.5));
  points.add(maxRunningSequences * 2);
  for (const value of extra) if (value >= 1) points.add(Math.round(value));
  return [...points].sort((left, right) => left - right);
}
