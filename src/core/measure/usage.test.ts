import { describe, expect, it } from 'vitest';
import { hourOfWeekUtc, measureAttempts, measureBuckets, type MeasuredAttempt, type UsageBucket } from './usage.ts';

const DAY_MS = 86_400_000;
const startMs = Date.UTC(2025, 5, 2); // a Monday

function attempt(index: number, timeMs: number, extra: Partial<MeasuredAttempt> = {}): MeasuredAttempt {
  return {
    requestId: `r${index}`,
    timeMs,
    route: 'chat',
    feature: 'chat',
    provider: 'openai',
    providerKind: 'openai',
    model: 'gpt-4.1',
    attempt: 1,
    outcome: 'success',
    inputTokens: 1000,
    cachedInputTokens: 200,
    outputTokens: 250,
    ttftMs: 100 + (index % 100),
    totalMs: 500,
    costUsd: null,
    ...extra,
  };
}

describe('measureAttempts', () => {
  it('hourOfWeekUtc: Monday 14:00 UTC is hour 14, Sunday 23:00 is 167 (doc example: 14)', () => {
    expect(hourOfWeekUtc(Date.UTC(2025, 5, 2, 14))).toBe(14);
    expect(hourOfWeekUtc(Date.UTC(2025, 5, 8, 23))).toBe(167);
  });

  it('measureAttempts: one request a minute for 30 days (doc example: 43,200 requests, 54M tokens)', () => {
    const attempts = Array.from({ length: 43_200 }, (_, index) => attempt(index, startMs + index * 60_000 + 1000));
    const [chat] = measureAttempts(attempts, { startMs, endMs: startMs + 30 * DAY_MS });
    expect(chat.name).toBe('chat');
    expect(chat.requestsPerMonth).toBe(43_200);
    expect(chat.tokensPerMonth).toBe(54_000_000);
    expect(chat.cachedInputTokensPerMonth).toBe(8_640_000);
    expect(chat.extrapolated).toBe(false);
    expect(chat.peakToMean).toEqual({ minute: 1, hour: 1 });
    expect(chat.hourOfWeek?.every((level) => Math.abs(level - 1) < 1e-9)).toBe(true);
    expect(chat.monthlyGrowthRate).toBeCloseTo(0, 10);
    expect(chat.latency[0]).toMatchObject({ provider: 'openai', model: 'gpt-4.1', samples: 43_200 });
    expect(chat.latency[0].ttftMs).toEqual({ p50: 149, p95: 194, p99: 198 });
  });

  it('measureAttempts: a fallback answers, a request with no answer is an error; routes name untagged traffic', () => {
    const attempts = [
      attempt(1, startMs, { outcome: 'fallback', inputTokens: null, outputTokens: null }),
      attempt(1, startMs + 10, { attempt: 2, provider: 'backup' }),
      attempt(2, startMs + 20, { outcome: 'error' }),
      attempt(3, startMs + 30),
      attempt(4, startMs + 40, { feature: null, route: 'batch' }),
    ];
    const measured = measureAttempts(attempts, { startMs, endMs: startMs + DAY_MS });
    const chat = measured.find((workload) => workload.name === 'chat');
    expect(chat?.requests).toBe(3);
    expect(chat?.errorRate).toBeCloseTo(1 / 3, 10);
    expect(chat?.fallbackRate).toBeCloseTo(1 / 3, 10);
    expect(chat?.extrapolated).toBe(true);
    expect(chat?.requestsPerMonth).toBe(90);
    expect(measured.find((workload) => workload.name === 'batch')?.groupedBy).toBe('route');
  });

  it('measureAttempts: growth fitted log-linearly on daily tokens (10% a month)', () => {
    const attempts: MeasuredAttempt[] = [];
    let index = 0;
    for (let day = 0; day < 28; day += 1) {
      const perDay = Math.round(1000 * 1.1 ** (day / 30));
      for (let request = 0; request < perDay; request += 1) {
        attempts.push(attempt(index, startMs + day * DAY_MS + Math.floor(((request + 0.5) * DAY_MS) / perDay)));
        index += 1;
      }
    }
    const [chat] = measureAttempts(attempts, { startMs, endMs: startMs + 28 * DAY_MS });
    expect(chat.monthlyGrowthRate).toBeCloseTo(0.1, 2);
  });

  it('measureBuckets: 30 daily buckets (doc example: 15,000 requests, 36M tokens, no peak at daily resolution)', () => {
    const buckets: UsageBucket[] = Array.from({ length: 30 }, (_, day) => ({
      key: 'gpt-4.1',
      startMs: startMs + day * DAY_MS,
      endMs: startMs + (day + 1) * DAY_MS,
      requests: 500,
      inputTokens: 1_000_000,
      cachedInputTokens: 400_000,
      outputTokens: 200_000,
      costUsd: null,
    }));
    const [usage] = measureBuckets(buckets, { startMs, endMs: startMs + 30 * DAY_MS });
    expect(usage.requestsPerMonth).toBe(15_000);
    expect(usage.tokensPerMonth).toBe(36_000_000);
    expect(usage.peakToMean).toEqual({ minute: null, hour: null });
    expect(usage.hourOfWeek).toBeNull();
    expect(usage.monthlyGrowthRate).toBeCloseTo(0, 10);
  });
});
