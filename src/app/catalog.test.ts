/** The catalog-list use-case and its renderers, in process. */
import { describe, expect, it } from 'vitest';
import { catalogAt } from '../catalog/catalog.ts';
import { formatProblems } from '../core/problem.ts';
import { renderCatalogListing } from '../report/catalog-report.ts';
import { catalogListUseCase } from './catalog.ts';

/** These tests pin the 2025-06-01 catalog snapshot (its numbers do not move with new prices). */
const builtInCatalog = catalogAt('2025-06-01');

const dependencies = { catalog: builtInCatalog };

function listingOf(kind?: string) {
  const outcome = catalogListUseCase({ kind, today: '2025-06-01' }, dependencies);
  if (!outcome.ok) throw new Error(formatProblems(outcome.problems));
  return outcome.value;
}

describe('catalogListUseCase', () => {
  it('lists every kind by default, or one kind', () => {
    const all = listingOf();
    expect(all.tokenPriced.map((entry) => entry.kind)).toContain('frontier-api');
    expect(all.tokenPriced.map((entry) => entry.kind)).toContain('hosted-open');
    expect(all.gpuOffers).toHaveLength(builtInCatalog.gpuOffers.length);
    expect(listingOf('api').tokenPriced.every((entry) => entry.kind === 'frontier-api')).toBe(true);
    expect(listingOf('api').gpuOffers).toEqual([]);
    expect(listingOf('hosted-open').tokenPriced.every((entry) => entry.kind === 'hosted-open')).toBe(true);
    expect(listingOf('gpu').tokenPriced).toEqual([]);
  });

  it('checks the doc example: the middle of the on-demand range', () => {
    const h100 = listingOf('gpu').gpuOffers.find(({ offer }) => offer.id === 'aws/h100-sxm');
    expect(h100?.midOnDemandUsdPerGpuHour).toBeCloseTo(5.28, 10);
  });

  it('an unknown kind is a problem on --kind', () => {
    const outcome = catalogListUseCase({ kind: 'gpus', today: '2025-06-01' }, dependencies);
    if (outcome.ok) throw new Error('expected a problem');
    expect(formatProblems(outcome.problems)).toBe(
      '--kind: "gpus" — is not a catalog kind; use one of: api, hosted-open, gpu, model',
    );
  });
});

describe('renderCatalogListing', () => {
  it('JSON: the edition, the age and the catalog entries as they are, with the markup', () => {
    const json = JSON.parse(renderCatalogListing(listingOf('gpu'), 'json'));
    expect(json.edition.snapshot).toBe('2025-06-01');
    expect(json.age).toEqual({
      onDate: '2025-06-01',
      snapshot: '2025-06-01',
      snapshotAgeDays: 0,
      oldestAsOf: '2025-06-01',
      stale: [],
    });
    expect(json.tokenPriced).toEqual([]);
    expect(json.gpuOffers).toEqual(builtInCatalog.gpuOffers);
    expect(json.cloudManagedMarkup).toEqual(builtInCatalog.cloudManagedMarkup);
    expect(json.gpuSpecs.length).toBeGreaterThan(0);
  });

  it('tables: the catalog header, token prices, then GPU offers and the markup line (only with GPU offers)', () => {
    const api = renderCatalogListing(listingOf('api'), 'table');
    expect(api.split('\n')[0]).toBe('catalog: snapshot 2025-06-01, priced at 2025-06-01');
    expect(api).toMatch(/^id +kind +USD\/1M in +USD\/1M cached in +USD\/1M cache write +USD\/1M out/m);
    expect(api).toMatch(/openai\/gpt-4\.1 +frontier-api +2 +0\.5 +- +8 +/);
    expect(api).not.toContain('cloud-managed markup');
    const gpu = renderCatalogListing(listingOf('gpu'), 'markdown');
    expect(gpu).toContain(
      '| id | class | instance | on-demand USD/GPU-h | reserved | spot | mid on-demand | bought | source | as of |',
    );
    expect(gpu).toMatch(/\| aws\/h100-sxm \| - \| .* \| 2\.99-7\.57 \| .* \| 5\.28 \| per GPU \|/);
    expect(gpu).toContain(
      'cloud-managed markup: 20-40% over raw GPU cost (seed articles: cloud-managed typically 20-40% over raw self-hosted, 2025-06-01)',
    );
  });

  it("today's catalog: the package version in the sources and stale GPU offers counted", () => {
    const outcome = catalogListUseCase({ today: '2026-12-01' }, { catalog: catalogAt('2026-12-01') });
    if (!outcome.ok) throw new Error(formatProblems(outcome.problems));
    const text = renderCatalogListing(outcome.value, 'table');
    expect(text).toContain('@pydantic/genai-prices 0.1.8');
    expect(text).toMatch(
      /catalog snapshot 2026-12-01 is 0 days old on 2026-12-01; oldest price 2025-06-01; \d+ entries are more than 6 months old/,
    );
    expect(text).toMatch(/anthropic\/claude-opus-4\.5 +frontier-api +5 +0\.5 +6\.25 +25 /);
    expect(text).toMatch(/hyperscaler\/h100-sxm +hyperscaler .* whole 8-GPU instances/);
  });

  it('model and GPU specs with their sources', () => {
    const models = renderCatalogListing(listingOf('model'), 'markdown');
    expect(models).toContain('| id | name | params B | active B | context | precisions | source | as of |');
    expect(models).toContain('| llama-3.1-70b |');
    const gpus = renderCatalogListing(listingOf('gpu'), 'markdown');
    expect(gpus).toContain(
      '| id | name | memory GB | bandwidth GB/s | TFLOPS bf16 | fp8 | int8 | int4 | fp4 | source | as of |',
    );
  });
});
