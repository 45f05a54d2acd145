import { describe, expect, it } from 'vitest';
import { workloadSchema } from '../workload/schema.ts';
import { ineligibleReasons } from './constraints.ts';
import { offerTtftAtPercentile } from './options.ts';

const base = { name: 'w', volume: { requestsPerDay: 1000 }, tokens: { inputPerRequest: 1000, outputPerRequest: 200 } };

describe('measured inputs in the decision', () => {
  it('offerTtftAtPercentile: a measured P99 is used at p99, P95 x 1.5 otherwise (doc example: 520)', () => {
    const p99Workload = workloadSchema.parse({ ...base, latency: { percentile: 'p99' } });
    const p95Workload = workloadSchema.parse(base);
    expect(offerTtftAtPercentile(p99Workload, { ttftP95Ms: 300, ttftP99Ms: 520 })).toBe(520);
    expect(offerTtftAtPercentile(p99Workload, { ttftP95Ms: 300 })).toBe(450);
    expect(offerTtftAtPercentile(p95Workload, { ttftP95Ms: 300, ttftP99Ms: 520 })).toBe(300);
  });

  it('the quality-gap gate reads measured.qualityGap before checklist.qualityGapPoints', () => {
    const workload = workloadSchema.parse({
      ...base,
      requirements: { maxQualityGapPoints: 5 },
      checklist: { qualityGapPoints: 1 },
      measured: { qualityGap: { points: 9.5, baselineRoute: 'a', candidateRoute: 'b', items: 200 } },
    });
    const facts = { kind: 'hosted-open' as const, tokenOffer: undefined, fleet: undefined, ttftP50Ms: undefined };
    const organization = { mlOpsCapacity: 'limited' } as Parameters<typeof ineligibleReasons>[2];
    expect(ineligibleReasons(facts, workload, organization)).toContainEqual({
      rule: 'quality-gap',
      gapPoints: 9.5,
      maxGapPoints: 5,
    });
  });
});
