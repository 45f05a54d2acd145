/**
 * The routing config: versioned flags that say where each route (a model alias clients
 * ask for) sends its traffic. Validated with zod here; cross-references (a route naming a
 * target that does not exist, a regex that does not compile) are checked in compile.ts.
 */
import { z } from 'zod';

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'letters, digits and . _ : / - (starting with a letter or digit)');
const weightMap = z.record(name, z.number().nonnegative('a weight is a number >= 0'));

const catalogPricing = z.object({ catalog: z.string().min(1) }).strict();
const tokenPricing = z
  .object({
    usdPerMillionInputTokens: z.number().nonnegative(),
    usdPerMillionOutputTokens: z.number().nonnegative(),
    usdPerMillionCachedInputTokens: z.number().nonnegative().optional(),
  })
  .strict();
const gpuHourPricing = z
  .object({
    usdPerGpuHour: z.number().positive(),
    gpus: z.number().int().positive(),
    expectedTokensPerHour: z.number().positive(),
  })
  .strict();
export const pricingSchema = z.union([catalogPricing, tokenPricing, gpuHourPricing]);

export const providerKinds = ['openai', 'openai-compatible', 'anthropic'] as const;

export const targetSchema = z
  .object({
    provider: z.enum(providerKinds),
    baseUrl: z.url({ protocol: /^https?$/ }),
    /** Model name sent upstream; when omitted the client's model name is passed on. */
    model: z.string().min(1).optional(),
    /** NAME of the environment variable holding the API key; the key itself never goes in the file. */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as OPENAI_API_KEY')
      .optional(),
    /** Requests in flight to this target at most; beyond it the route overflows. */
    maxConcurrency: z.number().int().positive().optional(),
    /** Time allowed for the response headers, and between body reads. */
    timeoutMs: z.number().int().positive().default(60_000),
    pricing: pricingSchema.optional(),
  })
  .strict();

export const ruleSchema = z
  .object({
    name: z.string().optional(),
    when: z
      .object({
        /** The `x-switchyard-feature` header equals this value (or one of these). */
        feature: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
        /** Every key of the request body's `metadata` equals this value. */
        metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
        minPromptTokens: z.number().int().nonnegative().optional(),
        maxPromptTokens: z.number().int().nonnegative().optional(),
        /** A JavaScript regular expression tested against the last user message. */
        lastUserMessageMatches: z.string().min(1).optional(),
      })
      .strict(),
    /** Send to this one target ... */
    target: name.optional(),
    /** ... or split over these targets. */
    weights: weightMap.optional(),
  })
  .strict()
  .refine((rule) => (rule.target === undefined) !== (rule.weights === undefined), {
    message: 'a rule needs exactly one of `target` or `weights`',
  });

export const routeSchema = z
  .object({
    description: z.string().optional(),
    /** Weighted split over targets; weights are relative (70/30 or 7/3 mean the same). */
    weights: weightMap,
    rules: z.array(ruleSchema).default([]),
    /** Tried in order after the weighted targets when an attempt fails before the first byte. */
    fallbacks: z.array(name).default([]),
    /** Used when the chosen targets are at their max concurrency (self-hosted saturated -> API). */
    overflow: name.optional(),
  })
  .strict();

export const circuitBreakerSchema = z
  .object({
    failureThreshold: z.number().int().positive().default(5),
    cooldownMs: z.number().int().positive().default(30_000),
  })
  .strict();

export const routingConfigSchema = z
  .object({
    /** Integer that must increase with every change; every log row records it. */
    version: z.number().int().positive(),
    /** Route that answers model names no route is called by. */
    defaultRoute: name.optional(),
    circuitBreaker: circuitBreakerSchema.default({ failureThreshold: 5, cooldownMs: 30_000 }),
    targets: z.record(name, targetSchema),
    routes: z.record(name, routeSchema),
  })
  .strict();

export type PricingConfig = z.infer<typeof pricingSchema>;
export type TargetConfig = z.infer<typeof targetSchema>;
export type RuleConfig = z.infer<typeof ruleSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type RoutingConfig = z.infer<typeof routingConfigSchema>;
/** The config as written by a user (defaults not yet applied). */
export type RoutingConfigInput = z.input<typeof routingConfigSchema>;
