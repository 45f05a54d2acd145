/**
 * The workload profile: the one input every planner reads (plan, capacity sizing,
 * simulation, the dashboard form). Validated with zod; every field has a default
 * drawn from the seed articles where one is sensible.
 */
import { z } from 'zod';

export const mlOpsCapacities = ['none', 'limited', 'dedicated'] as const;
export const dataSensitivities = ['public', 'internal', 'regulated'] as const;
export const latencyPercentiles = ['p95', 'p99'] as const;
export const trafficPatterns = ['flat', 'sinusoid', 'business-hours'] as const;
import { fleetPolicies, gpuPricingChoices, precisions } from '../vocabulary.ts';
import { measuredSchema } from './measured.ts';
import type { UncertainField } from './ranges.ts';

export { precisions };

const positive = (what: string) =>
  z.number({ error: `${what} must be a number` }).positive({ error: `${what} must be greater than 0` });
const nonNegative = (what: string) =>
  z.number({ error: `${what} must be a number` }).nonnegative({ error: `${what} must be 0 or more` });
const share = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .min(0, { error: `${what} must be between 0 and 1` })
    .max(1, { error: `${what} must be between 0 and 1` });

export const volumeSchema = z
  .object({
    requestsPerDay: positive('requests per day').optional(),
    tokensPerMonth: positive('tokens per month').optional(),
  })
  .strict()
  .refine((volume) => volume.requestsPerDay !== undefined || volume.tokensPerMonth !== undefined, {
    error: 'give requestsPerDay or tokensPerMonth',
  })
  .refine((volume) => volume.requestsPerDay === undefined || volume.tokensPerMonth === undefined, {
    error: 'give requestsPerDay or tokensPerMonth, not both (they could disagree)',
  });

export const tokensSchema = z
  .object({
    inputPerRequest: positive('input tokens per request'),
    outputPerRequest: positive('output tokens per request'),
    cachedInputShare: share('cached input share').default(0),
  })
  .strict();

export const trafficSchema = z
  .object({
    peakToMeanRatio: z
      .number()
      .min(1, { error: 'peak-to-mean ratio must be at least 1' })
      .max(50, { error: 'peak-to-mean ratio must be at most 50' })
      .default(2),
    monthlyGrowthRate: z
      .number()
      .min(-0.5, { error: 'monthly growth must be at least -0.5 (-50%)' })
      .max(2, { error: 'monthly growth must be at most 2 (+200%)' })
      .default(0),
    pattern: z.enum(trafficPatterns).default('sinusoid'),
    weekendFactor: z.number().min(0).max(2).default(1),
    burstsPerDay: nonNegative('bursts per day').default(0),
    /**
     * Measured weekly shape: 168 relative levels, Monday 00:00 first (any scale; the
     * simulator normalises them to mean 1). When given it replaces pattern and
     * weekendFactor in the simulation; peakToMeanRatio still sizes the fleet.
     */
    hourOfWeek: z
      .array(nonNegative('hour-of-week level'))
      .length(168, { error: 'hourOfWeek needs 168 values (one per hour of the week, Monday 00:00 first)' })
      .refine((levels) => levels.some((level) => level > 0), { error: 'hourOfWeek needs at least one level above 0' })
      .optional(),
    /**
     * The users' clock against the fleet's (UTC) clock, in hours (e.g. -5 for New York, 8 for
     * Singapore): the daily pattern peaks at local hours, so features in different time zones
     * peak at different fleet hours and a shared fleet carries less than the sum of their peaks.
     */
    utcOffsetHours: z.number().min(-12).max(14).optional(),
    /** The work tolerates interruption (batch, retries are cheap): spot GPUs may serve it. */
    interruptible: z.boolean().default(false),
    /** Offline work (classification, summarisation at night): no latency SLO, done within a deadline. */
    offline: z
      .object({ deadlineHours: positive('offline deadline (hours)') })
      .strict()
      .optional(),
  })
  .strict();

export const latencySchema = z
  .object({
    percentile: z.enum(latencyPercentiles).default('p95'),
    ttftMs: positive('time-to-first-token SLO (ms)').optional(),
    endToEndMs: positive('end-to-end latency SLO (ms)').optional(),
    /** 'hard': an option that misses the SLO is not eligible; 'priced': it pays revenueAtStakeUsdPerMonthPer100Ms instead. */
    sloKind: z.enum(['hard', 'priced']).default('hard'),
  })
  .strict();

export const dataSchema = z
  .object({
    sensitivity: z.enum(dataSensitivities).default('internal'),
    residencyRequired: z.boolean().default(false),
    airGapped: z.boolean().default(false),
  })
  .strict();

export const requirementsSchema = z
  .object({
    fineTunedWeights: z.boolean().default(false),
    reproducibility: z.boolean().default(false),
    /** 'frontier' = only frontier closed models are good enough; 'open' = one of openModels is. */
    minimumQuality: z.enum(['frontier', 'open']).default('open'),
    /** Open-weight models known to be good enough, best first (catalog ids). */
    openModels: z.array(z.string().min(1)).default(['llama-3.1-70b']),
    /** Largest acceptable quality gap (eval points, checklist.qualityGapPoints) for open-weight options. */
    maxQualityGapPoints: nonNegative('maximum quality gap (points)').optional(),
  })
  .strict();

