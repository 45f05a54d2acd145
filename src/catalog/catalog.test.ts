import { describe, expect, it } from 'vitest';
import {
  blendedUsdPerMillionTokens,
  builtInCatalog,
  findGpuOffers,
  findTokenPriced,
  hostedOpenOffers,
  lookupTokenPriced,
  mergeCatalog,
} from './catalog.ts';
import { midpointUsd } from './gpu-offers.ts';
import { CatalogLookupError } from './lookup-error.ts';
import { cheapestGpuOffer } from './resolve.ts';

describe('price catalog', () => {
  it('blends input and output prices for a token mix (doc example: $3.50)', () => {
    expect(blendedUsdPerMillionTokens({ usdPerMillionInputTokens: 2, usdPerMillionOutputTokens: 8 }, 3)).toBe(3.5);
  });
  it('takes the middle of a price range (doc example: $3)', () => {
    expect(midpointUsd({ low: 2, high: 4 })).toBe(3);
  });
  it('finds models by catalog id, provider model name or bare name, and suggests on a miss', () => {
    expect(findTokenPriced(builtInCatalog, 'openai/gpt-4.1').id).toBe('openai/gpt-4.1');
    expect(findTokenPriced(builtInCatalog, 'claude-sonnet-4-20250514').id).toBe('anthropic/claude-sonnet-4');
    expect(findTokenPriced(builtInCatalog, 'GPT-4.1-MINI').id).toBe('openai/gpt-4.1-mini');
    expect(lookupTokenPriced(builtInCatalog, 'llama-3.1-70b', 'frontier-api')).toBeUndefined();
    expect(() => findTokenPriced(builtInCatalog, 'gpt-4.2', 'frontier-api')).toThrow(CatalogLookupError);
    try {
      findTokenPriced(builtInCatalog, 'gpt-4.2', 'frontier-api');
    } catch (error) {
      expect((error as CatalogLookupError).suggestions).toContain('openai/gpt-4.1');
    }
  });
  it('lists hosted-open offers for an open model, cheapest first', () => {
    const offers = hostedOpenOffers(builtInCatalog, 'llama-3.1-8b');
    expect(offers.map((offer) => offer.provider)).toEqual(['groq', 'together', 'fireworks']);
    const blended = offers.map((offer) => blendedUsdPerMillionTokens(offer, 3));
    expect([...blended].sort((left, right) => left - right)).toEqual(blended);
  });
  it('picks the cheapest cloud for a GPU at a pricing tier, at mid-range', () => {
    const { offer, usdPerGpuHour } = cheapestGpuOffer(findGpuOffers(builtInCatalog, 'h100-sxm'), 'on-demand');
    expect(offer.id).toBe('aws/h100-sxm');
    expect(usdPerGpuHour).toBeCloseTo((2.99 + 7.57) / 2, 10);
    expect(() => findGpuOffers(builtInCatalog, 'h100')).toThrow(
      /unknown GPU 'h100'; did you mean 'h100-sxm', 'h100-pcie'/,
    );
  });
  it('lets user entries replace built-in ones by id and add new ones', () => {
    const base = findTokenPriced(builtInCatalog, 'openai/gpt-4.1');
    const merged = mergeCatalog(builtInCatalog, {
      tokenPriced: [
        { ...base, usdPerMillionInputTokens: 1.5, source: 'our contract' },
        { ...base, id: 'openai/gpt-5', apiModelName: 'gpt-5' },
      ],
    });
    expect(findTokenPriced(merged, 'openai/gpt-4.1').usdPerMillionInputTokens).toBe(1.5);
    expect(findTokenPriced(merged, 'gpt-5').id).toBe('openai/gpt-5');
    expect(merged.tokenPriced.length).toBe(builtInCatalog.tokenPriced.length + 1);
    expect(findTokenPriced(builtInCatalog, 'openai/gpt-4.1').usdPerMillionInputTokens).toBe(2);
  });
  it('dates and sources every built-in entry', () => {
    for (const entry of [...builtInCatalog.tokenPriced, ...builtInCatalog.gpuOffers]) {
      expect(entry.source.length).toBeGreaterThan(0);
      expect(entry.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
