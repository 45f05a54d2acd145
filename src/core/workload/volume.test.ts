import { describe, expect, it } from 'vitest';
import { workloadSchema } from './schema.ts';
import { requestsForTokens, workloadVolume } from './volume.ts';

const workload = workloadSchema.parse({
  name: 'w',
  volume: { requestsPerDay: 10_000 },
  tokens: { inputPerRequest: 1500, outputPerRequest: 500, cachedInputShare: 0.2 },
});

describe('workload volume', () => {
  it('requestsForTokens: 600M tokens at 2,000 tokens per request is 300,000 requests (doc example)', () => {
    expect(requestsForTokens(workload, 600e6)).toBe(300_000);
    expect(requestsForTokens(workload, workloadVolume(workload).tokensPerMonth)).toBe(
      workloadVolume(workload).requestsPerMonth,
    );
  });
});
