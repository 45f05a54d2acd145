import { describe, expect, it } from 'vitest';
import { sizeFleetForPeak, usdPerMillionTokens } from './fleet.ts';

describe('fleet sizing', () => {
  it('sizeFleetForPeak: 30M tokens/h peak, 4M/GPU-hour, TP4, 80% target, N+1 -> 3 + 1 replicas, 16 GPUs', () => {
    expect(
      sizeFleetForPeak({
        peakTokensPerHour: 30e6,
        tokensPerHourPerGpu: 4e6,
        gpusPerReplica: 4,
        targetPeakUtilization: 0.8,
        redundancyReplicas: 1,
      }),
    ).toEqual({
      replicas: 4,
      gpus: 16,
      servingReplicas: 3,
    });
  });

  it('a peak that exactly fills replicas does not round up, and at least one replica serves', () => {
    expect(
      sizeFleetForPeak({
        peakTokensPerHour: 16e6,
        tokensPerHourPerGpu: 4e6,
        gpusPerReplica: 1,
        targetPeakUtilization: 1,
        redundancyReplicas: 0,
      }).servingReplicas,
    ).toBe(4);
    expect(
      sizeFleetForPeak({
        peakTokensPerHour: 0,
        tokensPerHourPerGpu: 4e6,
        gpusPerReplica: 2,
        targetPeakUtilization: 1,
        redundancyReplicas: 1,
      }),
    ).toEqual({ replicas: 2, gpus: 4, servingReplicas: 1 });
  });

  it('rejects impossible inputs with the field and value', () => {
    expect(() =>
      sizeFleetForPeak({
        peakTokensPerHour: 1,
        tokensPerHourPerGpu: 0,
        gpusPerReplica: 1,
        targetPeakUtilization: 1,
        redundancyReplicas: 0,
      }),
    ).toThrow(/tokensPerHourPerGpu must be greater than 0 \(got 0\)/);
    expect(() =>
      sizeFleetForPeak({
        peakTokensPerHour: 1,
        tokensPerHourPerGpu: 1,
        gpusPerReplica: 1,
        targetPeakUtilization: 1.5,
        redundancyReplicas: 0,
      }),
    ).toThrow(/targetPeakUtilization/);
  });
});

describe('USD per million tokens', () => {
  it('usdPerMillionTokens: $2.50/h at 4M tokens/h: $0.625 at full use, $2.50 at 25%', () => {
    expect(usdPerMillionTokens({ usdPerGpuHour: 2.5, tokensPerHourPerGpu: 4e6, utilization: 1 })).toBe(0.625);
    expect(usdPerMillionTokens({ usdPerGpuHour: 2.5, tokensPerHourPerGpu: 4e6, utilization: 0.25 })).toBe(2.5);
  });
});
