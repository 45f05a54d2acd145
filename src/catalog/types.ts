/**
 * Catalog entry types. Every entry carries where its numbers came from and when.
 */
export interface CatalogSource {
  /** Who published the number, e.g. `OpenAI pricing page`. */
  source: string;
  /** ISO date the number was read. */
  asOf: string;
}

import type { GpuPricing, GpuProviderClass, TokenPricedKind } from '../core/vocabulary.ts';
import type { ContextTierPrice } from './genai-prices.ts';

export type { ContextTierPrice, GpuPricing, GpuProviderClass, TokenPricedKind };

/** A model served per token: a frontier API model or an open model at a hosted-open provider. */
export interface TokenPricedModel extends CatalogSource {
  /** Catalog id, `provider/model`, e.g. `openai/gpt-4.1` or `together/llama-3.1-70b`. */
  id: string;
  kind: TokenPricedKind;
  provider: string;
  /** Model name the provider's API expects. */
  apiModelName: string;
  /** For hosted-open: the open model's catalog id (e.g. `llama-3.1-70b`). */
  openModel?: string;
  usdPerMillionInputTokens: number;
  usdPerMillionOutputTokens: number;
  /** Price of a cached input token read; defaults to the input price when the provider has no discount. */
  usdPerMillionCachedInputTokens: number;
  /**
   * Price of an input token written to the prompt cache, where the provider bills writes apart
   * (Anthropic: 1.25x the input price for 5-minute entries); absent = the input price.
   */
  usdPerMillionCacheWriteInputTokens?: number;
  /** Typical time to first token under normal load. */
  ttftP50Ms: number;
  ttftP95Ms: number;
  /** Regions where the provider offers data residency (processing stays in region). */
  residencyRegions: string[];
  /** Can serve a customer's own fine-tuned weights. */
  servesCustomWeights: boolean;
  /** Pinned weights (no silent model updates). */
  pinnedWeights: boolean;
  /**
   * Longest prompt + output the provider accepts, in tokens (its documented context window);
   * absent when the catalog does not list it, and then not checked.
   */
  maxContextTokens?: number;
  /**
   * Prices above a prompt length (e.g. Gemini 2.5 Pro above 200,000 input tokens), lowest
   * first; the planner prices a request whose input is longer at the tier's prices. Absent: one price.
   */
  contextTiers?: ContextTierPrice[];
  /** The date the price took effect, where the source dates it (the package's price history). */
  priceSince?: string;
  /** The date the provider retires the model, where the source gives one (LiteLLM's `deprecation_date`). */
  deprecationDate?: string;
  /** True when the source marks the model deprecated (no date given). */
  deprecated?: boolean;
}

/**
 * Rental price range for one GPU type at one cloud or class of provider, per GPU-hour, for
 * each pricing tier the source gives (a tier the offer does not sell is absent).
 */
export interface GpuOffer extends CatalogSource {
  /** e.g. `aws/h100-sxm` or `specialist/h100-sxm`. */
  id: string;
  cloud: string;
  /** GPU spec id (src/catalog/gpus.ts). */
  gpu: string;
  instanceType: string;
  gpusPerInstance: number;
  /**
   * Who sells it: a hyperscaler (AWS, Azure, GCP, OCI), a specialist GPU cloud (Lambda,
   * CoreWeave, Nebius, RunPod secure cloud, ...) or a marketplace (community and spot
   * capacity: Vast.ai, RunPod community, ...). Absent in the 2025-06-01 snapshot.
   */
  providerClass?: GpuProviderClass;
  /**
   * True when the instance is sold whole (AWS p5 is 8 x H100 or nothing): a fleet pays for
   * whole instances, its GPU count rounded up to a multiple of `gpusPerInstance`.
   */
  wholeInstancesOnly?: boolean;
  usdPerGpuHour: Partial<Record<GpuPricing, { low: number; high: number }>>;
}
