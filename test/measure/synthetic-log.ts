/**
 * Synthetic request-log rows with a known shape, for the measuring tests: per feature, a
 * level per hour of week (Monday 00:00 UTC first) times a base number of requests per
 * hour, spread evenly inside each hour; fixed tokens per request. Deterministic.
 */
import type { RequestLogRow } from '../../src/store/types.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Business hours: level 3 from 09:00 to 17:59 on weekdays, 1 otherwise. */
export function businessLevels(): number[] {
  return Array.from({ length: 168 }, (_, hour) => {
    const day = Math.floor(hour / 24);
    const clock = hour % 24;
    return day < 5 && clock >= 9 && clock < 18 ? 3 : 1;
  });
}

/** Night batch: level 4 from 01:00 to 04:59 every day, 1 otherwise. */
export function nightLevels(): number[] {
  return Array.from({ length: 168 }, (_, hour) => (hour % 24 >= 1 && hour % 24 < 5 ? 4 : 1));
}

export interface SyntheticFeature {
  feature: string | null;
  route: string;
  provider: string;
  providerKind: string;
  model: string;
  levels: number[];
  requestsPerHourAtLevelOne: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** Every Nth request fails on attempt 1 and is answered by attempt 2 (0: never). */
  fallbackEvery?: number;
  ttftMs?: (index: number) => number;
  usdPerRequest?: number;
}

/** Monday 2026-10-05 00:00 UTC. */
export const MONDAY_MS = Date.UTC(2026, 9, 5);

export function hourOfWeekOf(timeMs: number): number {
  const epochHour = Math.floor(timeMs / HOUR_MS);
  return (epochHour + 72) % 168;
}

/** Rows for `days` days from `startMs` (a whole hour); `volumeFactor` scales every hour's requests. */
export function syntheticRows(
  features: SyntheticFeature[],
  startMs: number,
  days: number,
  volumeFactor = 1,
): RequestLogRow[] {
  const rows: RequestLogRow[] = [];
  for (const spec of features) {
    let index = 0;
    for (let hourStart = startMs; hourStart < startMs + days * DAY_MS; hourStart += HOUR_MS) {
      const requests = Math.round(spec.levels[hourOfWeekOf(hourStart)] * spec.requestsPerHourAtLevelOne * volumeFactor);
      for (let request = 0; request < requests; request += 1) {
        const timeMs = hourStart + Math.floor(((request + 0.5) * HOUR_MS) / requests);
        const requestId = `${spec.feature ?? spec.route}-${hourStart}-${request}`;
        const base = {
          requestId,
          time: new Date(timeMs).toISOString(),
          route: spec.route,
          routingVersion: 1,
          feature: spec.feature,
          keyId: 'team-a',
          team: null,
          endpoint: 'chat.completions' as const,
          providerKind: spec.providerKind,
          model: spec.model,
          stream: true,
          usageEstimated: false,
          prompt: null,
        };
        let attempt = 1;
        if (spec.fallbackEvery && index % spec.fallbackEvery === 0) {
          rows.push({
            ...base,
            id: `${requestId}.1`,
            provider: 'backup-first',
            attempt: 1,
            outcome: 'fallback',
            status: 503,
            inputTokens: null,
            outputTokens: null,
            cachedInputTokens: null,
            ttftMs: null,
            totalMs: 20,
            costUsd: null,
            errorClass: 'upstream_5xx',
          });
          attempt = 2;
        }
        const ttftMs = spec.ttftMs ? spec.ttftMs(index) : 100 + (index % 100);
        rows.push({
          ...base,
          id: `${requestId}.${attempt}`,
          provider: spec.provider,
          attempt,
          outcome: 'success',
          status: 200,
          inputTokens: spec.inputTokens,
          outputTokens: spec.outputTokens,
          cachedInputTokens: spec.cachedInputTokens,
          ttftMs,
          totalMs: ttftMs + 400,
          costUsd: spec.usdPerRequest ?? null,
          errorClass: null,
        });
        index += 1;
      }
    }
  }
  return rows.sort((left, right) => left.time.localeCompare(right.time));
}

export const twoFeatures: SyntheticFeature[] = [
  {
    feature: 'support-chat',
    route: 'chat',
    provider: 'openai',
    providerKind: 'openai',
    model: 'gpt-4.1',
    levels: businessLevels(),
    requestsPerHourAtLevelOne: 20,
    inputTokens: 1200,
    cachedInputTokens: 400,
    outputTokens: 300,
    fallbackEvery: 50,
    ttftMs: (index) => 200 + (index % 100) * 4,
    usdPerRequest: 1200 * 2e-6 + 300 * 8e-6,
  },
  {
    feature: 'summarize',
    route: 'batch',
    provider: 'vllm',
    providerKind: 'openai-compatible',
    model: 'llama-3.1-8b',
    levels: nightLevels(),
    requestsPerHourAtLevelOne: 10,
    inputTokens: 3000,
    cachedInputTokens: 0,
    outputTokens: 500,
  },
];
