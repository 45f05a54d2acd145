/**
 * The named efficiencies one engine reaches on one GPU: the engine's own factors times the
 * per-GPU-family multipliers it declares (a ROCm vLLM on MI300X is not a CUDA vLLM on H100).
 * Nothing here is fitted per model or per row; docs/capacity-validation.md says which
 * calibration rows set each factor.
 */
import type { EngineHardwareFactor, EngineProfile, GpuSpec } from './types.ts';

export interface EngineEfficiency {
  /** Share of HBM bandwidth reached reading dense weights and the KV cache while decoding. */
  decodeBandwidth: number;
  /** Share of HBM bandwidth reached reading routed experts' weights (decodeBandwidth x moeKernelEfficiency). */
  moeExpertBandwidth: number;
  decodeCompute: number;
  prefillCompute: number;
  /** Multiplies decodeCompute and prefillCompute for routed experts' FLOPs (moeKernelEfficiency). */
  moeKernel: number;
  /** The family multiplier applied, if the engine declares one for this GPU. */
  hardwareFactor?: EngineHardwareFactor;
}

/**
 * The engine's efficiencies on this GPU.
 * @example
 * // vLLM (80% bandwidth, 45% compute, MoE kernels 0.8) on an MI300X with a cdna3 factor of 0.75 bandwidth / 0.6 compute:
 * engineEfficiency(vllm, mi300x) // { decodeBandwidth: 0.6, moeExpertBandwidth: 0.48, decodeCompute: 0.27, prefillCompute: 0.27, moeKernel: 0.8 }
 */
export function engineEfficiency(engine: EngineProfile, gpu: Pick<GpuSpec, 'family'>): EngineEfficiency {
  const hardwareFactor = engine.hardwareFactors?.find((factor) => factor.family === gpu.family);
  const bandwidthFactor = hardwareFactor?.bandwidthFactor ?? 1;
  const computeFactor = hardwareFactor?.computeFactor ?? 1;
  const decodeBandwidth = engine.decodeBandwidthEfficiency * bandwidthFactor;
  const moeKernel = engine.moeKernelEfficiency ?? 1;
  return {
    decodeBandwidth,
    moeExpertBandwidth: decodeBandwidth * moeKernel,
    decodeCompute: engine.decodeComputeEfficiency * computeFactor,
    prefillCompute: engine.prefillComputeEfficiency * computeFactor,
    moeKernel,
    hardwareFactor,
  };
}
