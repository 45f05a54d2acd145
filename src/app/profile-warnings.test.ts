/** Plausibility warnings: a growth typed as a percentage, TP that does not divide the heads, a monthly salary. */
import { describe, expect, it } from 'vitest';
import { parseProfileText } from '../cli/load-profile.ts';
import { profileTemplate } from '../cli/profile-template.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';
import { profileWarnings } from './profile-warnings.ts';

const template = parseProfileText(profileTemplate, 'template');

function variant(change: (profile: WorkloadProfile) => void): WorkloadProfile {
  const copy = structuredClone(template);
  change(copy);
  return copy;
}

describe('profileWarnings', () => {
  it('says nothing about the example profile', () => {
    expect(profileWarnings(template)).toEqual([]);
  });

  it('flags a growth that looks like a percentage, a TP that does not divide the heads and a salary under $50k', () => {
    const profile = variant((copy) => {
      copy.organization.engineerLoadedCostUsdPerYear = 15_000;
      copy.workloads[0].traffic.monthlyGrowthRate = 1;
      copy.workloads[0].choices.gpusPerReplica = 3;
      copy.workloads[0].requirements.openModels = ['llama-3.1-70b'];
    });
    const warnings = profileWarnings(profile);
    expect(warnings.map((warning) => warning.path)).toEqual([
      'organization.engineerLoadedCostUsdPerYear',
      'workloads[0].traffic.monthlyGrowthRate',
      'workloads[0].choices.gpusPerReplica',
    ]);
    expect(warnings[1].message).toContain('if you meant 1% a month, enter 0.01');
    expect(warnings[1].message).toContain('x4,096 in a year');
    expect(warnings[2].message).toMatch(/does not divide llama-3\.1-70b's \d+ attention heads/);
  });

  it('accepts a TP that divides the heads and a growth below the threshold', () => {
    const profile = variant((copy) => {
      copy.workloads[0].traffic.monthlyGrowthRate = 0.1;
      copy.workloads[0].choices.gpusPerReplica = 2;
      copy.workloads[0].requirements.openModels = ['llama-3.1-70b'];
    });
    expect(profileWarnings(profile)).toEqual([]);
  });
});
