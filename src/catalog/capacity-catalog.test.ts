import { describe, expect, it } from 'vitest';
import { findEngineProfile, listEngineProfiles } from './engines.ts';
import { findGpuSpec, listGpuSpecs } from './gpus.ts';
import { CatalogLookupError } from './lookup-error.ts';
import { findOpenModel, listOpenModels } from './open-models.ts';

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
      'gpt-oss-20b',
      'gpt-oss-120b',
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
