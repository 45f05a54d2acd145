import { describe, expect, it } from 'vitest';
import {
  blendedUsdPerMillionTokens,
  catalogAt,
  findGpuOffers,
  findTokenPriced,
  hostedOpenOffers,
  lookupTokenPriced,
  mergeCatalog,
} from './catalog.ts';
import { midpointUsd } from './gpu-offers.ts';
import { CatalogLookupError } from './lookup-error.ts';
import { importLitellmPriceMap } from './litellm.ts';
import { cheapestGpuOffer } from './resolve.ts';
import { parseUserCatalog } from './user-catalog.ts';

/** These tests pin the 2025-06-01 catalog snapshot (its numbers do not move with new prices). */
const builtInCatalog = catalogAt('2025-06-01');

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
    const { offer, usdPerGpuHour } = cheapestGpuOffer(findGpuOffers(builtInCatalog, 'h100-sxm'), 'on-demand') ?? {
      offer: undefined,
      usdPerGpuHour: Number.NaN,
    };
    expect(offer?.id).toBe('aws/h100-sxm');
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

  it('lists the context windows the providers document, and leaves the unverified ones absent', () => {
    const windows = Object.fromEntries(
      builtInCatalog.tokenPriced.map((entry) => [entry.id, entry.maxContextTokens ?? null]),
    );
    expect(windows).toMatchObject({
      'openai/gpt-4.1': 1_047_576,
      'openai/gpt-4o-mini': 128_000,
      'openai/o3': 200_000,
      'anthropic/claude-sonnet-4': 200_000,
      'google/gemini-2.5-flash': 1_048_576,
      'groq/llama-3.1-8b': 131_072,
      'together/llama-3.1-70b': null,
      'fireworks/llama-3.1-70b': null,
    });
  });
});

describe('context windows from catalog files', () => {
  it('importLitellmPriceMap: max_input_tokens becomes the context window (doc example: gpt-4o 128,000); max_tokens, the output limit, is not read', () => {
    const { entries } = importLitellmPriceMap(
      {
        'gpt-4o': {
          input_cost_per_token: 2.5e-6,
          output_cost_per_token: 1e-5,
          max_input_tokens: 128000,
          max_tokens: 16384,
          litellm_provider: 'openai',
          mode: 'chat',
        },
        'old-model': { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, max_tokens: 4096, mode: 'chat' },
        'odd-model': {
          input_cost_per_token: 1e-6,
          output_cost_per_token: 2e-6,
          max_input_tokens: 'lots',
          mode: 'chat',
        },
      },
      { asOf: '2025-06-01', sourceName: 'LiteLLM', knownOpenModels: [] },
    );
    expect(entries[0]).toMatchObject({ id: 'openai/gpt-4o', usdPerMillionInputTokens: 2.5, maxContextTokens: 128000 });
    expect('maxContextTokens' in entries[1]).toBe(false);
    expect(entries[2].id).toBe('unknown/odd-model');
    expect('maxContextTokens' in entries[2]).toBe(false);
  });

  it('parseUserCatalog: accepts maxContextTokens on a per-token entry and rejects a bad one with its path', () => {
    const entry = {
      id: 'acme/llama-3.1-70b',
      kind: 'hosted-open',
      openModel: 'llama-3.1-70b',
      usdPerMillionInputTokens: 0.5,
      usdPerMillionOutputTokens: 0.5,
      maxContextTokens: 32_768,
      source: 'our contract',
      asOf: '2026-01-01',
    };
    const options = { fileDate: '2026-01-01', fileName: 'prices.yaml', knownOpenModels: [] };
    const parsed = parseUserCatalog({ tokenPriced: [entry] }, options);
    expect(parsed.ok && parsed.overrides.tokenPriced?.[0].maxContextTokens).toBe(32_768);
    const bad = parseUserCatalog({ tokenPriced: [{ ...entry, maxContextTokens: 0 }] }, options);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0].path).toBe('tokenPriced[0].maxContextTokens');
  });
});
