/**
 * The `plan --format json` contract (docs/plan.md) as a zod schema: what other tools may
 * rely on. Every documented field is required with its type; fields not listed here are
 * allowed (the contract grows by adding fields, and a reader ignores what it does not
 * know), so objects are not strict. Removing or retyping a field here is a breaking change
 * to `schemaVersion: 1`. test/report-contract.test.ts checks every example's report
 * against it, and tsc checks that the PlanReport type satisfies it.
 */
import { z } from 'zod';

const usd = z.number();
const count = z.number().nonnegative();
const wholeCount = z.number().int().nonnegative();
const share = z.number().min(0).max(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'an ISO date (YYYY-MM-DD...)');

export const optionKindSchema = z.enum(['frontier-api', 'hosted-open', 'cloud-managed', 'self-hosted', 'hybrid']);

export const priceSourceSchema = z.object({ name: z.string().min(1), asOf: isoDate });

export const costComponentSchema = z.object({
  name: z.string().min(1),
  category: z.enum(['tokens', 'gpu', 'people', 'infra', 'latency']),
  unit: z.string().min(1),
  quantity: z.number(),
  unitPriceUsd: usd,
  /** quantity x unitPriceUsd for recurring components; 0 for one-off ones. */
  monthlyCostUsd: usd,
  usageBased: z.boolean(),
  oneOffCostUsd: usd.optional(),
  oneOffMonthIndex: wholeCount.optional(),
  repeatEveryMonths: wholeCount.optional(),
  source: priceSourceSchema,
});

/** One option summed over workloads: `options[]`. */
export const reportOptionSchema = z.object({
  id: z.string().min(1),
  kind: optionKindSchema,
  label: z.string().min(1),
  eligible: z.boolean(),
  ineligibleReasons: z.array(z.string()),
  /** First month, recurring. */
  monthlyCostUsd: usd,
  usageBasedMonthlyCostUsd: usd,
  fixedMonthlyCostUsd: usd,
  oneOffUsd: usd,
  tcoUsd: usd,
  usdPerMillionTokens: usd,
  components: z.array(costComponentSchema),
});

export const percentileSchema = z.enum(['p95', 'p99']);

/** An option's expected TTFT at the workload's SLO percentile against the SLO. */
export const optionLatencySchema = z.object({
  percentile: percentileSchema,
  /** Null: unknown (e.g. no catalog entry). */
  ttftMs: count.nullable(),
  /** Null: the profile sets no TTFT SLO (or the workload is offline). */
  sloTtftMs: count.nullable(),
  /** Null when there is no SLO or the TTFT is unknown. */
  meetsSlo: z.boolean().nullable(),
});

/** The configuration the search chose for a GPU-based option (or considered, for an alternative). */
export const fleetConfigurationSchema = z.object({
  openModelId: z.string().min(1),
  gpuId: z.string().min(1),
  gpusPerReplica: z.number().int().positive(),
  precision: z.string().min(1),
  engine: z.string().min(1),
  pricing: z.enum(['on-demand', 'reserved', 'spot']),
  policy: z.enum(['fixed', 'autoscale', 'scheduled', 'batch']),
});

export const optionSizingSchema = z.object({
  /** The chosen configuration (GPU, TP, precision, engine, pricing tier, fleet policy). */
  configuration: fleetConfigurationSchema,
  servingReplicas: wholeCount,
  replicas: wholeCount,
  gpus: wholeCount,
  gpuHoursPaidPerMonth: count,
  gpuHoursBusyPerMonth: count,
  /** Mean utilization: busy / paid GPU-hours. */
  utilization: count,
  overflowShare: share.optional(),
  selfHostedShare: share.optional(),
  /** The team the fleet needs, as costed (FTE shares). */
  staffing: z.object({ sreFte: count, mlEngineerFte: count }).optional(),
});

/** A configuration the search considered and did not choose, and why (`why` in English). */
export const configurationAlternativeSchema = z.object({
  configuration: fleetConfigurationSchema,
  monthlyCostUsd: usd,
  tcoUsd: usd,
  gpus: wholeCount,
  /** Why it lost, as a fact (`costlier`, `misses-slo`, `ineligible`); `why` says it in English. */
  lost: z.object({ kind: z.enum(['costlier', 'misses-slo', 'ineligible']) }),
  why: z.string().min(1),
});

const verdictOptionSchema = z.object({
  optionId: z.string().min(1),
  label: z.string().min(1),
  kind: optionKindSchema,
  monthlyCostUsd: usd,
  tcoUsd: usd,
});
const verdictComparisonSchema = verdictOptionSchema.extend({ savingTcoUsd: usd, costRatio: z.number().nullable() });

/** `workloads[].summary`: the verdict on top of every plan, as facts. */
export const verdictSummarySchema = z.object({
  answer: z.enum(['recommend', 'infeasible', 'cost-does-not-decide']),
  chosen: verdictOptionSchema.nullable(),
  runnerUp: verdictComparisonSchema.nullable(),
  otherCamp: verdictComparisonSchema.extend({ camp: z.enum(['gpu', 'token']) }).nullable(),
  changes: z.array(z.object({ kind: z.string().min(1) })),
  ruledOut: z.object({
    options: z.array(verdictOptionSchema),
    priceOfConstraints: verdictOptionSchema.extend({ extraTcoUsd: usd }).nullable(),
  }),
});

