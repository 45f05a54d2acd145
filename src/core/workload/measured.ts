/**
 * The `measured` section of a workload: what `switchyard profile --from-log` (or a provider
 * usage export) and `switchyard eval` observed. Optional; the planner reads two parts:
 * `latency` (per provider and model, replacing the catalog's TTFT estimates for the
 * offers it matches) and `qualityGap` (the eval's gap, gated by
 * requirements.maxQualityGapPoints). The rest documents where the profile's numbers came from.
 */
import { z } from 'zod';

const percentileSummarySchema = z
  .object({ p50: z.number().nonnegative(), p95: z.number().nonnegative(), p99: z.number().nonnegative() })
  .strict();

export const measuredLatencySchema = z
  .object({
    /** Gateway target name (e.g. `openai`, `vllm`) or the catalog provider id. */
    provider: z.string().min(1),
    /** openai, anthropic, openai-compatible. */
    providerKind: z.string().optional(),
    /** Model name sent upstream (`gpt-4.1`) or a catalog id (`openai/gpt-4.1`). */
    model: z.string().min(1),
    samples: z.number().int().nonnegative(),
    ttftMs: percentileSummarySchema.nullable().optional(),
    totalMs: percentileSummarySchema.nullable().optional(),
  })
  .strict();

export const measuredQualityGapSchema = z
  .object({
    /** Baseline score minus candidate score, in points (percentage points of items right). */
    points: z.number(),
    /** The route the gap is measured from (the current model). */
    baselineRoute: z.string().optional(),
    /** The route measured (the open-weight candidate). */
    candidateRoute: z.string().optional(),
    items: z.number().int().nonnegative().optional(),
    /** 95% interval of the gap in points. */
    intervalPoints: z.object({ low: z.number(), high: z.number() }).strict().optional(),
    /** Exact McNemar p-value of the paired comparison. */
    pValue: z.number().min(0).max(1).optional(),
    /** Where it came from (the eval file and date). */
    source: z.string().optional(),
  })
  .strict();

export const measuredSchema = z
  .object({
    /** Where the numbers came from: `gateway log switchyard.db`, `openai usage export usage.json`. */
    source: z.string().optional(),
    window: z.object({ from: z.string(), to: z.string(), days: z.number().nonnegative() }).strict().optional(),
    requests: z.number().int().nonnegative().nullable().optional(),
    tokensPerMonth: z.object({ input: z.number(), cachedInput: z.number(), output: z.number() }).strict().optional(),
    tokensPerRequest: z
      .object({ inputMean: z.number(), inputP95: z.number(), outputMean: z.number(), outputP95: z.number() })
      .strict()
      .optional(),
    peakToMean: z.object({ minute: z.number().nullable(), hour: z.number().nullable() }).strict().optional(),
    monthlyGrowthRate: z.number().nullable().optional(),
    errorRate: z.number().min(0).max(1).nullable().optional(),
    fallbackRate: z.number().min(0).max(1).nullable().optional(),
    costUsdPerMonth: z.number().nonnegative().nullable().optional(),
    latency: z.array(measuredLatencySchema).optional(),
    qualityGap: measuredQualityGapSchema.optional(),
  })
  .strict();

export type Measured = z.output<typeof measuredSchema>;
export type MeasuredLatencyEntry = z.output<typeof measuredLatencySchema>;
export type MeasuredQualityGap = z.output<typeof measuredQualityGapSchema>;
