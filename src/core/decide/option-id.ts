/**
 * Option identity as data. An option is named by what it is (kind, hybrid variant) and
 * what it runs (catalog offer, open model, GPU), never by a string to be parsed back.
 */
import type { OptionKind } from './types.ts';

export const hybridVariants = ['split', 'overflow'] as const;
export type HybridVariant = (typeof hybridVariants)[number];

export interface OptionId {
  kind: OptionKind;
  /** Hybrids only: a fixed split of traffic, or self-hosted up to capacity with overflow. */
  variant?: HybridVariant;
  /** The per-token offer the option sends traffic to (token options; the API part of a hybrid). */
  offerId?: string;
  /** GPU options: the open model and the GPU the fleet runs (absent when no fleet could be sized). */
  openModelId?: string;
  gpuId?: string;
}

/**
 * The option's slot: the same string for the same kind of option whatever catalog entries
 * it runs, so options can be matched across workloads, scenarios and GPU changes.
 * @example optionSlot({ kind: 'self-hosted', openModelId: 'llama-3.1-70b', gpuId: 'h100-sxm' }) === 'self-hosted'
 * @example optionSlot({ kind: 'hybrid', variant: 'overflow', offerId: 'together/llama-3.1-70b' }) === 'hybrid:overflow'
 */
export function optionSlot(id: OptionId): string {
  return id.variant ? `${id.kind}:${id.variant}` : id.kind;
}

/**
 * The option's key in reports and charts (stable text, never parsed): the slot plus what it
 * runs for token and GPU options; hybrids are keyed by their slot alone.
 * @example optionKey({ kind: 'frontier-api', offerId: 'openai/gpt-4.1' }) === 'frontier-api:openai/gpt-4.1'
 * @example optionKey({ kind: 'self-hosted', openModelId: 'llama-3.1-70b', gpuId: 'h100-sxm' }) === 'self-hosted:llama-3.1-70b@h100-sxm'
 * @example optionKey({ kind: 'hybrid', variant: 'split', offerId: 'openai/gpt-4.1' }) === 'hybrid:split'
 * @example optionKey({ kind: 'hosted-open' }) === 'hosted-open' // no catalog entry
 */
export function optionKey(id: OptionId): string {
  if (id.variant) return optionSlot(id);
  if (id.offerId) return `${id.kind}:${id.offerId}`;
  if (id.openModelId && id.gpuId) return `${id.kind}:${id.openModelId}@${id.gpuId}`;
  return id.kind;
}

/**
 * True for options that make the organisation run models (its own or managed GPUs, with
 * model upgrades, evals and on-call): the ML-ops rule applies to them.
 * @example runsModels('cloud-managed') === true; runsModels('hosted-open') === false
 */
export function runsModels(kind: OptionKind): boolean {
  return !isTokenPriced(kind);
}

/** True for options billed per token. @example isTokenPriced('frontier-api') === true */
export function isTokenPriced(kind: OptionKind): kind is 'frontier-api' | 'hosted-open' {
  return kind === 'frontier-api' || kind === 'hosted-open';
}
