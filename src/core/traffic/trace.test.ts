import { describe, expect, it } from 'vitest';
import { MINUTES_PER_MONTH } from './demand.ts';
import { demandFromTrace, minuteOfWeekFromEpochMs, traceMeanTokensPerHour, type TraceRecord } from './trace.ts';

const start = Date.UTC(2024, 0, 1, 0, 0, 0); // a Monday
const records: TraceRecord[] = [
  { timestampMs: start + 10_000, inputTokens: 100, outputTokens: 50 },
  { timestampMs: start + 50_000, inputTokens: 10, outputTokens: 0 },
  { timestampMs: start + 120_000, inputTokens: 200, outputTokens: 100 },
];

describe('minuteOfWeekFromEpochMs', () => {
  it('counts from Monday 00:00 UTC', () => {
    expect(minuteOfWeekFromEpochMs(Date.UTC(2024, 0, 1, 9, 30))).toBe(570);
    expect(minuteOfWeekFromEpochMs(Date.UTC(2024, 0, 7, 23, 59))).toBe(10_079); // Sunday night
    expect(minuteOfWeekFromEpochMs(0)).toBe(3 * 1440); // 1970-01-01 was a Thursday
  });
});

describe('traceMeanTokensPerHour', () => {
  it('traceMeanTokensPerHour: 460 tokens over a 3-minute trace is 9,200 tokens/hour (doc example)', () => {
    expect(traceMeanTokensPerHour({ traceMinutes: 3, traceTokens: 460 })).toBeCloseTo(9200, 10);
  });
});

describe('demandFromTrace', () => {
  it('bins per minute and repeats the trace (documented example)', () => {
    const trace = demandFromTrace({ records, minutes: 7 });
    expect(Array.from(trace.demandTokensPerMinute)).toEqual([160, 0, 300, 160, 0, 300, 160]);
    expect(trace.traceMinutes).toBe(3);
    expect(trace.traceTokens).toBe(460);
    expect(trace.startMinuteOfWeek).toBe(0);
    expect(traceMeanTokensPerHour(trace)).toBeCloseTo(9200, 10);
  });

  it('does not depend on record order and applies monthly growth', () => {
    const trace = demandFromTrace({
      records: [...records].reverse(),
      minutes: MINUTES_PER_MONTH + 3,
      monthlyGrowthRate: 0.5,
    });
    expect(trace.demandTokensPerMinute[0]).toBe(160);
    expect(trace.demandTokensPerMinute[MINUTES_PER_MONTH]).toBe(160 * 1.5); // 43,200 is a multiple of 3
  });

  it('refuses an empty trace', () => {
    expect(() => demandFromTrace({ records: [], minutes: 10 })).toThrow(/no records/);
  });
});