const monthSchema = z.object({ monthIndex: wholeCount, totalUsd: usd, cumulativeUsd: usd });

export const costBandSchema = z.object({
  lowTcoUsd: usd,
  highTcoUsd: usd,
  months: z.array(z.object({ monthIndex: wholeCount, lowCumulativeUsd: usd, highCumulativeUsd: usd })),
});

/**
 * One option of one workload: the summed option plus months, band, notes, latency against
 * the SLO and, for GPU-based options, the sizing (null for per-token options) and the
 * configurations the search considered.
 */
export const reportWorkloadOptionSchema = reportOptionSchema.extend({
  band: costBandSchema.nullable(),
  ttftP95Ms: count.nullable(),
  latency: optionLatencySchema,
  notes: z.array(z.string()),
  sizing: optionSizingSchema.nullable(),
  alternatives: z.array(configurationAlternativeSchema),
  months: z.array(monthSchema).min(1),
});

export const reportWorkloadSchema = z.object({
  name: z.string().min(1),
  /** False when no option meets every hard constraint (the headline then says so). */
  feasible: z.boolean(),
  /** The answer in one sentence. */
  headline: z.string().min(1),
  /** The answer as a fact: `recommend`, `infeasible` (nothing meets every hard constraint) or `cost-does-not-decide`. */
  verdict: z.object({ kind: z.enum(['recommend', 'infeasible', 'cost-does-not-decide']) }),
  /** Months before a GPU fleet serves traffic; the hosted option serves meanwhile. */
  buildPeriodMonths: wholeCount,
  tokensPerMonth: count,
  requestsPerMonth: count,
  monthlyGrowthRate: z.number(),
  recommendation: z.object({
    option: optionKindSchema,
    optionId: z.string().min(1),
    reasons: z.array(z.string()).min(1),
  }),
  options: z.array(reportWorkloadOptionSchema).min(1),
  rulesOfThumb: z.array(
    z.object({
      id: z.string().min(1),
      source: z.string(),
      text: z.string().min(1),
      applies: z.boolean(),
      verdict: z.array(optionKindSchema),
      agrees: z.boolean().nullable(),
    }),
  ),
  /** `tokensPerMonth`: the volume where the answer changes (null when volume does not change it). */
  flip: z.array(z.object({ description: z.string().min(1), tokensPerMonth: count.nullable() })),
  cheapestChange: z.object({ monthIndex: wholeCount, from: z.string(), to: z.string() }).nullable(),
  breakEven: z.array(
    z.object({ optionId: z.string(), againstOptionId: z.string(), monthIndex: wholeCount.nullable() }),
  ),
  costCurve: z.array(z.object({ tokensPerMonth: count, costUsdByOption: z.record(z.string(), usd) })),
  unansweredQuestions: z.array(z.string()),
  warnings: z.array(z.string()),
  /** The verdict as facts (src/report/plan-verdict.ts): do now, savings, when it changes, ruled out. */
  summary: verdictSummarySchema.optional(),
});

export const reportCapacitySchema = z.object({
  workload: z.string(),
  openModel: z.string(),
  gpu: z.string(),
  precision: z.string(),
  engine: z.string(),
  gpusPerReplica: wholeCount,
  ttftSloMs: count.nullable(),
  tokensPerHourPerGpu: count,
  operatingConcurrency: count,
  loadCurve: z.array(z.object({ concurrency: count, outputTokensPerSecond: count, ttftMs: count, tpotMs: count })),
});

export const reportSimulationSchema = z.object({
  workload: z.string(),
  policy: z.string(),
  meanUtilization: count,
  /** 168 values, Monday 00:00 first. */
  utilizationByHourOfWeek: z.array(count).length(168),
  gpuHoursPaid: count,
  gpuHoursUsed: count,
  idleCostUsd: usd,
  minutesOverCapacity: count,
  overflowTokens: count,
  sloMissMinutes: count,
  totalCostUsd: usd,
});

// ---- Portfolio placement (issue 14, part A) ----

/** `placement`: every workload on one option with shared costs counted once. */
export const reportPlacementSchema = z.object({
  method: z.enum(['mip', 'mip-linear-pools', 'exhaustive', 'local-search']),
  exact: z.boolean(),
  summary: z.string().min(1),
  monthlyCostUsd: usd,
  tcoUsd: usd,
  savings: z.object({ againstSlot: z.string().min(1), tcoUsd: usd, monthlyCostUsd: usd }).nullable(),
  workloads: z
    .array(
      z.object({
        workload: z.string(),
        optionId: z.string().min(1).nullable(),
        kind: optionKindSchema.nullable(),
        label: z.string().min(1),
        why: z.string().min(1),
      }),
    )
    .min(1),
  fleets: z.array(
    z.object({
      pool: z.string().min(1),
      openModelId: z.string().min(1),
      workloads: z.array(z.string()).min(1),
      gpuId: z.string().nullable(),
      gpus: wholeCount,
      diversity: z.number().min(0).max(1),
      monthlyCostUsd: usd,
      tcoUsd: usd,
    }),
  ),
  parts: z.object({
    ownTcoUsd: usd,
    gpuTcoUsd: usd,
    teamTcoUsd: usd,
    staffingIncrementTcoUsd: usd,
    setupTcoUsd: usd,
    upgradeTcoUsd: usd,
  }),
});

