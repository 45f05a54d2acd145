import { describe, expect, it } from 'vitest';
import { findEngineProfile } from '../../catalog/engines.ts';
import { findGpuSpec } from '../../catalog/gpus.ts';
import { findOpenModel } from '../../catalog/open-models.ts';
import { loadCurveConcurrencies, meetsSlo, operatingPoint, sloConcurrency } from './load.ts';
import type { ServingHardware } from './roofline.ts';

const a100 = findGpuSpec('a100-40gb');
const hardware: ServingHardware = {
  model: findOpenModel('llama-3.1-8b'),
  gpu: a100,
  engine: findEngineProfile('vllm'),
  precision: 'bf16',
  kvCachePrecision: 'fp16',
  gpusPerReplica: 1,
};
const shape = { inputTokens: 1024, outputTokens: 128 };

describe('operating point', () => {
  it('operatingPoint: one request at a time: TPOT is one decode step (14.1 ms), ~65 output tok/s with the 50 ms vLLM request overhead', () => {
    const point = operatingPoint(hardware, shape, 142, 1);
    expect(point.tpotMeanMs).toBeCloseTo(point.decodeStepMs, 9);
    expect(point.tpotMeanMs).toBeCloseTo(14.13, 2);
    expect(point.outputTokensPerSecond).toBeCloseTo(64.9, 1);
    expect(point.ttftMeanMs).toBeGreaterThan(50);
    expect(point.outputTokensPerSecond).toBeCloseTo(point.requestsPerSecond * 128, 9);
  });

  it('latency and throughput grow with concurrency up to the engine capacity', () => {
    let previous = operatingPoint(hardware, shape, 142, 1);
    for (const concurrency of [2, 4, 8, 16, 32, 64, 128, 142]) {
      const point = operatingPoint(hardware, shape, 142, concurrency);
      expect(point.outputTokensPerSecond).toBeGreaterThan(previous.outputTokensPerSecond);
      expect(point.tpotMs).toBeGreaterThan(previous.tpotMs);
      expect(point.ttftMs).toBeGreaterThanOrEqual(previous.ttftMs);
      expect(point.prefillShare).toBeLessThan(1);
      previous = point;
    }
  });

  it('beyond capacity requests queue: throughput stays, TTFT grows by the wait for a slot', () => {
    const full = operatingPoint(hardware, shape, 142, 142);
    const over = operatingPoint(hardware, shape, 142, 284);
    expect(over.outputTokensPerSecond).toBeCloseTo(full.outputTokensPerSecond, 6);
    expect(over.ttftMeanMs - full.ttftMeanMs).toBeCloseTo((142 / full.requestsPerSecond) * 1000, 3);
  });
});

describe('SLO search', () => {
  it('meetsSlo checks both p95 targets', () => {
    expect(meetsSlo({ ttftMs: 500, tpotMs: 40 }, { ttftMs: 800 })).toBe(true);
    expect(meetsSlo({ ttftMs: 500, tpotMs: 40 }, { ttftMs: 800, tpotMs: 30 })).toBe(false);
  });

  it('sloConcurrency: finds the highest concurrency that meets the SLO', () => {
    const slo = { tpotMs: 30 };
    const best = sloConcurrency(hardware, shape, 142, slo);
    expect(best).toBeDefined();
    expect(meetsSlo(operatingPoint(hardware, shape, 142, best ?? 0), slo)).toBe(true);
    expect(meetsSlo(operatingPoint(hardware, shape, 142, (best ?? 0) + 1), slo)).toBe(false);
  });

  it('undefined when one request at a time misses it', () => {
    expect(sloConcurrency(hardware, shape, 142, { tpotMs: 5 })).toBeUndefined();
  });
});

describe('load curve points', () => {
  it('loadCurveConcurrencies: powers of two, the capacity, 1.5x and 2x it, plus extras', () => {
    expect(loadCurveConcurrencies(100, [37])).toEqual([1, 2, 4, 8, 16, 32, 37, 64, 100, 150, 200]);
  });
});
