/**
 * Plausibility warnings on a valid profile: values the schema accepts that are probably
 * typos, each with the field path so the dashboard shows it next to the field. They do not
 * stop the plan; they ask the user to look again.
 */
import type { WorkloadProfile } from '../core/workload/schema.ts';
import { findOpenModel } from '../catalog/open-models.ts';

export interface ProfileWarning {
  path: string;
  message: string;
}

/** Monthly growth at or above this looks like a percentage typed as a share (1 for 1%). */
export const growthTypoThreshold = 0.25;
/** A fully loaded engineer cost per year below this looks like a monthly figure or a typo (US market, 2025). */
export const lowestPlausibleEngineerCostUsdPerYear = 50_000;

/**
 * The warnings for a profile (see the file header).
 * @example profileWarnings({ organization: { engineerLoadedCostUsdPerYear: 15_000, ... }, workloads: [...] })[0].path === 'organization.engineerLoadedCostUsdPerYear'
 */
export function profileWarnings(profile: WorkloadProfile): ProfileWarning[] {
  const warnings: ProfileWarning[] = [];
  const cost = profile.organization.engineerLoadedCostUsdPerYear;
  if (cost < lowestPlausibleEngineerCostUsdPerYear)
    warnings.push({
      path: 'organization.engineerLoadedCostUsdPerYear',
      message: `$${Math.round(cost).toLocaleString('en-US')} a year is below any loaded engineer cost (salary plus benefits and overhead, typically $150k-$300k); this field is per year, not per month`,
    });
  profile.workloads.forEach((workload, index) => {
    const growth = workload.traffic.monthlyGrowthRate;
    if (growth >= growthTypoThreshold) {
      const yearly = (1 + growth) ** 12;
      warnings.push({
        path: `workloads[${index}].traffic.monthlyGrowthRate`,
        message: `${growth} is ${Math.round(growth * 100)}% growth a month (x${Math.round(yearly).toLocaleString('en-US')} in a year); if you meant ${growth}% a month, enter ${growth / 100}`,
      });
    }
    const tensorParallel = workload.choices.gpusPerReplica;
    const modelId = workload.requirements.openModels[0];
    if (tensorParallel !== undefined && modelId !== undefined) {
      let heads: number | undefined;
      try {
        heads = findOpenModel(modelId).attentionHeads;
      } catch {
        heads = undefined; // an unknown model is reported by the plan itself
      }
      if (heads !== undefined && heads % tensorParallel !== 0)
        warnings.push({
          path: `workloads[${index}].choices.gpusPerReplica`,
          message: `${tensorParallel} GPUs per replica does not divide ${modelId}'s ${heads} attention heads, so tensor parallelism cannot split it evenly; use a divisor such as ${[1, 2, 4, 8].filter((degree) => heads % degree === 0).join(', ')}`,
        });
    }
  });
  return warnings;
}
