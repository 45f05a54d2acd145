import { describe, expect, it } from 'vitest';
import { findEngineProfile } from '../../catalog/engines.ts';
import { findGpuSpec } from '../../catalog/gpus.ts';
import { engineEfficiency } from './efficiency.ts';

describe('engine x hardware efficiency', () => {
  it('engineEfficiency: family factors multiply the engine factors; the MoE share multiplies bandwidth', () => {
    const vllm = {
      ...findEngineProfile('vllm'),
      moeKernelEfficiency: 0.8,
      hardwareFactors: [{ family: 'cdna3' as const, bandwidthFactor: 0.75, computeFactor: 0.6, basis: 'example' }],
    };
    const onMi300x = engineEfficiency(vllm, findGpuSpec('mi300x'));
    expect(onMi300x.decodeBandwidth).toBeCloseTo(0.6, 12);
    expect(onMi300x.moeExpertBandwidth).toBeCloseTo(0.48, 12);
    expect(onMi300x.decodeCompute).toBeCloseTo(0.27, 12);
    expect(onMi300x.prefillCompute).toBeCloseTo(0.27, 12);
    expect(onMi300x.moeKernel).toBe(0.8);
    // No factor for Hopper: the engine's own numbers.
    const onH100 = engineEfficiency(vllm, findGpuSpec('h100-sxm'));
    expect(onH100.decodeBandwidth).toBe(0.8);
    expect(onH100.hardwareFactor).toBeUndefined();
  });

  it('the built-in TensorRT-LLM profile slows on Blackwell by its calibrated factor', () => {
    const trt = findEngineProfile('tensorrt-llm');
    const onB200 = engineEfficiency(trt, findGpuSpec('b200'));
    expect(onB200.hardwareFactor?.family).toBe('blackwell');
    expect(onB200.prefillCompute).toBeCloseTo(trt.prefillComputeEfficiency * 0.68, 12);
  });
});
