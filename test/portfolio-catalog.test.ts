/**
 * Issue 14, "done when": two identical workloads of 500k requests/day cost within 5% of
 * the same traffic as one workload, for every option kind, with the built-in catalog and
 * the capacity model (the init template's workload, growth off).
 */
import { describe, expect, it } from 'vitest';
import { planWithDefaults } from '../src/app/plan.ts';
import { parseProfileText } from '../src/cli/load-profile.ts';
import { profileTemplate } from '../src/cli/profile-template.ts';
import type { WorkloadProfile } from '../src/core/workload/schema.ts';

function withWorkloads(requestsPerDay: number[]): WorkloadProfile {
  const template = parseProfileText(profileTemplate, 'profile template');
  const base = template.workloads[0];
  return {
    ...template,
    workloads: requestsPerDay.map((perDay, index) => ({
      ...base,
      name: `${base.name}-${index + 1}`,
      volume: { requestsPerDay: perDay },
      traffic: { ...base.traffic, monthlyGrowthRate: 0 },
    })),
  };
}

describe('planWithDefaults on two identical workloads (built-in catalog)', () => {
  it('every option slot costs within 5% of one workload with the same traffic, shared costs once', () => {
    const two = planWithDefaults(withWorkloads([500_000, 500_000]));
    const one = planWithDefaults(withWorkloads([1_000_000]));
    if (!two.ok || !one.ok) throw new Error('the template profile should plan');
    expect(two.value.options.map((option) => option.id)).toEqual([
      'frontier-api',
      'hosted-open',
      'cloud-managed',
      'self-hosted',
      'hybrid:split',
      'hybrid:overflow',
    ]);
    for (const option of two.value.options) {
      const single = one.value.options.find(
        (candidate) => candidate.kind === option.kind && candidate.id.startsWith(option.id),
      );
      expect(single, option.id).toBeDefined();
      if (!single) continue;
      expect(Math.abs(option.monthlyCostUsd / single.monthlyCostUsd - 1), option.id).toBeLessThan(0.05);
      expect(Math.abs(option.tcoUsd / single.tcoUsd - 1), option.id).toBeLessThan(0.05);
    }
    expect(two.value.placement.tcoUsd).toBeLessThanOrEqual(one.value.recommendation.tcoUsd * 1.05);
  });
});