/** Which catalog entries the options use. Every field is optional. */
export const choicesSchema = z
  .object({
    apiModel: z.string().min(1).default('gpt-4.1'),
    hostedOpenProvider: z.string().min(1).optional(),
    /** A GPU id, or 'auto' to search every catalog GPU the model fits on. */
    gpu: z.string().min(1).default('h100-sxm'),
    /**
     * A pricing tier (on-demand, reserved, spot: at any provider class), an offer class
     * (hyperscaler-on-demand, hyperscaler-committed, specialist-on-demand, spot-community), or
     * 'auto' to search on-demand, reserved (horizon >= 12 months) and spot (interruptible work)
     * at every provider class.
     */
    gpuPricing: z.enum([...gpuPricingChoices, 'auto']).default('auto'),
    /** A serving engine id (vllm, sglang, tensorrt-llm, tgi), or 'auto' to search them; default: --engine (vllm). */
    engine: z.string().min(1).optional(),
    /** A fleet policy, or 'auto' to search fixed, autoscaled and (for offline work) queued batch fleets. */
    fleetPolicy: z.enum([...fleetPolicies, 'auto']).default('auto'),
    /** 'auto' = search fp8 (where the GPU has FP8 tensor cores) and bf16. */
    precision: z.enum([...precisions, 'auto']).default('auto'),
    /** Typed throughput; when absent the capacity model estimates it. */
    tokensPerHourPerGpu: positive('tokens per hour per GPU').optional(),
    gpusPerReplica: z.number().int({ error: 'GPUs per replica must be a whole number' }).positive().optional(),
    /** Target share of a GPU's throughput used at peak (headroom for latency). */
    targetPeakUtilization: z.number().gt(0).max(1).default(0.8),
    redundancyReplicas: z.number().int().min(0).max(8).default(1),
    /** Hybrid split: share of traffic served by the self-hosted fleet. */
    hybridSelfHostedShare: share('hybrid self-hosted share').default(0.7),
  })
  .strict();

export const checklistSchema = z
  .object({
    currentMonthlySpendUsd: nonNegative('current monthly spend').optional(),
    triedHostedOpen: z.boolean().optional(),
    upgradePlan: z.string().optional(),
    evalBaseline: z.boolean().optional(),
    qualityGapPoints: z.number().optional(),
  })
  .strict();

export const workloadSchema = z
  .object({
    name: z.string().min(1, { error: 'a workload needs a name' }),
    description: z.string().optional(),
    volume: volumeSchema,
    tokens: tokensSchema,
    traffic: trafficSchema.default({
      peakToMeanRatio: 2,
      monthlyGrowthRate: 0,
      pattern: 'sinusoid',
      weekendFactor: 1,
      burstsPerDay: 0,
      interruptible: false,
    }),
    latency: latencySchema.default({ percentile: 'p95', sloKind: 'hard' }),
    data: dataSchema.default({ sensitivity: 'internal', residencyRequired: false, airGapped: false }),
    requirements: requirementsSchema.default({
      fineTunedWeights: false,
      reproducibility: false,
      minimumQuality: 'open',
      openModels: ['llama-3.1-70b'],
    }),
    choices: choicesSchema.default({
      apiModel: 'gpt-4.1',
      gpu: 'h100-sxm',
      gpuPricing: 'auto',
      fleetPolicy: 'auto',
      precision: 'auto',
      targetPeakUtilization: 0.8,
      redundancyReplicas: 1,
      hybridSelfHostedShare: 0.7,
    }),
    /** Revenue lost per month for each 100 ms the latency SLO is missed by. */
    revenueAtStakeUsdPerMonthPer100Ms: nonNegative('revenue at stake per 100 ms').default(0),
    checklist: checklistSchema.default({}),
    /** What was measured (profile --from-log, eval); see measured.ts. */
    measured: measuredSchema.optional(),
  })
  .strict();

