import { describe, expect, it } from 'vitest';
import { findEngineProfile, listEngineProfiles } from './engines.ts';
import { findGpuSpec, listGpuSpecs } from './gpus.ts';
import { CatalogLookupError } from './lookup-error.ts';
import { findOpenModel, listOpenModels, servingPrecisions } from './open-models.ts';
import {
  attentionKind,
  computeTflops,
  kvBytesPerTokenPerLayer,
  kvCacheBytesPerSequence,
  kvCacheBytesPerToken,
  precisionMode,
} from '../core/capacity/index.ts';

describe('capacity catalogs', () => {
  it('hold exactly the promised ids, each with a source and a date', () => {
    expect(listGpuSpecs().map((gpu) => gpu.id)).toEqual([
      'a10g',
      'l4',
      'l40s',
      'a100-40gb',
      'a100-80gb',
      'h100-pcie',
      'h100-sxm',
      'h200',
      'b200',
      'mi300x',
      'mi325x',
      'mi355x',
    ]);
    expect(listOpenModels().map((model) => model.id)).toEqual([
      'llama-3.1-8b',
      'llama-3.1-70b',
      'llama-3.3-70b',
      'llama-3.1-405b',
      'qwen-2.5-7b',
      'qwen-2.5-32b',
      'qwen-2.5-72b',
      'mistral-7b',
      'mixtral-8x7b',
      'mixtral-8x22b',
      'deepseek-v3',
      'deepseek-r1',
      'gpt-oss-20b',
      'gpt-oss-120b',
      'qwen3-8b',
      'qwen3-32b',
      'qwen3-30b-a3b',
      'qwen3-235b-a22b',
      'llama-4-scout',
      'llama-4-maverick',
    ]);
    expect(listEngineProfiles().map((engine) => engine.id)).toEqual(['vllm', 'sglang', 'tensorrt-llm', 'tgi']);
    for (const entry of [...listGpuSpecs(), ...listOpenModels(), ...listEngineProfiles()]) {
      expect(entry.source.length).toBeGreaterThan(10);
      expect(entry.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('FP8 only where the hardware has it', () => {
    const fp8 = Object.fromEntries(listGpuSpecs().map((gpu) => [gpu.id, gpu.denseTflops.fp8 !== null]));
    expect(fp8).toMatchObject({
      a10g: false,
      'a100-40gb': false,
      'a100-80gb': false,
      l4: true,
      l40s: true,
      'h100-sxm': true,
      b200: true,
      mi300x: true,
    });
  });

  it('FP4 tensor cores only on Blackwell and CDNA 4; weight-only FP4 everywhere else', () => {
    const fp4 = Object.fromEntries(listGpuSpecs().map((gpu) => [gpu.id, gpu.denseTflops.fp4]));
    expect(fp4).toMatchObject({ b200: 9000, mi355x: 10066.3, 'h100-sxm': null, h200: null, mi300x: null, l40s: null });
    for (const gpu of listGpuSpecs()) {
      expect(gpu.family).toMatch(/^(ampere|ada|hopper|blackwell|cdna3|cdna4)$/);
      expect(precisionMode(gpu, 'fp4')).toBe(gpu.denseTflops.fp4 === null ? 'weight-only' : 'native');
      expect(computeTflops(gpu, 'fp4')).toBe(gpu.denseTflops.fp4 ?? gpu.denseTflops.bf16);
    }
  });

  it('parameter counts agree with a count from each config.json (within 1.5%)', () => {
    // Count from the config fields the source names: attention (q, o: hidden x heads x headDim;
    // k, v: hidden x kvHeads x headDim), SwiGLU MLPs (3 x hidden x intermediate), router, embeddings.
    const swiglu = (hidden: number, intermediate: number) => 3 * hidden * intermediate;
    const attention = (hidden: number, heads: number, kvHeads: number, headDim: number) =>
      2 * hidden * heads * headDim + 2 * hidden * kvHeads * headDim;
    const counted: Record<string, [number, number]> = {
      // [total, active] in billions
      'qwen3-8b': [(36 * (attention(4096, 32, 8, 128) + swiglu(4096, 12288)) + 2 * 151936 * 4096) / 1e9, 0],
      'qwen3-32b': [(64 * (attention(5120, 64, 8, 128) + swiglu(5120, 25600)) + 2 * 151936 * 5120) / 1e9, 0],
      'qwen3-30b-a3b': [
        (48 * (attention(2048, 32, 4, 128) + 128 * swiglu(2048, 768) + 2048 * 128) + 2 * 151936 * 2048) / 1e9,
        (48 * (attention(2048, 32, 4, 128) + 8 * swiglu(2048, 768) + 2048 * 128) + 2 * 151936 * 2048) / 1e9,
      ],
      'qwen3-235b-a22b': [
        (94 * (attention(4096, 64, 4, 128) + 128 * swiglu(4096, 1536) + 4096 * 128) + 2 * 151936 * 4096) / 1e9,
        (94 * (attention(4096, 64, 4, 128) + 8 * swiglu(4096, 1536) + 4096 * 128) + 2 * 151936 * 4096) / 1e9,
      ],
      'llama-4-maverick': [
        (48 * attention(5120, 40, 8, 128) +
          24 * (129 * swiglu(5120, 8192) + 5120 * 128) +
          24 * swiglu(5120, 16384) +
          2 * 202048 * 5120) /
          1e9,
        (48 * attention(5120, 40, 8, 128) +
          24 * (2 * swiglu(5120, 8192) + 5120 * 128) +
          24 * swiglu(5120, 16384) +
          2 * 202048 * 5120) /
          1e9,
      ],
    };
    for (const [id, [total, active]] of Object.entries(counted)) {
      const model = findOpenModel(id);
      expect(model.totalParamsBillions / total, id).toBeCloseTo(1, 1);
      if (active > 0) expect(Math.abs(model.activeParamsBillions / active - 1), id).toBeLessThan(0.015);
    }
  });

  it('KV layouts from the configs: MLA caches kv_lora_rank + rope dims, GQA 2 x KV heads x head dim', () => {
    const deepseek = findOpenModel('deepseek-r1');
    expect(attentionKind(deepseek)).toBe('mla');
    expect(kvBytesPerTokenPerLayer(deepseek, 'fp16')).toBe((512 + 64) * 2);
    expect(kvCacheBytesPerToken(deepseek, 1000, 'fp16')).toBe(61 * 576 * 2);
    expect(attentionKind(findOpenModel('qwen3-235b-a22b'))).toBe('gqa');
    expect(kvBytesPerTokenPerLayer(findOpenModel('qwen3-235b-a22b'), 'fp16')).toBe(2 * 4 * 128 * 2);
    // Llama 4: 36 of 48 layers attend within 8,192-token chunks, so a 100K context caches far less than 48 full layers.
    const scout = findOpenModel('llama-4-scout');
    expect(kvCacheBytesPerSequence(scout, 100_000, 'fp16')).toBe(2 * 8 * 128 * 2 * (12 * 100_000 + 36 * 8192));
    for (const model of listOpenModels()) {
      expect(model.nativePrecision, model.id).toBeDefined();
      expect(model.checkpointPrecisions?.length, model.id).toBeGreaterThan(0);
    }
  });

  it('servingPrecisions: a model at its own quantised precision first, then FP8, BF16, native FP4', () => {
    const precisions = (model: string, gpu: string) =>
      servingPrecisions(findOpenModel(model), findGpuSpec(gpu)).map(
        (entry) => `${entry.precision}${entry.preferred ? '*' : ''}`,
      );
    expect(precisions('gpt-oss-120b', 'h100-sxm')).toEqual(['fp4*']);
    expect(precisions('gpt-oss-120b', 'b200')).toEqual(['fp4*']);
    expect(precisions('llama-3.3-70b', 'b200')).toEqual(['fp8*', 'bf16', 'fp4']);
    expect(precisions('llama-3.3-70b', 'a100-80gb')).toEqual(['bf16*']);
    expect(precisions('deepseek-r1', 'h200')).toEqual(['fp8*', 'bf16']);
    expect(precisions('deepseek-r1', 'a100-80gb')).toEqual(['bf16*']);
    expect(precisions('qwen-2.5-7b', 'h100-sxm')).toEqual(['fp8*', 'bf16']);
    expect(precisions('qwen-2.5-7b', 'a10g')).toEqual(['bf16*']);
  });

  it('model shapes are consistent', () => {
    for (const model of listOpenModels()) {
      expect(model.activeParamsBillions).toBeLessThanOrEqual(model.totalParamsBillions);
      expect(model.attentionHeads % model.kvHeads).toBe(0);
      expect(model.moe === undefined).toBe(model.activeParamsBillions === model.totalParamsBillions);
    }
  });

  it('unknown ids suggest the nearest', () => {
    expect(() => findGpuSpec('h100')).toThrow(CatalogLookupError);
    expect(() => findGpuSpec('h100')).toThrow(/did you mean 'h100-sxm', 'h100-pcie'/);
    expect(() => findOpenModel('llama-70b')).toThrow(/did you mean 'llama-3.1-70b'/);
    expect(() => findEngineProfile('vlm')).toThrow(/did you mean 'vllm'/);
    expect(findGpuSpec('H100-SXM').id).toBe('h100-sxm');
    expect(findEngineProfile('trtllm').id).toBe('tensorrt-llm');
  });
});
