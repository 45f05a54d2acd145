/** The placement's facts in English (plan-english.ts, the portfolio placement block). */
import { describe, expect, it } from 'vitest';
import { describePlacementTotal, describePlacementWhy, optionLabel } from './plan-english.ts';
import { profileChoice, type PlanReport } from './plan-report.ts';

const label = (id: Parameters<typeof optionLabel>[0]) => optionLabel(id);
const selfHosted = { kind: 'self-hosted', openModelId: 'llama-3.1-70b', gpuId: 'h100-sxm' } as const;
const hosted = { kind: 'hosted-open', offerId: 'together/llama-3.1-70b' } as const;

describe('describePlacementTotal and describePlacementWhy', () => {
  it('describePlacementTotal states the total and the saving against every workload on the best single option', () => {
    const placement = {
      monthlyCostUsd: 60_000,
      tcoUsd: 2_160_000,
      savingsTcoUsd: 360_000,
      bestSingle: { slot: 'self-hosted', kind: 'self-hosted' as const, tcoUsd: 2_520_000, monthlyCostUsd: 70_000 },
      exact: true,
      method: 'mip' as const,
    };
    expect(describePlacementTotal(placement, 36)).toBe(
      'placed feature by feature: $60,000/month, TCO $2,160,000 over 36 months; $360,000 less than every workload on self-hosted',
    );
    expect(describePlacementTotal({ ...placement, savingsTcoUsd: 0 }, 36)).toContain(
      'the same as every workload on self-hosted',
    );
    expect(
      describePlacementTotal(
        { ...placement, bestSingle: null, savingsTcoUsd: null, exact: false, method: 'local-search' },
        36,
      ),
    ).toBe(
      'placed feature by feature: $60,000/month, TCO $2,160,000 over 36 months; no single option meets every workload’s hard constraints (found by local search, not proven optimal)',
    );
  });

  it('describePlacementWhy names the cost margin, the shared fleet, the standalone choice and the binding constraints', () => {
    const sentence = describePlacementWhy(
      {
        why: { kind: 'cost-margin', runnerUp: hosted, extraTcoUsd: 95_742 },
        ruledOut: [
          {
            option: { kind: 'frontier-api', offerId: 'openai/gpt-4.1' },
            failures: [{ rule: 'regulated-data', offerId: 'openai/gpt-4.1' }],
          },
        ],
        alone: hosted,
        option: selfHosted,
        sharesFleetWith: ['search'],
      },
      label,
    );
    expect(sentence).toBe(
      "moving it to Hosted open model (together/llama-3.1-70b) would add $95,742 to the portfolio's TCO; shares its fleet with search; " +
        'planned alone it would be Hosted open model (together/llama-3.1-70b): the shared costs move it; ' +
        'Frontier API (openai/gpt-4.1) is ruled out (regulated data cannot be sent to a third-party API (openai/gpt-4.1))',
    );
    expect(
      describePlacementWhy(
        {
          why: { kind: 'ml-ops-bar', cheaper: selfHosted, savingUsd: 1000, requiredSaving: 0.2 },
          ruledOut: [],
          alone: hosted,
          option: hosted,
          sharesFleetWith: [],
        },
        label,
      ),
    ).toBe(
      'Self-hosted (llama-3.1-70b on h100-sxm) would save $1,000, but then running GPUs would no longer save the 20% the ML-ops rule asks',
    );
    // Other options meet the hard constraints but every move breaks the ML-ops rule: not "the only option".
    expect(
      describePlacementWhy(
        {
          why: { kind: 'others-break-ml-ops', runnerUp: hosted, extraTcoUsd: 54_590, requiredSaving: 0.2 },
          ruledOut: [],
          alone: hosted,
          option: selfHosted,
          sharesFleetWith: [],
        },
        label,
      ),
    ).toBe(
      "moving it to Hosted open model (together/llama-3.1-70b) would add $54,590 to the portfolio's TCO, and no move keeps the GPUs' saving at the 20% the ML-ops rule asks; " +
        'planned alone it would be Hosted open model (together/llama-3.1-70b): the shared costs move it',
    );
  });
});

describe('profileChoice', () => {
  const report = (kinds: Array<PlanReport['placement']['workloads'][number]['kind']>) =>
    ({
      recommendation: { option: 'hybrid' },
      workloads: kinds.map(() => ({})),
      placement: { workloads: kinds.map((kind) => ({ kind })) },
    }) as unknown as PlanReport;

  it('profileChoice names "feature by feature" when workloads sit on different kinds, else the kind', () => {
    expect(profileChoice(report(['self-hosted', 'hosted-open']), (kind) => kind)).toBe(
      'feature by feature (see the portfolio placement)',
    );
    expect(profileChoice(report(['hybrid', 'hybrid']), (kind) => kind.toUpperCase())).toBe('HYBRID');
    expect(profileChoice(report(['hosted-open']), (kind) => kind)).toBe('hybrid');
  });
});
