import { describe, expect, it } from 'vitest';
import { fillFleetSchedule, replicasForGpus } from './fleet-schedule.ts';
import { parseFleetSpec } from './fleet-spec.ts';
import { createRandom } from './random.ts';

function schedule(
  spec: string,
  demand: number[],
  options: { replicaTokensPerMinute?: number; gpusPerReplica?: number; seed?: number } = {},
) {
  const demandTokensPerMinute = Float64Array.from(demand);
  const activeReplicas = new Int32Array(demand.length);
  const paidReplicas = new Int32Array(demand.length);
  const stats = fillFleetSchedule({
    policy: parseFleetSpec(spec),
    demandTokensPerMinute,
    replicaTokensPerMinute: options.replicaTokensPerMinute ?? 100,
    gpusPerReplica: options.gpusPerReplica ?? 1,
    random: createRandom(options.seed ?? 1),
    activeReplicas,
    paidReplicas,
  });
  return { active: Array.from(activeReplicas), paid: Array.from(paidReplicas), stats };
}

describe('replicasForGpus', () => {
  it('rounds up to whole replicas', () => {
    expect(replicasForGpus(6, 4)).toBe(2);
    expect(replicasForGpus(8, 4)).toBe(2);
    expect(replicasForGpus(0, 4)).toBe(0);
  });
});

describe('fillFleetSchedule', () => {
  it('fixed:6 with 4 GPUs per replica is 2 replicas every minute', () => {
    const { active, paid } = schedule('fixed:6', [0, 1e9, 5], { gpusPerReplica: 4 });
    expect(active).toEqual([2, 2, 2]);
    expect(paid).toEqual([2, 2, 2]);
  });

  it('autoscale: pays at once, serves after the delay, shrinks after the cool-down', () => {
    // 100 tokens/minute per replica at target 1: demand 300 wants 3 replicas.
    const demand = [100, 100, 100, 300, 300, 300, 300, 300, 300, 100, 100, 100, 100, 100];
    const { active, paid, stats } = schedule('autoscale:1-5,delay=2,cooldown=3,target=1', demand);
    expect(active).toEqual([1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 1, 1, 1]);
    expect(paid).toEqual([1, 1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1]);
    expect(stats).toMatchObject({ scaleUpEvents: 1, scaleDownEvents: 1 });
  });

  it('autoscale stays within min and max, and keeps the largest size wanted during the cool-down', () => {
    const demand = [1000, 1000, 0, 250, 0, 0, 0, 0];
    const { active } = schedule('autoscale:1-4,delay=0,cooldown=3,target=1', demand);
    expect(active).toEqual([4, 4, 4, 4, 3, 3, 3, 1]);
  });

  it('spot: paid stays constant, capacity dips while replacements boot, reproducible per seed', () => {
    const demand = new Array<number>(6000).fill(0);
    const first = schedule('spot:4,interrupt=2,replace=15', demand, { seed: 9 });
    const again = schedule('spot:4,interrupt=2,replace=15', demand, { seed: 9 });
    const other = schedule('spot:4,interrupt=2,replace=15', demand, { seed: 10 });
    expect(first).toEqual(again);
    expect(first.active).not.toEqual(other.active);
    expect(new Set(first.paid)).toEqual(new Set([4]));
    expect(Math.min(...first.active)).toBeLessThan(4);
    // 4 replicas x 2/hour x 100 hours, less the time spent down (15 of every ~45 minutes)
    expect(first.stats.interruptions).toBeGreaterThan(400);
    expect(first.stats.interruptions).toBeLessThan(800);
  });

  it('spot with instant replacement never loses capacity', () => {
    const { active, stats } = schedule('spot:2,interrupt=5,replace=0', new Array<number>(600).fill(0));
    expect(new Set(active)).toEqual(new Set([2]));
    expect(stats.interruptions).toBeGreaterThan(0);
  });
});
