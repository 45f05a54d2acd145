/**
 * How far a capacity estimate may be off, by category: the relative error band every
 * estimate carries (`ServingEstimate.uncertainty`) and the capacity report prints around
 * tokens per GPU-hour. Each value is the 90th-percentile absolute error the model showed on
 * the out-of-sample validation rows of that category (docs/capacity-validation.md), rounded
 * up to 5%; validation.test.ts fails if a band differs from that. An estimate takes the widest
 * band that applies. They are this wide because the validation goal (median 20%, no category
 * over 35%) was not met everywhere; they are not model factors and change no prediction.
 */
import type { EngineProfile, GpuSpec, ModelSpec, Precision } from './types.ts';

export const uncertaintyCategories = [
  'dense-nvidia',
  'moe',
  'fp4',
  'amd',
  'long-context',
  'sglang',
  'uncalibrated-engine',
] as const;
export type UncertaintyCategory = (typeof uncertaintyCategories)[number];

/** Relative error band per category (0.3 = within a factor 1.3 either way), and what it rests on. */
export const CAPACITY_UNCERTAINTY: Record<UncertaintyCategory, { relativeError: number; basis: string }> = {
  'dense-nvidia': {
    relativeError: 0.6,
    basis:
      'dense models on NVIDIA GPUs; the p90 is set by the single-H100 Qwen3-32B ShareGPT bursts (median far lower)',
  },
  moe: { relativeError: 0.85, basis: 'mixture-of-experts models; vLLM/SGLang DeepSeek-R1 and Mixtral miss most' },
  fp4: { relativeError: 0.3, basis: 'FP4 weights, native (B200) or weight-only (Hopper, Ampere)' },
  amd: { relativeError: 0.4, basis: 'AMD Instinct GPUs (ROCm vLLM, 2024-2025 versions)' },
  'long-context': { relativeError: 0.4, basis: 'prompts of 8,192 tokens or more' },
  sglang: {
    relativeError: 1.5,
    basis: 'SGLang: calibrated on one 2024 row; max-load throughput over-predicted on every current row',
  },
  'uncalibrated-engine': {
    relativeError: 0.5,
    basis: 'TGI: no published run with a complete setup was found, so no validation either (a stated guess)',
  },
};

/** Prompts at least this long count as long-context (attention's quadratic term and chunking dominate). */
export const LONG_CONTEXT_INPUT_TOKENS = 8192;

export interface CapacityUncertainty {
  /** Every category the estimate falls in (at least one). */
  categories: UncertaintyCategory[];
  /** The widest band among them. */
  category: UncertaintyCategory;
  relativeError: number;
}

/**
 * The uncertainty band of one estimate: every category it falls in, and the widest.
 * @example capacityUncertainty({ model: llama31_70b, gpu: h100Sxm, engine: vllm, precision: 'fp8', inputTokens: 2000 }) // { category: 'dense-nvidia', relativeError: 0.6 }
 * @example capacityUncertainty({ model: gptOss120b, gpu: mi300x, engine: vllm, precision: 'fp4', inputTokens: 1000 }) // categories moe, fp4, amd -> 'moe', 0.85
 */
export function capacityUncertainty(input: {
  model: Pick<ModelSpec, 'moe'>;
  gpu: Pick<GpuSpec, 'vendor'>;
  engine: Pick<EngineProfile, 'id'>;
  precision: Precision;
  inputTokens: number;
}): CapacityUncertainty {
  const categories: UncertaintyCategory[] = [];
  if (input.model.moe) categories.push('moe');
  if (input.precision === 'fp4') categories.push('fp4');
  if (input.gpu.vendor === 'amd') categories.push('amd');
  if (input.inputTokens >= LONG_CONTEXT_INPUT_TOKENS) categories.push('long-context');
  if (input.engine.id === 'sglang') categories.push('sglang');
  if (input.engine.id === 'tgi') categories.push('uncalibrated-engine');
  if (categories.length === 0 || categories.every((category) => category === 'long-context'))
    categories.unshift('dense-nvidia');
  if (input.gpu.vendor === 'amd' && categories[0] === 'dense-nvidia') categories.shift();
  let category = categories[0];
  for (const candidate of categories)
    if (CAPACITY_UNCERTAINTY[candidate].relativeError > CAPACITY_UNCERTAINTY[category].relativeError)
      category = candidate;
  return { categories, category, relativeError: CAPACITY_UNCERTAINTY[category].relativeError };
}

/**
 * The band around a tokens-per-GPU-hour estimate: within a factor (1 + relativeError) either way.
 * @example uncertaintyBand(10_000_000, 0.25) // { low: 8_000_000, high: 12_500_000 }
 */
export function uncertaintyBand(value: number, relativeError: number): { low: number; high: number } {
  return { low: value / (1 + relativeError), high: value * (1 + relativeError) };
}
