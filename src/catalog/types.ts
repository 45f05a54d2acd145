/**
 * Catalog entry types. Every entry carries where its numbers came from and when.
 */
export interface CatalogSource {
  /** Who published the number, e.g. `OpenAI pricing page`. */
  source: string;
  /** ISO date the number was read. */
  asOf: string;
}

import type { GpuPricing, TokenPricedKind } from '../core/vocabulary.ts';

export type { GpuPricing, TokenPricedKind };

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
}

/** Rental price range for one GPU type at one cloud, per GPU-hour. */
export interface GpuOffer extends CatalogSource {
  /** e.g. `aws/h100-sxm`. */
  id: string;
  cloud: string;
  /** GPU spec id (src/catalog/gpus.ts). */
  gpu: string;
  instanceType: string;
  gpusPerInstance: number;
  usdPerGpuHour: Record<GpuPricing, { low: number; high: number }>;
}
