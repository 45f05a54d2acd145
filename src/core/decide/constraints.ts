/**
 * Hard constraints: what makes an option ineligible for a workload, each with a reason.
 * Rules as data; `ineligibleReasons` evaluates them.
 */
import type { Organization, Workload } from '../workload/schema.ts';
import type { OptionKind, ResolvedFleet, TokenOffer } from './types.ts';

export interface OptionFacts {
  kind: OptionKind;
  /** The per-token offer the option sends traffic to (frontier, hosted-open, hybrid's API part). */
  tokenOffer: TokenOffer | undefined;
  /** The open-weight fleet the option runs (self-hosted, cloud-managed, hybrid). */
  fleet: ResolvedFleet | undefined;
  ttftP50Ms: number | undefined;
}

interface ConstraintRule {
  id: string;
  check: (facts: OptionFacts, workload: Workload, organization: Organization) => string | undefined;
}

const thirdParty = (facts: OptionFacts) => facts.tokenOffer !== undefined;
const runsOpenWeights = (facts: OptionFacts) => facts.kind !== 'frontier-api';

function regionMatches(offerRegions: string[], region: string): boolean {
  const lower = region.toLowerCase();
  return offerRegions.some((offerRegion) => lower.startsWith(offerRegion.toLowerCase()));
}

export const constraintRules: ConstraintRule[] = [
  {
    id: 'air-gap',
    check: (facts, workload) =>
      workload.data.airGapped && facts.kind !== 'self-hosted'
        ? 'air-gapped deployment: only self-hosted GPUs run without public internet access'
        : undefined,
  },
  {
    id: 'regulated-data',
    check: (facts, workload) =>
      workload.data.sensitivity === 'regulated' && thirdParty(facts)
        ? `regulated data cannot be sent to a third-party API (${facts.tokenOffer?.id})`
        : undefined,
  },
  {
    id: 'regulated-without-ops',
    check: (facts, workload, organization) =>
      workload.data.sensitivity === 'regulated' && organization.mlOpsCapacity === 'none' && facts.kind === 'self-hosted'
        ? 'regulated data with no ML-ops capacity: running your own GPUs needs a team; a cloud-managed endpoint in your account keeps control without the ops burden'
        : undefined,
  },
  {
    id: 'residency',
    check: (facts, workload, organization) =>
      workload.data.residencyRequired &&
      facts.tokenOffer &&
      !regionMatches(facts.tokenOffer.residencyRegions, organization.region)
        ? `data residency in ${organization.region}: ${facts.tokenOffer.id} offers no in-region processing`
        : undefined,
  },
  {
    id: 'fine-tuned-weights',
    check: (facts, workload) => {
      if (!workload.requirements.fineTunedWeights) return undefined;
      if (facts.kind === 'frontier-api') return 'fine-tuned weights: a frontier API cannot serve your own weights';
      if (facts.tokenOffer && !facts.tokenOffer.servesCustomWeights)
        return `fine-tuned weights: ${facts.tokenOffer.id} does not serve custom weights`;
      return undefined;
    },
  },
  {
    id: 'reproducibility',
    check: (facts, workload) =>
      workload.requirements.reproducibility && facts.tokenOffer && !facts.tokenOffer.pinnedWeights
        ? `reproducibility: ${facts.tokenOffer.id} can change the model behind the name without notice`
        : undefined,
  },
  {
    id: 'quality',
    check: (facts, workload) =>
      workload.requirements.minimumQuality === 'frontier' && runsOpenWeights(facts)
        ? 'quality: the workload needs a frontier model (set requirements.minimumQuality: open and list good-enough open models to consider this)'
        : undefined,
  },
  {
    id: 'latency-floor',
    check: (facts, workload) => {
      const slo = workload.latency.ttftMs;
      if (slo === undefined || facts.ttftP50Ms === undefined || facts.ttftP50Ms <= slo) return undefined;
      return `latency floor: TTFT SLO ${slo} ms is below this option's typical (median) TTFT of ${facts.ttftP50Ms} ms`;
    },
  },
];

/**
 * Reasons an option is ineligible (empty = eligible).
 * @example
 * // Regulated data on a frontier API:
 * ineligibleReasons({ kind: 'frontier-api', tokenOffer: gpt41, ... }, regulatedWorkload, organization)
 * // ['regulated data cannot be sent to a third-party API (openai/gpt-4.1)']
 */
export function ineligibleReasons(facts: OptionFacts, workload: Workload, organization: Organization): string[] {
  const reasons: string[] = [];
  for (const rule of constraintRules) {
    const reason = rule.check(facts, workload, organization);
    if (reason) reasons.push(reason);
  }
  return reasons;
}
