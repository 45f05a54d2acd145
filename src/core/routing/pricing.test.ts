import { describe, expect, it } from 'vitest';
import { attemptCostUsd } from './pricing.ts';

const claudeSonnet4 = {
  usdPerMillionInputTokens: 3,
  usdPerMillionCachedInputTokens: 0.3,
  usdPerMillionCacheWriteInputTokens: 3.75,
  usdPerMillionOutputTokens: 15,
};

describe('attemptCostUsd with prompt-cache writes', () => {
  it('attemptCostUsd: cache writes at the cache-write rate (doc example: 0.000447)', () => {
    const tokens = { inputTokens: 104, cachedInputTokens: 0, cacheWriteInputTokens: 100, outputTokens: 4 };
    expect(attemptCostUsd(tokens, claudeSonnet4)).toBeCloseTo(0.000447, 12);
    // Without a cache-write rate the writes cost what input costs: 104 x 3 + 4 x 15 = $0.000372.
    const { usdPerMillionCacheWriteInputTokens: _writeRate, ...withoutWriteRate } = claudeSonnet4;
    expect(attemptCostUsd(tokens, withoutWriteRate)).toBeCloseTo(0.000372, 12);
  });

  it('attemptCostUsd: writes are clamped to the uncached input', () => {
    // 10 input tokens, 8 read from the cache: at most 2 can be writes.
    const cost = attemptCostUsd(
      { inputTokens: 10, cachedInputTokens: 8, cacheWriteInputTokens: 50, outputTokens: 0 },
      claudeSonnet4,
    );
    expect(cost).toBeCloseTo((8 * 0.3 + 2 * 3.75) / 1e6, 15);
  });
});
