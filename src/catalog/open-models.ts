/**
 * Open-weight model architectures for the capacity model, from each model's published
 * config.json / model card. Parameters in billions; MoE models give total and active.
 */
import { closestNames } from '../core/text/suggest.ts';
import type { ModelSpec } from '../core/capacity/types.ts';
import { CatalogLookupError } from './lookup-error.ts';

const asOf = '2025-06-01';

const llama70b = {
  totalParamsBillions: 70.55,
  activeParamsBillions: 70.55,
  layers: 80,
  hiddenSize: 8192,
  attentionHeads: 64,
  kvHeads: 8,
  headDim: 128,
  maxContextTokens: 131_072,
  publishedPrecision: 'bf16',
  asOf,
};

export const builtInOpenModels: ModelSpec[] = [
  {
    id: 'llama-3.1-8b',
    name: 'Llama 3.1 8B',
    totalParamsBillions: 8.03,
    activeParamsBillions: 8.03,
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    maxContextTokens: 131_072,
    publishedPrecision: 'bf16',
    source: 'meta-llama/Llama-3.1-8B-Instruct config.json and model card',
    asOf,
  },
  {
    id: 'llama-3.1-70b',
    name: 'Llama 3.1 70B',
    ...llama70b,
    source: 'meta-llama/Llama-3.1-70B-Instruct config.json and model card',
  },
  {
    id: 'llama-3.3-70b',
    name: 'Llama 3.3 70B',
    ...llama70b,
    source: 'meta-llama/Llama-3.3-70B-Instruct config.json and model card (same architecture as 3.1 70B)',
  },
  {
    id: 'llama-3.1-405b',
    name: 'Llama 3.1 405B',
    totalParamsBillions: 405.85,
    activeParamsBillions: 405.85,
    layers: 126,
    hiddenSize: 16_384,
    attentionHeads: 128,
    kvHeads: 8,
    headDim: 128,
    maxContextTokens: 131_072,
    publishedPrecision: 'bf16 (Meta also publishes an FP8 checkpoint)',
    source: 'meta-llama/Llama-3.1-405B-Instruct config.json and model card',
    asOf,
  },
  {
    id: 'qwen-2.5-7b',
    name: 'Qwen 2.5 7B',
    totalParamsBillions: 7.62,
    activeParamsBillions: 7.62,
    layers: 28,
    hiddenSize: 3584,
    attentionHeads: 28,
    kvHeads: 4,
    headDim: 128,
    maxContextTokens: 131_072,
    publishedPrecision: 'bf16',
    source:
      'Qwen/Qwen2.5-7B-Instruct config.json and model card (131,072 tokens with YaRN rope scaling; 32,768 without)',
    asOf,
  },
  {
    id: 'qwen-2.5-32b',
    name: 'Qwen 2.5 32B',
    totalParamsBillions: 32.76,
    activeParamsBillions: 32.76,
    layers: 64,
    hiddenSize: 5120,
    attentionHeads: 40,
    kvHeads: 8,
    headDim: 128,
    maxContextTokens: 131_072,
    publishedPrecision: 'bf16',
    source: 'Qwen/Qwen2.5-32B-Instruct config.json and model card (131,072 tokens with YaRN)',
    asOf,
  },
  {
    id: 'qwen-2.5-72b',
    name: 'Qwen 2.5 72B',
    totalParamsBillions: 72.71,
    activeParamsBillions: 72.71,
    layers: 80,
    hiddenSize: 8192,
    attentionHeads: 64,
    kvHeads: 8,
    headDim: 128,
    maxContextTokens: 131_072,
    publishedPrecision: 'bf16',
    source: 'Qwen/Qwen2.5-72B-Instruct config.json and model card (131,072 tokens with YaRN)',
    asOf,
  },
  {
    id: 'mistral-7b',
    name: 'Mistral 7B v0.3',
    totalParamsBillions: 7.25,
    activeParamsBillions: 7.25,
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    maxContextTokens: 32_768,
    publishedPrecision: 'bf16',
    source: 'mistralai/Mistral-7B-Instruct-v0.3 config.json',
    asOf,
  },
  {
    id: 'mixtral-8x7b',
    name: 'Mixtral 8x7B',
    totalParamsBillions: 46.7,
    activeParamsBillions: 12.88,
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    maxContextTokens: 32_768,
    moe: { experts: 8, activeExperts: 2 },
    publishedPrecision: 'bf16',
    source: 'mistralai/Mixtral-8x7B-Instruct-v0.1 config.json; Mistral AI announcement (46.7B total, 12.9B active)',
    asOf,
  },
  {
    id: 'mixtral-8x22b',
    name: 'Mixtral 8x22B',
    totalParamsBillions: 140.62,
    activeParamsBillions: 39.15,
    layers: 56,
    hiddenSize: 6144,
    attentionHeads: 48,
    kvHeads: 8,
    headDim: 128,
    maxContextTokens: 65_536,
    moe: { experts: 8, activeExperts: 2 },
    publishedPrecision: 'bf16',
    source: 'mistralai/Mixtral-8x22B-Instruct-v0.1 config.json; Mistral AI announcement (141B total, 39B active)',
    asOf,
  },
  {
    id: 'deepseek-v3',
    name: 'DeepSeek-V3',
    totalParamsBillions: 671,
    activeParamsBillions: 37,
    layers: 61,
    hiddenSize: 7168,
    attentionHeads: 128,
    // MLA: no per-head K/V in the cache; one 512 + 64 (RoPE) latent per token per layer.
    kvHeads: 1,
    headDim: 192,
    maxContextTokens: 131_072,
    moe: { experts: 256, activeExperts: 8 },
    latentAttention: { cacheDimPerLayer: 576 },
    publishedPrecision: 'fp8 (block-scaled)',
    source:
      'deepseek-ai/DeepSeek-V3 config.json and technical report (671B total, 37B active, 128K context; MTP module excluded)',
    asOf,
  },
  {
    id: 'gpt-oss-20b',
    name: 'gpt-oss-20b',
    totalParamsBillions: 20.91,
    activeParamsBillions: 3.61,
    layers: 24,
    hiddenSize: 2880,
    attentionHeads: 64,
    kvHeads: 8,
    headDim: 64,
    maxContextTokens: 131_072,
    moe: { experts: 32, activeExperts: 4 },
    slidingWindow: { layers: 12, windowTokens: 128 },
    publishedPrecision: 'MXFP4 experts (~4.25 bits; use int4), bf16 rest',
    source:
      'openai/gpt-oss-20b config.json and model card (21B total, 3.6B active; alternating 128-token sliding-window layers)',
    asOf: '2025-08-06',
  },
  {
    id: 'gpt-oss-120b',
    name: 'gpt-oss-120b',
    totalParamsBillions: 116.83,
    activeParamsBillions: 5.13,
    layers: 36,
    hiddenSize: 2880,
    attentionHeads: 64,
    kvHeads: 8,
    headDim: 64,
    maxContextTokens: 131_072,
    moe: { experts: 128, activeExperts: 4 },
    slidingWindow: { layers: 18, windowTokens: 128 },
    publishedPrecision: 'MXFP4 experts (~4.25 bits; use int4), bf16 rest',
    source:
      'openai/gpt-oss-120b config.json and model card (117B total, 5.1B active; alternating 128-token sliding-window layers)',
    asOf: '2025-08-06',
  },
];

/** Every built-in open model. */
export function listOpenModels(): ModelSpec[] {
  return [...builtInOpenModels];
}

/**
 * The open model with this id (case-insensitive); throws CatalogLookupError naming the closest ids.
 * @example findOpenModel('llama-3.1-70b').layers === 80; findOpenModel('llama-70b') // throws: did you mean ...?
 */
export function findOpenModel(id: string, models: ModelSpec[] = builtInOpenModels): ModelSpec {
  const wanted = id.trim().toLowerCase();
  const found = models.find((model) => model.id === wanted);
  if (found) return found;
  throw new CatalogLookupError(
    'open model',
    id,
    closestNames(
      wanted,
      models.map((model) => model.id),
    ),
  );
}
