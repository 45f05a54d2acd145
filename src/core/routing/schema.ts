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
/** A duration in whole milliseconds, at most 24 hours (timers beyond ~24.8 days overflow). */
const milliseconds = z.number().int().positive().max(86_400_000, 'at most 86400000 (24 hours)');
const byteCount = z.number().int().min(1024, 'at least 1024 bytes');

/** Defaults of the per-target deadlines and size caps (docs/gateway.md, "Deadlines" and "Size caps"). */
export const targetLimitDefaults = {
  /** Streams: one minute to the first chunk, as long as `timeoutMs` already allowed between reads. */
  firstTokenTimeoutMs: 60_000,
  /** Ten minutes: the official OpenAI and Anthropic SDKs give up after the same. */
  attemptTimeoutMs: 600_000,
  /** 32 MiB: far above any chat answer (128k output tokens are ~0.5 MB), small enough to hold. */
  maxResponseBytes: 33_554_432,
  /** 4 MiB: chunks are a few hundred bytes; a whole answer in one event still fits. */
  maxEventBytes: 4_194_304,
  /** One same-target retry: a stale keep-alive connection or a restarting upstream passes. */
  retries: 1,
  retryBackoffMs: 100,
} as const;

/** Default time a request may take over all its attempts: ten minutes, as the SDKs wait. */
export const defaultRequestTimeoutMs = 600_000;

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

/** The OpenAI-compatible endpoints a target can serve (`/v1/chat/completions`, ...). */
export const targetEndpoints = ['chat.completions', 'completions', 'embeddings', 'responses'] as const;
export type TargetEndpoint = (typeof targetEndpoints)[number];

/**
 * The endpoints a target serves: its `endpoints` setting, else every one for OpenAI and
 * OpenAI-compatible targets (the upstream answers for itself) and chat only for Anthropic
 * (the gateway translates chat completions and nothing else).
 * @example targetServes({ provider: 'anthropic' }, 'embeddings') === false
 */
export function targetServes(
  target: { provider: (typeof providerKinds)[number]; endpoints?: readonly TargetEndpoint[] },
  endpoint: TargetEndpoint,
): boolean {
  if (target.endpoints !== undefined) return target.endpoints.includes(endpoint);
  return target.provider !== 'anthropic' || endpoint === 'chat.completions';
}

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
    /** Streams: time from the attempt's start to the first chunk for the client (default 60 s). */
    firstTokenTimeoutMs: milliseconds.optional(),
    /** Time one attempt may take, start to last byte (default 10 min). */
    attemptTimeoutMs: milliseconds.optional(),
    /** Largest upstream answer, JSON body or whole stream (default 32 MiB). */
    maxResponseBytes: byteCount.optional(),
    /** Largest single SSE event of a stream (default 4 MiB). */
    maxEventBytes: byteCount.optional(),
    pricing: pricingSchema.optional(),
    /**
     * Same-target retries after a passing fault (connect refused or reset, 502/503/504, a 429
     * asking for less than 1 s), before falling back; each waits a jittered exponential backoff
     * and none starts past the request deadline (default 1).
     */
    retries: z.number().int().min(0).max(5).optional(),
    /** Endpoints this target serves (default: all for OpenAI-compatible targets, chat for Anthropic). */
    endpoints: z.array(z.enum(targetEndpoints)).min(1).optional(),
    /** Backoff before the first retry, doubled for each further one (default 100 ms; jitter 50-100%). */
    retryBackoffMs: z.number().int().min(1).max(10_000).optional(),
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
    /**
     * Drop request parameters a target's API has no equivalent for (e.g. `n` > 1 or `logprobs`
     * on Anthropic) instead of answering 400 naming them.
     */
    dropUnsupportedParams: z.boolean().optional(),
    /** Time a request may take over all its attempts (default 10 min). */
    requestTimeoutMs: milliseconds.optional(),
    /** Replaces each target's `firstTokenTimeoutMs` for this route's requests. */
    firstTokenTimeoutMs: milliseconds.optional(),
    /** Replaces each target's `attemptTimeoutMs` for this route's requests. */
    attemptTimeoutMs: milliseconds.optional(),
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