export const staffingSchema = z
  .object({
    /**
     * Share of one SRE's time the fleet takes. Default 0.5. Seed "production model
     * selection" budgets 20-30% of an SRE and prices one SRE plus one ML-engineer share at
     * $15k-$25k/month; seed "on-prem vs cloud-hosted models" puts ML-ops engineers at $300k+
     * a year all-in. 20-30% of a $300k engineer is $5,000-$7,500/month, 0.33-0.5 FTE at the
     * default $180k/year loaded cost: 0.5 is the top of that range. (The seed's 20-30% at
     * its own $180k median would cost $3,000-$4,500/month, and with the ML-engineer share
     * $7,500-$12,000/month: below its own $15k-$25k, so the cost range is what we keep.)
     */
    sreFte: nonNegative('SRE FTE').default(0.5),
    /**
     * Share of one ML engineer's time. Default 0.75. Seed "production model selection":
     * 30-50% of an ML engineer; at seed "on-prem vs cloud-hosted models"' $300k+ all-in that
     * is $7,500-$12,500/month, 0.5-0.83 FTE at the default $180k/year. With sreFte 0.5 the
     * pair costs 1.25 x $15,000 = $18,750/month ($20,750 with on-call), inside the seed's
     * $15k-$25k/month for an SRE and an ML-engineer share.
     */
    mlEngineerFte: nonNegative('ML engineer FTE').default(0.75),
    /** One-off setup (serving stack, autoscaling, monitoring). Default 2: seed "API vs self-hosted decision matrix", 1-2 engineer-months (top of the range). */
    setupEngineerMonths: nonNegative('setup engineer-months').default(2),
    /**
     * Months from the decision until the fleet serves traffic; the hosted option keeps
     * serving meanwhile. Default 2: the setup effort above done by one engineer (seed "API vs
     * self-hosted decision matrix": 1-2 engineer-months); seed "on-prem vs cloud-hosted
     * models"' logistics case took 6 months of tuning and eval build.
     */
    buildPeriodMonths: z.number().int().min(0).max(24).default(2),
    /** Default 6: seed "on-prem vs cloud-hosted models", a new open model every 3-6 months, upgrades twice a year. */
    upgradeIntervalMonths: z.number().int().min(1).max(60).default(6),
    /**
     * Extra effort per upgrade (re-tune, re-eval, re-deploy) beyond the ML engineer's
     * recurring share, which seed "production model selection" gives the model artifacts.
     * Default 1 engineer-month; seed "on-prem vs cloud-hosted models"' logistics case, with
     * a dedicated team of two, spends one engineer-quarter every 6 months (its example sets 3).
     */
    upgradeEngineerMonths: nonNegative('engineer-months per model upgrade').default(1),
    /** Default $2,000/month: a Switchyard assumption (the seeds name on-call as a hidden cost without a number). */
    onCallUsdPerMonth: nonNegative('on-call stipend per month').default(2000),
    /** Default $500/month: a Switchyard assumption (seed "on-prem vs cloud-hosted models" names eval infrastructure as a cost, no number). */
    evalInfraUsdPerMonth: nonNegative('eval infrastructure per month').default(500),
    /** Default $300/month: a Switchyard assumption (seed "on-prem vs cloud-hosted models": tracing is yours to build when you self-host). */
    observabilityUsdPerMonth: nonNegative('observability per month').default(300),
    /** Model weights, images, logs. Default 500 GB: a Switchyard assumption (seed "self-hosted vs AI APIs" counts storage for weights, no number). */
    storageGb: nonNegative('storage GB').default(500),
  })
  .strict();

export const organizationSchema = z
  .object({
    name: z.string().default('My organisation'),
    mlOpsCapacity: z.enum(mlOpsCapacities).default('limited'),
    /** Seeds: $180k/yr median fully-loaded engineer. */
    engineerLoadedCostUsdPerYear: positive('loaded engineer cost per year').default(180_000),
    horizonMonths: z.number().int({ error: 'horizon must be a whole number of months' }).min(1).max(120).default(36),
    region: z.string().default('us-east'),
    cloudManagedMarkup: z.number().min(0).max(2).default(0.3),
    staffing: staffingSchema.default({
      sreFte: 0.5,
      mlEngineerFte: 0.75,
      setupEngineerMonths: 2,
      buildPeriodMonths: 2,
      upgradeIntervalMonths: 6,
      upgradeEngineerMonths: 1,
      onCallUsdPerMonth: 2000,
      evalInfraUsdPerMonth: 500,
      observabilityUsdPerMonth: 300,
      storageGb: 500,
    }),
  })
  .strict();

export const profileSchema = z
  .object({
    version: z.literal(1).default(1),
    /**
     * The date the plan is priced at (ISO, e.g. 2025-06-01): the catalog snapshot in effect
     * then, with the API prices of that day. Absent: today (the CLI's clock); `--as-of` wins.
     */
    pricesAsOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'pricesAsOf must be a date like 2025-06-01' })
      .optional(),
    organization: organizationSchema.default(organizationSchema.parse({})),
    workloads: z.array(workloadSchema).min(1, { error: 'a profile needs at least one workload' }),
  })
  .strict();

/**
 * A validated profile. `uncertainInputs` (set by `parseProfile`, absent without ranges)
 * lists the fields written as ranges or distributions; the fields themselves hold their
 * central values, so everything that reads a profile works unchanged.
 */
export type WorkloadProfile = z.output<typeof profileSchema> & { uncertainInputs?: UncertainField[] };
export type WorkloadProfileInput = z.input<typeof profileSchema>;
export type Workload = z.output<typeof workloadSchema>;
export type Organization = z.output<typeof organizationSchema>;
export type Staffing = z.output<typeof staffingSchema>;
export type MlOpsCapacity = (typeof mlOpsCapacities)[number];
export type { Precision } from '../vocabulary.ts';
