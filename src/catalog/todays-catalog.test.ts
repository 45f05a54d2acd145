/**
 * Today's catalog: prices from @pydantic/genai-prices by date, the 2025-06-01 snapshot kept,
 * DeepInfra from LiteLLM, GPU offers per provider class, and the LiteLLM importer's tiers.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planWithDefaults } from '../app/plan.ts';
import { parseProfile } from '../core/workload/parse.ts';
import { catalogAt, EARLIEST_CATALOG_DATE, findTokenPriced, isIsoDate, LATEST_SNAPSHOT_DATE } from './catalog.ts';
import { frontierApiMappings } from './api-models.ts';
import { GENAI_PRICES_VERSION, packagePriceAt, priceInEffect, tokenPricedFromPackage } from './genai-prices.ts';
import { allowedProviderClasses, providerClassOf } from './fleet-candidates.ts';
import { importLitellmPriceMap, litellmContextTiers } from './litellm.ts';
import { pricesForPrompt } from './resolve.ts';
import { updatedUserCatalog } from './user-catalog.ts';

describe('@pydantic/genai-prices', () => {
  it('GENAI_PRICES_VERSION is the installed package version', () => {
    const manifest = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../node_modules/@pydantic/genai-prices/package.json'), 'utf8'),
    ) as { version: string };
    expect(GENAI_PRICES_VERSION).toBe(manifest.version);
  });

  it('priceInEffect: the last dated price on or before the date (o3: $10 before 2025-06-10, $2 after)', () => {
    const prices = [
      { prices: { input_mtok: 10 } },
      { constraint: { type: 'start_date' as const, start_date: '2025-06-10' }, prices: { input_mtok: 2 } },
    ];
    expect(priceInEffect(prices, '2025-06-01')?.prices.input_mtok).toBe(10);
    expect(priceInEffect(prices, '2025-06-10')).toEqual({ prices: { input_mtok: 2 }, since: '2025-06-10' });
  });

  it('packagePriceAt: Opus 4.5 at $5/$25 with cache read and write; Gemini 2.5 Pro context tier', () => {
    expect(packagePriceAt('anthropic', 'claude-opus-4-5', '2026-12-01')).toMatchObject({
      usdPerMillionInputTokens: 5,
      usdPerMillionOutputTokens: 25,
      usdPerMillionCachedInputTokens: 0.5,
      usdPerMillionCacheWriteInputTokens: 6.25,
    });
    expect(packagePriceAt('google', 'gemini-2.5-pro', '2026-12-01')?.contextTiers).toEqual([
      {
        aboveInputTokens: 200_000,
        usdPerMillionInputTokens: 2.5,
        usdPerMillionOutputTokens: 15,
        usdPerMillionCachedInputTokens: 0.25,
      },
    ]);
    expect(packagePriceAt('openai', 'no-such-model', '2026-12-01')).toBeUndefined();
  });

  it('tokenPricedFromPackage: o3 priced at each date from the package history (doc example: $10 on 2025-06-01)', () => {
    const o3 = frontierApiMappings.filter((mapping) => mapping.id === 'openai/o3');
    expect(tokenPricedFromPackage(o3, '2025-06-01', '2026-12-01')[0].usdPerMillionInputTokens).toBe(10);
    const today = tokenPricedFromPackage(o3, '2026-12-01', '2026-12-01')[0];
    expect(today).toMatchObject({ usdPerMillionInputTokens: 2, priceSince: '2025-06-10', asOf: '2026-12-01' });
    expect(today.source).toContain(`@pydantic/genai-prices ${GENAI_PRICES_VERSION} (openai/o3`);
  });
});

describe('catalogAt', () => {
  it('catalogAt: the 2025-06-01 snapshot up to the next one, then the package-backed catalog', () => {
    const old = catalogAt('2025-06-01');
    expect(old.edition?.snapshot).toBe('2025-06-01');
    expect(findTokenPriced(old, 'anthropic/claude-opus-4').usdPerMillionInputTokens).toBe(15);
    expect(catalogAt('2026-06-01').edition?.snapshot).toBe('2025-06-01');
    const today = catalogAt(LATEST_SNAPSHOT_DATE);
    expect(today.edition?.sources.join(' ')).toContain(`@pydantic/genai-prices ${GENAI_PRICES_VERSION}`);
    expect(findTokenPriced(today, 'anthropic/claude-opus-4.5').usdPerMillionOutputTokens).toBe(25);
    expect(findTokenPriced(today, 'openai/gpt-5').usdPerMillionInputTokens).toBe(1.25);
    expect(findTokenPriced(today, 'deepinfra/qwen3-235b-a22b').openModel).toBe('qwen3-235b-a22b');
    expect(findTokenPriced(today, 'anthropic/claude-sonnet-4').deprecationDate).toBe('2026-05-14');
    for (const gpu of ['h100-sxm', 'h200', 'b200', 'a100-80gb', 'l40s', 'l4', 'mi300x', 'mi325x'])
      expect(
        today.gpuOffers.some((offer) => offer.gpu === gpu),
        gpu,
      ).toBe(true);
    expect(() => catalogAt('2024-12-31')).toThrow(`before the first built-in catalog (${EARLIEST_CATALOG_DATE})`);
    expect(() => catalogAt('2025-02-30')).toThrow(RangeError);
  });

  it('isIsoDate: real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-6-1')).toBe(false);
  });

  it('pricesForPrompt: a context tier prices the whole request above its threshold (doc example: $2.50)', () => {
    const gemini = findTokenPriced(catalogAt('2026-12-01'), 'google/gemini-2.5-pro');
    expect(pricesForPrompt(gemini, 250_000)).toMatchObject({
      usdPerMillionInputTokens: 2.5,
      tierAboveInputTokens: 200_000,
    });
    expect(pricesForPrompt(gemini, 2_000).usdPerMillionInputTokens).toBe(1.25);
  });
});

describe('GPU provider classes', () => {
  it('allowedProviderClasses: offer classes restrict providers, bare tiers do not (doc examples)', () => {
    expect(allowedProviderClasses('hyperscaler-committed')).toEqual(['hyperscaler']);
    expect(allowedProviderClasses('spot-community')).toEqual(['hyperscaler', 'specialist', 'marketplace']);
    expect(allowedProviderClasses('reserved')).toBeUndefined();
    expect(allowedProviderClasses('auto')).toBeUndefined();
  });
  it('providerClassOf: the class given, else by cloud (doc example: coreweave is a specialist)', () => {
    expect(providerClassOf({ cloud: 'coreweave' })).toBe('specialist');
    expect(providerClassOf({ cloud: 'AWS' })).toBe('hyperscaler');
    expect(providerClassOf({ cloud: 'x', providerClass: 'marketplace' })).toBe('marketplace');
  });
});

describe('LiteLLM importer', () => {
  const document = {
    'claude-sonnet-4-20250514': {
      input_cost_per_token: 3e-6,
      output_cost_per_token: 1.5e-5,
      cache_read_input_token_cost: 3e-7,
      cache_creation_input_token_cost: 3.75e-6,
      input_cost_per_token_above_200k_tokens: 6e-6,
      output_cost_per_token_above_200k_tokens: 2.25e-5,
      cache_read_input_token_cost_above_200k_tokens: 6e-7,
      deprecation_date: '2026-05-14',
      litellm_provider: 'anthropic',
      max_input_tokens: 200000,
      mode: 'chat',
    },
    'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo': {
      input_cost_per_token: 8.8e-7,
      output_cost_per_token: 8.8e-7,
      litellm_provider: 'together_ai',
      mode: 'chat',
    },
  };

  it('litellmContextTiers: one tier per threshold (doc example: $6/$22.50 above 200k)', () => {
    expect(litellmContextTiers(document['claude-sonnet-4-20250514'])).toEqual([
      {
        aboveInputTokens: 200_000,
        usdPerMillionInputTokens: 6,
        usdPerMillionOutputTokens: 22.5,
        usdPerMillionCachedInputTokens: 0.6,
      },
    ]);
  });

  it('importLitellmPriceMap keeps cache writes, context tiers and deprecation dates, and our provider names', () => {
    const { entries } = importLitellmPriceMap(document, {
      asOf: '2026-12-01',
      sourceName: 'LiteLLM',
      knownOpenModels: ['llama-3.3-70b'],
    });
    const sonnet = entries.find((entry) => entry.id === 'anthropic/claude-sonnet-4-20250514');
    expect(sonnet).toMatchObject({ deprecationDate: '2026-05-14', maxContextTokens: 200_000 });
    expect(sonnet?.usdPerMillionCacheWriteInputTokens).toBeCloseTo(3.75, 10);
    expect(sonnet?.contextTiers?.[0].aboveInputTokens).toBe(200_000);
    const together = entries.find((entry) => entry.provider === 'together');
    expect(together).toMatchObject({
      id: 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo',
      kind: 'hosted-open',
      openModel: 'llama-3.3-70b',
    });
  });

  it('updatedUserCatalog: imported entries replace existing ones by id, in id order, without provider', () => {
    const { entries } = importLitellmPriceMap(document, {
      asOf: '2026-12-01',
      sourceName: 'LiteLLM',
      knownOpenModels: [],
    });
    const contract = { ...entries[0], usdPerMillionInputTokens: 1.8, source: 'our contract' };
    const result = updatedUserCatalog({ tokenPriced: [contract] }, { tokenPriced: entries }, () => true);
    expect(result.replaced).toEqual([contract.id]);
    expect(result.added).toEqual(['together/meta-llama/Llama-3.3-70B-Instruct-Turbo']);
    expect(result.document.tokenPriced.map((entry) => entry.id)).toEqual([
      'anthropic/claude-sonnet-4-20250514',
      'together/meta-llama/Llama-3.3-70B-Instruct-Turbo',
    ]);
    expect('provider' in result.document.tokenPriced[0]).toBe(false);
  });
});

describe('GPU offers in the plan (today’s catalog)', () => {
  const example = (gpuPricing: string, apiModel?: string) => {
    const raw = parse(
      readFileSync(resolve(import.meta.dirname, '../../examples/early-stage-startup.yaml'), 'utf8'),
    ) as {
      workloads: Array<{ choices?: Record<string, unknown> }>;
    };
    raw.workloads[0].choices = { ...(raw.workloads[0].choices ?? {}), gpuPricing, ...(apiModel ? { apiModel } : {}) };
    const parsed = parseProfile(raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const planned = planWithDefaults(parsed.value, { asOf: '2026-12-01' });
    if (!planned.ok) throw new Error(JSON.stringify(planned.problems));
    const workload = planned.value.workloads[0];
    return Object.assign(workload.options.find((option) => option.kind === 'self-hosted') ?? {}, {
      warnings: workload.warnings,
    }) as (typeof workload.options)[number] & { warnings: string[] };
  };

  it('hyperscaler-on-demand: the fleet is bought in whole 8-GPU instances', () => {
    const selfHosted = example('hyperscaler-on-demand');
    expect(selfHosted?.sizing?.configuration.offerId).toBe('hyperscaler/h100-sxm');
    expect(selfHosted?.sizing?.configuration.pricing).toBe('on-demand');
    expect((selfHosted?.sizing?.gpus ?? 0) % 8).toBe(0);
    expect(selfHosted?.components.some((component) => component.name.includes('whole 8-GPU instances'))).toBe(true);
  });

  it('specialist-on-demand: single GPUs at a specialist cloud; a stale price is named', () => {
    const selfHosted = example('specialist-on-demand');
    expect(selfHosted?.sizing?.configuration.offerId).toBe('specialist/h100-sxm');
    expect(selfHosted?.sizing?.gpus).toBeLessThan(8);
    expect(
      selfHosted.warnings.some((warning) =>
        /specialist\/h100-sxm on-demand .*more than|more than 6 months older.*specialist\/h100-sxm on-demand/.test(
          warning,
        ),
      ),
    ).toBe(true);
  });

  it('a frontier model retired before the plan date warns', () => {
    const { warnings } = example('auto', 'anthropic/claude-sonnet-4');
    expect(warnings).toContain(
      'anthropic/claude-sonnet-4 is retired by its provider from 2026-05-14 (the plan is dated 2026-12-01); choose a current model in choices.apiModel',
    );
  });
});
