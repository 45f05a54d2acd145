import { describe, expect, it } from 'vitest';
import type { OptionId } from '../core/decide/option-id.ts';
import {
  describeFlipPoint,
  describeIneligibility,
  describeReason,
  describeWarning,
  labelerFor,
  optionLabel,
  sizingNotes,
  tokenCount,
  wholeUsd,
} from './plan-english.ts';

const gpt: OptionId = { kind: 'frontier-api', offerId: 'openai/gpt-4.1' };
const together: OptionId = { kind: 'hosted-open', offerId: 'together/llama-3.1-70b' };
const selfHosted: OptionId = { kind: 'self-hosted', openModelId: 'llama-3.1-70b', gpuId: 'h100-sxm' };
const split: OptionId = { kind: 'hybrid', variant: 'split', offerId: 'openai/gpt-4.1' };
const label = labelerFor([{ key: 'hybrid:split', id: split, parameters: { selfHostedShare: 0.7 } }]);

describe('plan facts in English', () => {
  it('labels every kind of option (doc examples)', () => {
    expect(optionLabel(gpt)).toBe('Frontier API (openai/gpt-4.1)');
    expect(optionLabel(together)).toBe('Hosted open model (together/llama-3.1-70b)');
    expect(optionLabel(selfHosted)).toBe('Self-hosted (llama-3.1-70b on h100-sxm)');
    expect(optionLabel({ ...selfHosted, kind: 'cloud-managed' }, { managedMarkup: 0.3 })).toBe(
      'Cloud-managed endpoint (llama-3.1-70b on h100-sxm, +30% managed markup)',
    );
    expect(optionLabel(split, { selfHostedShare: 0.7 })).toBe('Hybrid split: 70% self-hosted, 30% to openai/gpt-4.1');
    expect(optionLabel({ kind: 'hybrid', variant: 'overflow' })).toBe(
      'Hybrid overflow: self-hosted sized for the mean load, peaks overflow to an API',
    );
    expect(optionLabel({ kind: 'hosted-open' })).toBe('hosted-open');
    expect(label(split)).toBe('Hybrid split: 70% self-hosted, 30% to openai/gpt-4.1');
  });

  it('formats money and token counts (doc examples)', () => {
    expect(wholeUsd(70740.4)).toBe('$70,740');
    expect(tokenCount(8.55e9)).toBe('8.55B');
    expect(tokenCount(2.5e6)).toBe('2.5M');
    expect(tokenCount(12_300)).toBe('12.3k');
  });

  it('says why an option is ruled out', () => {
    expect(describeIneligibility({ rule: 'regulated-data', offerId: 'openai/gpt-4.1' })).toBe(
      'regulated data cannot be sent to a third-party API (openai/gpt-4.1)',
    );
    expect(describeIneligibility({ rule: 'unavailable', missing: 'gpu-fleet' })).toBe(
      'unavailable: no GPU fleet could be sized',
    );
    expect(describeIneligibility({ rule: 'unavailable', missing: 'catalog-entry', detail: 'no provider' })).toBe(
      'unavailable: no provider',
    );
    expect(describeIneligibility({ rule: 'latency-floor', sloTtftMs: 100, typicalTtftMs: 450 })).toBe(
      "latency floor: TTFT SLO 100 ms is below this option's typical (median) TTFT of 450 ms",
    );
    expect(describeIneligibility({ rule: 'fine-tuned-weights' })).toBe(
      'fine-tuned weights: a frontier API cannot serve your own weights',
    );
  });

  it('writes the decisive reasons (the chooseOption doc example: 6.7% < 20%)', () => {
    expect(
      describeReason(
        {
          kind: 'ml-ops-bar-not-met',
          mlOpsCapacity: 'limited',
          requiredSaving: 0.2,
          saving: 1 - 280 / 300,
          gpuOption: selfHosted,
          hostedOption: together,
        },
        label,
      ),
    ).toBe(
      "ML-ops capacity is 'limited': running GPUs must save at least 20% to be worth the operational risk; " +
        'Self-hosted (llama-3.1-70b on h100-sxm) saves 6.7% over Hosted open model (together/llama-3.1-70b), so the recommendation stays hosted',
    );
    expect(
      describeReason(
        {
          kind: 'cheapest-eligible',
          chosen: gpt,
          tcoUsd: 70_740,
          horizonMonths: 36,
          runnerUp: { option: split, tcoUsd: 700_000 },
        },
        label,
      ),
    ).toBe(
      'cheapest eligible option over 36 months: Frontier API (openai/gpt-4.1), TCO $70,740 vs $700,000 for Hybrid split: 70% self-hosted, 30% to openai/gpt-4.1',
    );
    expect(
      describeReason({ kind: 'ruled-out', option: gpt, failures: [{ rule: 'air-gap' }, { rule: 'quality' }] }, label),
    ).toMatch(/^Frontier API \(openai\/gpt-4\.1\) ruled out: air-gapped deployment: .*; quality: /);
  });

  it('writes flip points and warnings', () => {
    expect(
      describeFlipPoint({ kind: 'cheapest-above', option: split, tokensPerMonth: 8.55e9, factor: 14.25 }, label),
    ).toBe(
      'Hybrid split: 70% self-hosted, 30% to openai/gpt-4.1 becomes cheapest above 8.55B tokens/month (14.3x today)',
    );
    expect(describeFlipPoint({ kind: 'cheapest-below', option: gpt, tokensPerMonth: 30e6, factor: 0.05 }, label)).toBe(
      'below 30M tokens/month (0.05x today) Frontier API (openai/gpt-4.1) is cheapest',
    );
    expect(
      describeFlipPoint({ kind: 'stays-cheapest', option: gpt, lowestFactor: 0.01, highestFactor: 1000 }, label),
    ).toBe("Frontier API (openai/gpt-4.1) stays cheapest from 1/100x to 1000x today's volume");
    expect(
      describeWarning(
        {
          kind: 'latency-slo-miss',
          option: gpt,
          percentile: 'p99',
          expectedTtftMs: 1650,
          sloTtftMs: 150,
          penaltyIncluded: false,
        },
        label,
      ),
    ).toBe(
      'Frontier API (openai/gpt-4.1): expected p99 TTFT 1650 ms misses the 150 ms SLO (set revenueAtStakeUsdPerMonthPer100Ms to price it)',
    );
  });

  it('notes a fleet sizing (doc example)', () => {
    const sizing = {
      servingReplicas: 1,
      replicas: 2,
      gpus: 2,
      gpuHoursPaidPerMonth: 1440,
      gpuHoursBusyPerMonth: 75,
      utilization: 0.052,
      configuration: {
        openModelId: 'llama-3.1-70b',
        gpuId: 'h100-sxm',
        gpusPerReplica: 1,
        precision: 'fp8',
        engine: 'vllm',
        pricing: 'on-demand' as const,
        policy: 'fixed' as const,
      },
    };
    expect(sizingNotes(sizing, 1)).toEqual(['2 GPUs (2 replicas x 1), mean utilization 5.2%']);
    expect(sizingNotes({ ...sizing, overflowShare: 0.1234 }, 1)[1]).toBe(
      '12.3% of tokens overflow to the API at peaks',
    );
    expect(sizingNotes(undefined, 1)).toEqual([]);
  });
});
