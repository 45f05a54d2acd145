/** The catalog-list use-case and its renderers, in process. */
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../catalog/catalog.ts';
import { formatProblems } from '../core/problem.ts';
import { renderCatalogListing } from '../report/catalog-report.ts';
import { catalogListUseCase } from './catalog.ts';

const dependencies = { catalog: builtInCatalog };

function listingOf(kind?: string) {
  const outcome = catalogListUseCase({ kind }, dependencies);
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
    const outcome = catalogListUseCase({ kind: 'gpus' }, dependencies);
    if (outcome.ok) throw new Error('expected a problem');
    expect(formatProblems(outcome.problems)).toBe(
      '--kind: "gpus" — is not a catalog kind; use one of: api, hosted-open, gpu',
    );
  });
});

describe('renderCatalogListing', () => {
  it('JSON: the catalog entries as they are, with the markup', () => {
    const json = JSON.parse(renderCatalogListing(listingOf('gpu'), 'json'));
    expect(json).toEqual({
      tokenPriced: [],
      gpuOffers: builtInCatalog.gpuOffers,
      cloudManagedMarkup: builtInCatalog.cloudManagedMarkup,
    });
  });

  it('tables: token prices, then GPU offers and the markup line (only with GPU offers)', () => {
    const api = renderCatalogListing(listingOf('api'), 'table');
    expect(api.split('\n')[0]).toMatch(/^id +kind +USD\/1M in +USD\/1M cached in +USD\/1M out +TTFT p50\/p95 ms/);
    expect(api).toMatch(/openai\/gpt-4\.1 +frontier-api +2 +0\.5 +8 +450\/1100/);
    expect(api).not.toContain('cloud-managed markup');
    const gpu = renderCatalogListing(listingOf('gpu'), 'markdown');
    expect(gpu.split('\n').slice(0, 2)).toEqual([
      '| id | instance | on-demand USD/GPU-h | reserved | spot | mid on-demand | source | as of |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ]);
    expect(gpu).toMatch(/\| aws\/h100-sxm \| .* \| 2\.99-7\.57 \| .* \| 5\.28 \|/);
    expect(gpu.split('\n').at(-1)).toBe(
      'cloud-managed markup: 20-40% over raw GPU cost (seed articles: cloud-managed typically 20-40% over raw self-hosted, 2025-06-01)',
    );
  });
});
