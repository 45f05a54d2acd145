import { describe, expect, it } from 'vitest';
import { catalogAge, daysBetween, monthsBefore, stalePrices } from './staleness.ts';
import { sizeFleetInWholeInstances } from '../cost/instances.ts';

describe('staleness', () => {
  it('daysBetween: whole days across years (doc example: 548)', () => {
    expect(daysBetween('2025-06-01', '2026-12-01')).toBe(548);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-12-01', '2025-06-01')).toBe(-548);
  });
  it('monthsBefore: calendar months, the day clamped (doc examples)', () => {
    expect(monthsBefore('2026-12-01', 6)).toBe('2026-06-01');
    expect(monthsBefore('2026-08-31', 6)).toBe('2026-02-28');
    expect(monthsBefore('2026-03-15', 6)).toBe('2025-09-15');
  });
  it('stalePrices: only prices read more than six months before the plan, oldest first, once each (doc example)', () => {
    expect(
      stalePrices(
        [
          { name: 'aws/l40s on-demand', asOf: '2025-06-01' },
          { name: 'openai/gpt-5', asOf: '2026-12-01' },
          { name: 'specialist/h100-sxm', asOf: '2026-06-01' },
          { name: 'aws/l40s on-demand', asOf: '2025-06-01' },
        ],
        '2026-12-01',
      ),
    ).toEqual([{ name: 'aws/l40s on-demand', asOf: '2025-06-01', ageDays: 548 }]);
  });
  it('catalogAge: the snapshot age, the oldest entry and the stale ones (doc example)', () => {
    expect(catalogAge([{ name: 'gcp/l4', asOf: '2025-06-01' }], '2026-12-01', '2026-12-01')).toEqual({
      onDate: '2026-12-01',
      snapshot: '2026-12-01',
      snapshotAgeDays: 0,
      oldestAsOf: '2025-06-01',
      stale: [{ name: 'gcp/l4', asOf: '2025-06-01', ageDays: 548 }],
    });
  });
});

describe('sizeFleetInWholeInstances', () => {
  const fleet = {
    peakTokensPerHour: 30e6,
    tokensPerHourPerGpu: 4e6,
    targetPeakUtilization: 0.8,
    redundancyReplicas: 1,
  };
  it('sizeFleetInWholeInstances: 11 GPUs needed, 8-GPU instances -> 16 GPUs (doc example)', () => {
    expect(sizeFleetInWholeInstances({ ...fleet, gpusPerReplica: 1, wholeInstanceGpus: 8 })).toEqual({
      replicas: 16,
      gpus: 16,
      servingReplicas: 10,
    });
  });
  it('per GPU or already whole: unchanged', () => {
    expect(sizeFleetInWholeInstances({ ...fleet, gpusPerReplica: 1 })).toEqual({
      replicas: 11,
      gpus: 11,
      servingReplicas: 10,
    });
    // TP 8: 2 serving + 1 spare = 3 replicas = 24 GPUs, already 3 whole instances
    expect(sizeFleetInWholeInstances({ ...fleet, gpusPerReplica: 8, wholeInstanceGpus: 8 }).gpus).toBe(24);
  });
});
