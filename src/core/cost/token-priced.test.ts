/** The one cache-aware token price and what is derived from it: the doc examples, and that they agree. */
import { describe, expect, it } from 'vitest';
import { attemptCostUsd } from '../routing/pricing.ts';
import {
  effectiveUsdPerMillionTokens,
  pricedTokenParts,
  tokenCostUsd,
  tokenPricedComponents,
  type TokenPrice,
} from './token-priced.ts';
import { totalMonthlyUsd } from './types.ts';

const gpt41: TokenPrice = {
  id: 'openai/gpt-4.1',
  usdPerMillionInputTokens: 2,
  usdPerMillionCachedInputTokens: 0.5,
  usdPerMillionOutputTokens: 8,
  source: 'test',
  asOf: '2025-06-01',
};

describe('token pricing', () => {
  it('pricedTokenParts splits a count into uncached input, cached input and output (doc example)', () => {
    expect(pricedTokenParts({ inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 }, gpt41)).toEqual([
      { part: 'input', tokens: 800, usdPerMillionTokens: 2 },
      { part: 'cached input', tokens: 200, usdPerMillionTokens: 0.5 },
      { part: 'output', tokens: 500, usdPerMillionTokens: 8 },
    ]);
  });

  it('pricedTokenParts clamps the cached count to 0..input', () => {
    const parts = pricedTokenParts({ inputTokens: 100, cachedInputTokens: 150, outputTokens: 0 }, gpt41);
    expect(parts.map((part) => part.tokens)).toEqual([0, 100, 0]);
    expect(pricedTokenParts({ inputTokens: 100, cachedInputTokens: -5, outputTokens: 0 }, gpt41)[1].tokens).toBe(0);
  });

  it('tokenCostUsd prices a count (doc example: $0.0057); attemptCostUsd is the same function', () => {
    const tokens = { inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 };
    expect(tokenCostUsd(tokens, gpt41)).toBeCloseTo(0.0057, 12);
    expect(attemptCostUsd(tokens, gpt41)).toBe(tokenCostUsd(tokens, gpt41));
  });

  it('effectiveUsdPerMillionTokens, tokenPricedComponents and tokenCostUsd agree for the same mix', () => {
    const mix = { inputPerRequest: 1500, outputPerRequest: 500, cachedInputShare: 0.8 };
    // (300 x 2 + 1200 x 0.5 + 500 x 8) / 2000 = $2.60 per 1M tokens
    expect(effectiveUsdPerMillionTokens(mix, gpt41)).toBeCloseTo(2.6, 12);
    // 300,000 requests a month: 450M input (360M cached) + 150M output = 600M tokens
    const volume = { inputTokensPerMonth: 450e6, cachedInputTokensPerMonth: 360e6, outputTokensPerMonth: 150e6 };
    const monthly = totalMonthlyUsd(tokenPricedComponents(volume, gpt41));
    expect(monthly).toBeCloseTo(1560, 9);
    expect(effectiveUsdPerMillionTokens(mix, gpt41) * 600).toBeCloseTo(monthly, 9);
    expect(tokenCostUsd({ inputTokens: 450e6, cachedInputTokens: 360e6, outputTokens: 150e6 }, gpt41)).toBeCloseTo(
      monthly,
      9,
    );
  });

  it('tokenPricedComponents builds components whose cost is quantity x unit price, cached input only when there is some', () => {
    const volume = { inputTokensPerMonth: 450e6, cachedInputTokensPerMonth: 0, outputTokensPerMonth: 150e6 };
    const components = tokenPricedComponents(volume, gpt41, 0.5);
    expect(components.map((component) => [component.name, component.unit, component.quantity])).toEqual([
      ['openai/gpt-4.1 input tokens', '1M input tokens', 225],
      ['openai/gpt-4.1 output tokens', '1M output tokens', 75],
    ]);
    for (const component of components)
      expect(component.monthlyCostUsd).toBe(component.quantity * component.unitPriceUsd);
  });
});