// ---- Uncertainty (issue 14, part B) ----

const percentilesSchema = z.object({ p10: z.number(), p50: z.number(), p90: z.number() });

export const uncertainDistributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('uniform'), low: z.number(), high: z.number() }),
  z.object({ kind: z.literal('triangular'), low: z.number(), mode: z.number(), high: z.number() }),
  z.object({ kind: z.literal('p10-p90'), p10: z.number(), p90: z.number() }),
]);

/** `uncertainty` (`plan --uncertainty`): the Monte Carlo over the profile's ranges, per workload. */
export const reportUncertaintySchema = z.object({
  draws: wholeCount,
  seed: wholeCount,
  sampling: z.enum(['latin-hypercube', 'plain']),
  workloads: z
    .array(
      z.object({
        name: z.string(),
        howSure: z.string().min(1),
        inputs: z.array(
          z.object({
            id: z.string().min(1),
            label: z.string().min(1),
            distribution: uncertainDistributionSchema,
            central: z.number(),
            p10: z.number(),
            p90: z.number(),
          }),
        ),
        recommendedOptionId: z.string().min(1).nullable(),
        tornadoOptionId: z.string().min(1).nullable(),
        runnerUpOptionId: z.string().min(1).nullable(),
        baselineMarginUsd: usd,
        probabilityRecommendationChanges: share,
        probabilityNoEligibleOption: share,
        options: z
          .array(
            z.object({
              id: z.string().min(1),
              slot: z.string().min(1),
              kind: optionKindSchema,
              label: z.string().min(1),
              tcoUsd: percentilesSchema,
              monthlyCostUsd: percentilesSchema,
              probabilityCheapest: share,
              probabilityRecommended: share,
              probabilityEligible: share,
              months: z.array(z.object({ monthIndex: wholeCount, p10CumulativeUsd: usd, p90CumulativeUsd: usd })),
            }),
          )
          .min(1),
        sensitivity: z.array(
          z.object({
            input: z.string().min(1),
            label: z.string().min(1),
            p10Value: z.number(),
            p90Value: z.number(),
            tcoAtP10Usd: usd,
            tcoAtP90Usd: usd,
            marginAtP10Usd: usd,
            marginAtP90Usd: usd,
            swingUsd: count,
            chosenAtP10: z.string().nullable(),
            chosenAtP90: z.string().nullable(),
            flipShareAtExtremes: share,
            extremeDraws: wholeCount,
          }),
        ),
        decisiveInputs: z.array(z.string()),
      }),
    )
    .min(1),
});

export const planReportSchema = z.object({
  report: z.literal('switchyard.plan'),
  schemaVersion: z.literal(1),
  title: z.string(),
  organization: z.object({
    name: z.string(),
    mlOpsCapacity: z.enum(['none', 'limited', 'dedicated']),
    region: z.string(),
    horizonMonths: wholeCount,
    engineerLoadedCostUsdPerYear: usd,
  }),
  recommendation: z.object({
    option: optionKindSchema,
    reasons: z.array(z.string()).min(1),
    monthlyCostUsd: usd,
    tcoUsd: usd,
  }),
  /** False when some workload has no option that meets every hard constraint. */
  feasible: z.boolean(),
  /** One line per workload (one workload: its headline). */
  headline: z.string().min(1),
  options: z.array(reportOptionSchema).min(1),
  placement: reportPlacementSchema,
  workloads: z.array(reportWorkloadSchema).min(1),
  capacity: z.array(reportCapacitySchema),
  simulation: z.array(reportSimulationSchema),
  sources: z.array(priceSourceSchema),
  /** The catalog the plan is priced from (absent when no dated catalog was given). */
  catalog: z
    .object({
      snapshot: z.string(),
      planDate: z.string(),
      snapshotAgeDays: z.number().int(),
      age: z.string().min(1),
      sources: z.array(z.string()),
      userFiles: z.array(z.string()),
      stalePrices: z.array(z.object({ name: z.string(), asOf: z.string(), ageDays: z.number().int() })),
    })
    .optional(),
  assumptions: z.array(z.string()),
  /** Present after `plan --uncertainty` (and in the HTML report of a profile with ranges). */
  uncertainty: reportUncertaintySchema.optional(),
});

/** What a reader of `plan --format json` may rely on (the report may carry more). */
export type PlanReportContract = z.infer<typeof planReportSchema>;
