/**
 * Hard constraints: what makes an option ineligible for a workload, each as a typed fact
 * (report/ writes the sentence). Rules as data; `ineligibleReasons` evaluates them.
 */
import type { Organization, Workload } from '../workload/schema.ts';
import type { ConstraintRuleId, Ineligibility, OptionKind, ResolvedFleet, TokenOffer } from './types.ts';

export interface OptionFacts {
  kind: OptionKind;
  /** The per-token offer the option sends traffic to (frontier, hosted-open, hybrid's API part). */
  tokenOffer: TokenOffer | undefined;
  /** The open-weight fleet the option runs (self-hosted, cloud-managed, hybrid). */
  fleet: ResolvedFleet | undefined;
  ttftP50Ms: number | undefined;
  /** Expected TTFT at the workload's SLO percentile (undefined: unknown). */
  ttftAtPercentileMs?: number;
  /** Expected p95 time per output token (GPU fleets; undefined for per-token offers). */
  tpotP95Ms?: number;
}

interface ConstraintRule {
  id: ConstraintRuleId;
  check: (facts: OptionFacts, workload: Workload, organization: Organization) => Ineligibility | undefined;
}

const runsOpenWeights = (facts: OptionFacts) => facts.kind !== 'frontier-api';

function regionMatches(offerRegions: string[], region: string): boolean {
  const lower = region.toLowerCase();
  return offerRegions.some((offerRegion) => lower.startsWith(offerRegion.toLowerCase()));
}

export const constraintRules: ConstraintRule[] = [
  {
    id: 'air-gap',
    check: (facts, workload) =>
      workload.data.airGapped && facts.kind !== 'self-hosted' ? { rule: 'air-gap' } : undefined,
  },
  {
    id: 'regulated-data',
    check: (facts, workload) =>
      workload.data.sensitivity === 'regulated' && facts.tokenOffer
        ? { rule: 'regulated-data', offerId: facts.tokenOffer.id }
        : undefined,
  },
  {
    id: 'regulated-without-ops',
    check: (facts, workload, organization) =>
      workload.data.sensitivity === 'regulated' && organization.mlOpsCapacity === 'none' && facts.kind === 'self-hosted'
        ? { rule: 'regulated-without-ops' }
        : undefined,
  },
  {
    id: 'residency',
    check: (facts, workload, organization) =>
      workload.data.residencyRequired &&
      facts.tokenOffer &&
      !regionMatches(facts.tokenOffer.residencyRegions, organization.region)
        ? { rule: 'residency', region: organization.region, offerId: facts.tokenOffer.id }
        : undefined,
  },
  {
    id: 'fine-tuned-weights',
    check: (facts, workload) => {
      if (!workload.requirements.fineTunedWeights) return undefined;
      if (facts.kind === 'frontier-api') return { rule: 'fine-tuned-weights' };
      if (facts.tokenOffer && !facts.tokenOffer.servesCustomWeights)
        return { rule: 'fine-tuned-weights', offerId: facts.tokenOffer.id };
      return undefined;
    },
  },
  {
    id: 'reproducibility',
    check: (facts, workload) =>
      workload.requirements.reproducibility && facts.tokenOffer && !facts.tokenOffer.pinnedWeights
        ? { rule: 'reproducibility', offerId: facts.tokenOffer.id }
        : undefined,
  },
  {
    id: 'quality',
    check: (facts, workload) =>
      workload.requirements.minimumQuality === 'frontier' && runsOpenWeights(facts) ? { rule: 'quality' } : undefined,
  },
  {
    id: 'latency-slo',
    check: (facts, workload) => {
      const slo = workload.latency.ttftMs;
      if (workload.traffic.offline || workload.latency.sloKind !== 'hard' || slo === undefined) return undefined;
      if (facts.ttftAtPercentileMs === undefined || facts.ttftAtPercentileMs <= slo) return undefined;
      return {
        rule: 'latency-slo',
        percentile: workload.latency.percentile,
        ttftMs: facts.ttftAtPercentileMs,
        sloTtftMs: slo,
      };
    },
  },
  {
    // A priced SLO pays for a miss, but a median above it means the option never meets it.
    id: 'latency-floor',
    check: (facts, workload) => {
      const slo = workload.latency.ttftMs;
      if (workload.traffic.offline || workload.latency.sloKind !== 'priced') return undefined;
      if (slo === undefined || facts.ttftP50Ms === undefined || facts.ttftP50Ms <= slo) return undefined;
      return { rule: 'latency-floor', sloTtftMs: slo, typicalTtftMs: facts.ttftP50Ms };
    },
  },
  {
    id: 'end-to-end-slo',
    check: (facts, workload) => {
      const slo = workload.latency.endToEndMs;
      if (workload.traffic.offline || slo === undefined) return undefined;
      if (facts.ttftAtPercentileMs === undefined || facts.tpotP95Ms === undefined) return undefined;
      const endToEndMs = facts.ttftAtPercentileMs + workload.tokens.outputPerRequest * facts.tpotP95Ms;
      return endToEndMs > slo ? { rule: 'end-to-end-slo', endToEndMs, sloEndToEndMs: slo } : undefined;
    },
  },
  {
    id: 'context-window',
    check: (facts, workload) => {
      const maxContextTokens = facts.tokenOffer?.maxContextTokens;
      const contextTokens = workload.tokens.inputPerRequest + workload.tokens.outputPerRequest;
      return maxContextTokens !== undefined && contextTokens > maxContextTokens
        ? { rule: 'context-window', contextTokens, maxContextTokens }
        : undefined;
    },
  },
  {
    id: 'quality-gap',
    check: (facts, workload) => {
      const gapPoints = workload.measured?.qualityGap?.points ?? workload.checklist.qualityGapPoints;
      const maxGapPoints = workload.requirements.maxQualityGapPoints;
      if (gapPoints === undefined || maxGapPoints === undefined || !runsOpenWeights(facts)) return undefined;
      return gapPoints > maxGapPoints ? { rule: 'quality-gap', gapPoints, maxGapPoints } : undefined;
    },
  },
];

/**
 * The hard constraints an option fails for a workload (empty = eligible).
 * @example
 * // Regulated data on a frontier API:
 * ineligibleReasons({ kind: 'frontier-api', tokenOffer: gpt41, ... }, regulatedWorkload, organization)
 * // [{ rule: 'regulated-data', offerId: 'openai/gpt-4.1' }]
 */
export function ineligibleReasons(facts: OptionFacts, workload: Workload, organization: Organization): Ineligibility[] {
  const failures: Ineligibility[] = [];
  for (const rule of constraintRules) {
    const failure = rule.check(facts, workload, organization);
    if (failure) failures.push(failure);
  }
  return failures;
}
