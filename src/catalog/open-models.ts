/**
 * Open-weight model architectures for the capacity model, from each model's published
 * config.json / model card. Parameters in billions; MoE models give total and active.
 * Each `source` names the config.json the shape was read from (layers = num_hidden_layers,
 * hiddenSize = hidden_size, heads = num_attention_heads, kvHeads = num_key_value_heads,
 * headDim = head_dim, experts = num_experts / n_routed_experts / num_local_experts, active
 * experts = num_experts_per_tok, MLA = kv_lora_rank + qk_rope_head_dim). The parameter
 * counts were checked against a count from those fields (src/catalog/capacity-catalog.test.ts).
 */
import { closestNames } from '../core/text/suggest.ts';
import { precisionMode, supportsPrecision } from '../core/capacity/index.ts';
import type { GpuSpec, ModelSpec, Precision } from '../core/capacity/types.ts';
import { CatalogLookupError } from './lookup-error.ts';

const asOf = '2025-06-01';
const qwen3AsOf = '2025-12-01';
const llama4AsOf = '2025-12-01';

/** DeepSeek V3 and R1 share one architecture (DeepseekV3ForCausalLM). */
const deepseekV3Architecture = {
  totalParamsBillions: 671,
  activeParamsBillions: 37,
  layers: 61,
  hiddenSize: 7168,
  attentionHeads: 128,
  // MLA: no per-head K/V in the cache; one 512 + 64 (RoPE) latent per token per layer.
  kvHeads: 1,
  // qk_nope_head_dim 128 + qk_rope_head_dim 64 (the query/key width per head).
  headDim: 192,
  maxContextTokens: 131_072,
  moe: { experts: 256, activeExperts: 8, sharedExperts: 1, layers: 58 },
  latentAttention: { kvLoraRank: 512, qkRopeHeadDim: 64, vHeadDim: 128 },
  publishedPrecision: 'fp8 (block-scaled 128 x 128)',
  nativePrecision: 'fp8' as const,
  checkpointPrecisions: ['fp8' as const, 'bf16' as const, 'fp4' as const],
  // Embeddings and LM head stay bf16 in the FP8 checkpoint (2 x 129280 x 7168 = 1.85B).
  unquantisedParamsBillions: 1.85,
  asOf: '2025-12-01',
};

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
  nativePrecision: 'bf16' as const,
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
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'fp8', 'fp4', 'int4'],
    source: 'meta-llama/Llama-3.1-8B-Instruct config.json and model card',
    asOf,
  },
  {
    id: 'llama-3.1-70b',
    name: 'Llama 3.1 70B',
    ...llama70b,
    checkpointPrecisions: ['bf16', 'fp8', 'int4'],
    source: 'meta-llama/Llama-3.1-70B-Instruct config.json and model card',
  },
  {
    id: 'llama-3.3-70b',
    name: 'Llama 3.3 70B',
    ...llama70b,
    checkpointPrecisions: ['bf16', 'fp8', 'fp4', 'int4'],
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
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'fp8', 'fp4', 'int4'],
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
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'int4'],
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
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'int4'],
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
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'int4'],
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
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'int4'],
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
    moe: { experts: 8, activeExperts: 2, sharedExperts: 0 },
    publishedPrecision: 'bf16',
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'fp8', 'int4'],
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
    moe: { experts: 8, activeExperts: 2, sharedExperts: 0 },
    publishedPrecision: 'bf16',
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'int4'],
    source: 'mistralai/Mixtral-8x22B-Instruct-v0.1 config.json; Mistral AI announcement (141B total, 39B active)',
    asOf,
  },
  {
    id: 'deepseek-v3',
    name: 'DeepSeek-V3',
    ...deepseekV3Architecture,
    source:
      'deepseek-ai/DeepSeek-V3 config.json (61 layers, hidden 7168, 128 heads, q_lora_rank 1536, kv_lora_rank 512, qk_nope/rope/v head dims 128/64/128, 256 routed + 1 shared experts, 8 per token, first_k_dense_replace 3, max_position_embeddings 163840) and technical report (671B total, 37B active, 128K context; MTP module excluded)',
  },
  {
    id: 'deepseek-r1',
    name: 'DeepSeek-R1',
    ...deepseekV3Architecture,
    source:
      'deepseek-ai/DeepSeek-R1 (and R1-0528) config.json: the DeepSeek-V3 architecture unchanged (DeepseekV3ForCausalLM, same fields); R1 model card (671B total, 37B active, 128K context)',
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
    moe: { experts: 32, activeExperts: 4, sharedExperts: 0 },
    slidingWindow: { layers: 12, windowTokens: 128, kind: 'sliding' },
    publishedPrecision: 'MXFP4 routed experts, bf16 attention, router and embeddings',
    nativePrecision: 'fp4',
    checkpointPrecisions: ['fp4', 'bf16'],
    // quantization_config.modules_to_not_convert: attention, router, embeddings, LM head (the non-expert 1.14B).
    unquantisedParamsBillions: 1.14,
    source:
      'openai/gpt-oss-20b config.json (24 layers, hidden 2880, 64 heads, 8 KV heads, head_dim 64, 32 local experts, 4 per token, sliding_window 128 on alternate layers, MXFP4 quantization_config) and model card (21B total, 3.6B active)',
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
    moe: { experts: 128, activeExperts: 4, sharedExperts: 0 },
    slidingWindow: { layers: 18, windowTokens: 128, kind: 'sliding' },
    publishedPrecision: 'MXFP4 routed experts, bf16 attention, router and embeddings',
    nativePrecision: 'fp4',
    checkpointPrecisions: ['fp4', 'bf16'],
    unquantisedParamsBillions: 1.53,
    source:
      'openai/gpt-oss-120b config.json (36 layers, hidden 2880, 64 heads, 8 KV heads, head_dim 64, 128 local experts, 4 per token, sliding_window 128 on alternate layers, MXFP4 quantization_config) and model card (117B total, 5.1B active)',
    asOf: '2025-08-06',
  },
  {
    id: 'qwen3-8b',
    name: 'Qwen3 8B',
    totalParamsBillions: 8.19,
    activeParamsBillions: 8.19,
    layers: 36,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    maxContextTokens: 131_072,
    publishedPrecision: 'bf16',
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'fp8', 'int4'],
    source:
      'Qwen/Qwen3-8B config.json (36 layers, hidden 4096, 32 heads, 8 KV heads, head_dim 128, intermediate 12288, max_position_embeddings 40960) and model card (8.2B; 32,768 tokens native, 131,072 with YaRN)',
    asOf: qwen3AsOf,
  },
  {
    id: 'qwen3-32b',
    name: 'Qwen3 32B',
    totalParamsBillions: 32.76,
    activeParamsBillions: 32.76,
    layers: 64,
    hiddenSize: 5120,
    attentionHeads: 64,
    kvHeads: 8,
    headDim: 128,
    maxContextTokens: 131_072,
    publishedPrecision: 'bf16',
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'fp8', 'int4'],
    source:
      'Qwen/Qwen3-32B config.json (64 layers, hidden 5120, 64 heads, 8 KV heads, head_dim 128, intermediate 25600) and model card (32.8B; 32,768 tokens native, 131,072 with YaRN)',
    asOf: qwen3AsOf,
  },
  {
    id: 'qwen3-30b-a3b',
    name: 'Qwen3 30B-A3B',
    totalParamsBillions: 30.53,
    activeParamsBillions: 3.35,
    layers: 48,
    hiddenSize: 2048,
    attentionHeads: 32,
    kvHeads: 4,
    headDim: 128,
    maxContextTokens: 131_072,
    moe: { experts: 128, activeExperts: 8, sharedExperts: 0 },
    publishedPrecision: 'bf16',
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'fp8', 'fp4'],
    source:
      'Qwen/Qwen3-30B-A3B config.json (48 layers, hidden 2048, 32 heads, 4 KV heads, head_dim 128, 128 experts, 8 per token, moe_intermediate_size 768, no shared expert) and model card (30.5B total, 3.3B active; 131,072 tokens with YaRN)',
    asOf: qwen3AsOf,
  },
  {
    id: 'qwen3-235b-a22b',
    name: 'Qwen3 235B-A22B',
    totalParamsBillions: 235.09,
    activeParamsBillions: 22.19,
    layers: 94,
    hiddenSize: 4096,
    attentionHeads: 64,
    kvHeads: 4,
    headDim: 128,
    maxContextTokens: 131_072,
    moe: { experts: 128, activeExperts: 8, sharedExperts: 0 },
    publishedPrecision: 'bf16',
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'fp8', 'fp4'],
    source:
      'Qwen/Qwen3-235B-A22B config.json (94 layers, hidden 4096, 64 heads, 4 KV heads, head_dim 128, 128 experts, 8 per token, moe_intermediate_size 1536, no shared expert) and model card (235B total, 22B active; 131,072 tokens with YaRN)',
    asOf: qwen3AsOf,
  },
  {
    id: 'llama-4-scout',
    name: 'Llama 4 Scout 17B-16E',
    totalParamsBillions: 107.77,
    activeParamsBillions: 17.17,
    layers: 48,
    hiddenSize: 5120,
    attentionHeads: 40,
    kvHeads: 8,
    headDim: 128,
    maxContextTokens: 10_485_760,
    moe: { experts: 16, activeExperts: 1, sharedExperts: 1 },
    // Three of every four layers use chunked local attention (attention_chunk_size 8192); every fourth is global (NoPE).
    slidingWindow: { layers: 36, windowTokens: 8192, kind: 'chunked' },
    publishedPrecision: 'bf16',
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'fp8', 'fp4', 'int4'],
    source:
      'meta-llama/Llama-4-Scout-17B-16E-Instruct config.json text_config (48 layers, hidden 5120, 40 heads, 8 KV heads, head_dim 128, 16 local experts + 1 shared, 1 per token, interleave_moe_layer_step 1, attention_chunk_size 8192, max_position_embeddings 10485760) and model card (109B total counting the vision encoder; 107.8B text model counted from the config; 17B active, 10M context)',
    asOf: llama4AsOf,
  },
  {
    id: 'llama-4-maverick',
    name: 'Llama 4 Maverick 17B-128E',
    totalParamsBillions: 400.71,
    activeParamsBillions: 17.17,
    layers: 48,
    hiddenSize: 5120,
    attentionHeads: 40,
    kvHeads: 8,
    headDim: 128,
    maxContextTokens: 1_048_576,
    moe: { experts: 128, activeExperts: 1, sharedExperts: 1, layers: 24 },
    slidingWindow: { layers: 36, windowTokens: 8192, kind: 'chunked' },
    publishedPrecision: 'bf16 (Meta also publishes an FP8 checkpoint)',
    nativePrecision: 'bf16',
    checkpointPrecisions: ['bf16', 'fp8', 'fp4'],
    source:
      'meta-llama/Llama-4-Maverick-17B-128E-Instruct config.json text_config (48 layers, hidden 5120, 40 heads, 8 KV heads, head_dim 128, 128 local experts + 1 shared, 1 per token, interleave_moe_layer_step 2, intermediate 8192 / dense 16384, attention_chunk_size 8192, max_position_embeddings 1048576; also vendored in NVIDIA/TensorRT-LLM unit tests) and model card (400B total, 17B active, 1M context; 400.7B counted from the config)',
    asOf: llama4AsOf,
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

/**
 * The precisions worth serving a model at on a GPU, preferred first, for `precision: auto`:
 * the model's own quantised precision when it has one (gpt-oss ships MXFP4: fp4 everywhere,
 * weight-only where the GPU lacks FP4 tensor cores; DeepSeek ships FP8), else FP8 where the GPU
 * has FP8 tensor cores (a checkpoint or online quantisation), then BF16. FP4 of a 16-bit model is offered
 * (not preferred) on GPUs with native FP4, where a vendor checkpoint exists (NVIDIA NVFP4).
 * @example servingPrecisions(gptOss120b, h100Sxm) // [{ fp4, preferred }] ; servingPrecisions(llama33_70b, b200) // [fp8 preferred, bf16, fp4]
 */
export function servingPrecisions(model: ModelSpec, gpu: GpuSpec): Array<{ precision: Precision; preferred: boolean }> {
  const checkpoints = model.checkpointPrecisions ?? [model.nativePrecision ?? 'bf16'];
  const native = model.nativePrecision ?? 'bf16';
  const ordered: Precision[] = [];
  const add = (precision: Precision) => {
    if (!ordered.includes(precision) && supportsPrecision(gpu, precision)) ordered.push(precision);
  };
  if (native === 'fp4' || native === 'fp8') add(native);
  // FP8: a published checkpoint or the engine's online FP8 quantisation (vLLM/SGLang --quantization fp8).
  if (native !== 'fp4') add('fp8');
  if (checkpoints.includes('bf16') && native !== 'fp4') add('bf16');
  if (checkpoints.includes('fp4') && precisionMode(gpu, 'fp4') === 'native') add('fp4');
  // A model with no precision this GPU runs (DeepSeek's FP8 on an A100): its 16-bit form, or its FP4 form weight-only.
  if (ordered.length === 0) add(checkpoints.includes('bf16') ? 'bf16' : 'fp4');
  return ordered.map((precision, index) => ({ precision, preferred: index === 0 }));
}
