/**
 * Fleet candidates: every configuration the search considers (GPU, TP, precision, engine,
 * pricing tier), the preferred fleet among them, sizing at the SLO's percentile, context
 * windows, and the estimator serving every engine.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ResolvedWorkload } from '../core/decide/types.ts';
import { formatProblems } from '../core/problem.ts';
import { parseProfile } from '../core/workload/parse.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';
import { catalogAt, findGpuOffers } from './catalog.ts';
import { builtInEngineProfiles, engineRunsOn, findEngineProfile } from './engines.ts';
import { capacityTtftTargetMs, cheapestGpuOffer, pricingTiersFor } from './fleet-candidates.ts';
import { findGpuSpec } from './gpus.ts';
import { resolvePlanInputs, type ThroughputEstimator } from './resolve.ts';
import { capacityThroughputEstimator } from './throughput.ts';

/** These tests pin the 2025-06-01 catalog snapshot (its numbers do not move with new prices). */
const builtInCatalog = catalogAt('2025-06-01');

const examples = resolve(import.meta.dirname, '../../examples');

type Edit = (workload: Record<string, Record<string, unknown>>, document: Record<string, unknown>) => void;

/** The logistics example (1,000 in / 83 out, Llama 3.1 70B, 24-month horizon), edited. */
function logistics(edit: Edit = () => {}): WorkloadProfile {
  const document = parse(readFileSync(resolve(examples, 'logistics-classification.yaml'), 'utf8'));
  edit(document.workloads[0], document);
  const parsed = parseProfile(document);
  if (!parsed.ok) throw new Error(formatProblems(parsed.problems));
  return parsed.value;
}

function resolveFirst(
  profile: WorkloadProfile,
  estimator: ThroughputEstimator = capacityThroughputEstimator(),
  defaultEngine?: string,
): ResolvedWorkload {
  const result = resolvePlanInputs(profile, builtInCatalog, estimator, { defaultEngine });
  if (!result.ok) throw new Error(formatProblems(result.problems));
  return result.inputs.workloads[0];
}

const gpuAuto: Edit = (workload) => {
  workload.choices.gpu = 'auto';
};

describe('pricingTiersFor', () => {
  it('pricingTiersFor: on-demand always, reserved from a 12-month horizon, spot only for interruptible or offline work (doc example)', () => {
    expect(pricingTiersFor('auto', 24, { interruptible: false })).toEqual(['on-demand', 'reserved']);
    expect(pricingTiersFor('auto', 6, { interruptible: true })).toEqual(['on-demand', 'spot']);
    expect(pricingTiersFor('auto', 11, { interruptible: false })).toEqual(['on-demand']);
    expect(pricingTiersFor('auto', 12, { interruptible: false, offline: { deadlineHours: 8 } })).toEqual([
      'on-demand',
      'reserved',
      'spot',
    ]);
    expect(pricingTiersFor('spot', 24, { interruptible: false })).toEqual(['spot']);
  });
});

describe('capacityTtftTargetMs', () => {
  it('capacityTtftTargetMs: a p99 SLO of 500 ms sizes for a p95 of 333 ms; offline work has no target (doc example)', () => {
    expect(capacityTtftTargetMs({ percentile: 'p99', ttftMs: 500 }, undefined)).toBe(333);
    expect(333 * 1.5).toBeLessThanOrEqual(500);
    expect(capacityTtftTargetMs({ percentile: 'p95', ttftMs: 500 }, undefined)).toBe(500);
    expect(capacityTtftTargetMs({ percentile: 'p95', ttftMs: 500 }, { deadlineHours: 8 })).toBeUndefined();
    expect(capacityTtftTargetMs({ percentile: 'p99', ttftMs: undefined }, undefined)).toBeUndefined();
  });
});

describe('cheapestGpuOffer', () => {
  it('cheapestGpuOffer: the cheapest cloud at a tier, mid-range (doc example: H100 on-demand $5.28)', () => {
    const offers = findGpuOffers(builtInCatalog, 'h100-sxm');
    expect(cheapestGpuOffer(offers, 'on-demand')?.usdPerGpuHour).toBeCloseTo(5.28, 10);
    expect(cheapestGpuOffer(offers, 'reserved')?.usdPerGpuHour).toBeCloseTo(3.5, 10);
  });
});

describe('fleet candidates (resolvePlanInputs)', () => {
  it('the logistics example as written: its H100, vLLM, on-demand fleet is preferred and TP 1-8 x fp8/bf16 x on-demand/reserved are searched', () => {
    const workload = resolveFirst(logistics());
    expect(workload.fleet).toMatchObject({
      gpuId: 'h100-sxm',
      gpusPerReplica: 1,
      precision: 'fp8',
      engine: 'vllm',
      pricing: 'on-demand',
      gpusPerInstance: 8,
    });
    expect(workload.fleet?.usdPerGpuHour).toBeCloseTo(5.28, 10);
    expect(workload.fleetCandidates).toContain(workload.fleet);
    const configurations = workload.fleetCandidates.map(
      (fleet) => `${fleet.precision} TP${fleet.gpusPerReplica} ${fleet.pricing}`,
    );
    expect(configurations).toEqual([
      ...['fp8 TP1', 'fp8 TP2', 'fp8 TP4', 'fp8 TP8', 'bf16 TP2', 'bf16 TP4', 'bf16 TP8'].flatMap((configuration) => [
        `${configuration} on-demand`,
        `${configuration} reserved`,
      ]),
    ]);
    // The numbers: 70B fp8 on H100 serves 10.1M tokens per GPU-hour at TP=1 and 18.4M at TP=2 (with the 50 ms vLLM request overhead).
    const onDemand = (degree: number) =>
      workload.fleetCandidates.find(
        (fleet) => fleet.precision === 'fp8' && fleet.gpusPerReplica === degree && fleet.pricing === 'on-demand',
      );
    expect((onDemand(1)?.tokensPerHourPerGpu ?? 0) / 1e6).toBeCloseTo(10.1, 1);
    expect((onDemand(2)?.tokensPerHourPerGpu ?? 0) / 1e6).toBeCloseTo(18.4, 1);
  });

  it('gpu: auto searches every catalog GPU the model fits on; every candidate fits, is priced at its tier and carries TPOT and sloMet', () => {
    const workload = resolveFirst(logistics(gpuAuto));
    const candidates = workload.fleetCandidates;
    expect(candidates.length).toBe(102);
    const gpus = [...new Set(candidates.map((fleet) => fleet.gpuId))];
    // Every built-in GPU holds 70B at some TP within one 8-GPU server.
    expect(gpus).toEqual(builtInCatalog.gpuOffers.map((offer) => offer.gpu));
    expect(new Set(candidates.map((fleet) => fleet.pricing))).toEqual(new Set(['on-demand', 'reserved']));
    expect(new Set(candidates.map((fleet) => fleet.engine))).toEqual(new Set(['vllm']));
    for (const fleet of candidates) {
      expect(fleet.tokensPerHourPerGpu).toBeGreaterThan(0);
      expect(fleet.tpotP95Ms).toBeGreaterThan(0);
      expect(fleet.sloMet).toBe(true);
      expect(fleet.openModelId).toBe('llama-3.1-70b');
      const offers = findGpuOffers(builtInCatalog, fleet.gpuId);
      expect(fleet.usdPerGpuHour).toBeCloseTo(cheapestGpuOffer(offers, fleet.pricing)?.usdPerGpuHour ?? Number.NaN, 10);
      expect(fleet.priceSource.name).toContain(` ${fleet.pricing} (`);
      if (!findGpuSpec(fleet.gpuId).denseTflops.fp8) expect(fleet.precision).toBe('bf16');
    }
    // Without a SLO or a typed throughput the preferred fleet is the cheapest per token at full load, on-demand.
    expect(workload.fleet?.pricing).toBe('on-demand');
    expect(candidates).toContain(workload.fleet);
    const usdPerToken = (fleet: { usdPerGpuHour: number; tokensPerHourPerGpu: number }) =>
      fleet.usdPerGpuHour / fleet.tokensPerHourPerGpu;
    const smallestOnDemand = candidates.filter(
      (fleet) =>
        fleet.pricing === 'on-demand' &&
        fleet.precision === (findGpuSpec(fleet.gpuId).denseTflops.fp8 ? 'fp8' : 'bf16') &&
        fleet.gpusPerReplica ===
          Math.min(
            ...candidates
              .filter((other) => other.gpuId === fleet.gpuId && other.precision === fleet.precision)
              .map((other) => other.gpusPerReplica),
          ),
    );
    expect(usdPerToken(workload.fleet!)).toBe(Math.min(...smallestOnDemand.map(usdPerToken)));
  });

  it('spot only when the work tolerates interruption (traffic.interruptible or offline); a 6-month horizon has no reserved tier', () => {
    const tiers = (edit: Edit) => new Set(resolveFirst(logistics(edit)).fleetCandidates.map((fleet) => fleet.pricing));
    expect(tiers(() => {})).toEqual(new Set(['on-demand', 'reserved']));
    expect(
      tiers((workload) => {
        workload.traffic.interruptible = true;
      }),
    ).toEqual(new Set(['on-demand', 'reserved', 'spot']));
    expect(
      tiers((workload) => {
        workload.traffic.offline = { deadlineHours: 12 };
      }),
    ).toEqual(new Set(['on-demand', 'reserved', 'spot']));
    expect(
      tiers((_workload, document) => {
        (document.organization as Record<string, unknown>).horizonMonths = 6;
      }),
    ).toEqual(new Set(['on-demand']));
    expect(
      tiers((workload) => {
        workload.choices.gpuPricing = 'reserved';
      }),
    ).toEqual(new Set(['reserved']));
  });

  it('a named pricing tier prices the preferred fleet at that tier', () => {
    const workload = resolveFirst(
      logistics((workload) => {
        workload.choices.gpuPricing = 'spot';
      }),
    );
    expect(workload.fleet?.pricing).toBe('spot');
    expect(workload.fleet?.usdPerGpuHour).toBeCloseTo((1.6 + 3.0) / 2, 10);
  });

  it('engine: auto searches every built-in engine that runs on the GPU (TensorRT-LLM on NVIDIA only); the default engine stays preferred', () => {
    const workload = resolveFirst(
      logistics((workload) => {
        workload.choices.gpu = 'auto';
        workload.choices.engine = 'auto';
      }),
      capacityThroughputEstimator(),
      'sglang',
    );
    expect(workload.fleetCandidates.length).toBe(396);
    expect(new Set(workload.fleetCandidates.map((fleet) => fleet.engine))).toEqual(
      new Set(builtInEngineProfiles.map((engine) => engine.id)),
    );
    expect(workload.fleetCandidates.some((fleet) => fleet.gpuId === 'mi300x' && fleet.engine === 'tensorrt-llm')).toBe(
      false,
    );
    expect(workload.fleet?.engine).toBe('sglang');
    expect(workload.fleet?.capacity?.engine).toBe('sglang');
  });

  it('choices.engine and choices.gpusPerReplica pin those dimensions; the default engine applies when the profile names none', () => {
    const pinned = resolveFirst(
      logistics((workload) => {
        workload.choices.engine = 'trtllm';
        workload.choices.gpusPerReplica = 2;
      }),
    );
    expect(new Set(pinned.fleetCandidates.map((fleet) => `${fleet.engine} TP${fleet.gpusPerReplica}`))).toEqual(
      new Set(['tensorrt-llm TP2']),
    );
    const byDefault = resolveFirst(logistics(), capacityThroughputEstimator(), 'tgi');
    expect(new Set(byDefault.fleetCandidates.map((fleet) => fleet.engine))).toEqual(new Set(['tgi']));
  });

  it('a typed throughput pins the configuration to the preferred one (only tiers are searched) and keeps its warning', () => {
    const workload = resolveFirst(
      logistics((workload) => {
        workload.choices.tokensPerHourPerGpu = 100_000_000;
      }),
    );
    expect(workload.fleetCandidates.map((fleet) => [fleet.gpusPerReplica, fleet.precision, fleet.pricing])).toEqual([
      [1, 'fp8', 'on-demand'],
      [1, 'fp8', 'reserved'],
    ]);
    expect(workload.fleetCandidates.every((fleet) => fleet.tokensPerHourPerGpu === 100_000_000)).toBe(true);
    expect(workload.warnings[0]).toMatch(/typed throughput 100,000,000 tokens\/hour per GPU is 9\.9x above/);
  });

  it('searches only the first listed model that fits somewhere, so quality does not change behind the reader', () => {
    const workload = resolveFirst(
      logistics((workload) => {
        workload.requirements.openModels = ['llama-3.1-405b', 'llama-3.1-8b'];
        workload.choices.gpu = 'l4';
      }),
    );
    // 405B does not fit on 8 x L4 (192 GB), so 8B is searched, and only 8B.
    expect(new Set(workload.fleetCandidates.map((fleet) => fleet.openModelId))).toEqual(new Set(['llama-3.1-8b']));
    const both = resolveFirst(
      logistics((workload) => {
        workload.requirements.openModels = ['llama-3.1-70b', 'llama-3.1-8b'];
        workload.choices.gpu = 'auto';
      }),
    );
    expect(new Set(both.fleetCandidates.map((fleet) => fleet.openModelId))).toEqual(new Set(['llama-3.1-70b']));
  });
});

describe("precision auto follows the model's checkpoints", () => {
  it('gpt-oss-120b (MXFP4 weights) is searched at fp4 only, weight-only on H100; Llama 3.1 70B keeps fp8 then bf16', () => {
    const gptOss = resolveFirst(
      logistics((workload) => {
        workload.requirements.openModels = ['gpt-oss-120b'];
        workload.choices.precision = 'auto';
      }),
    );
    expect(gptOss.fleetCandidates.length).toBeGreaterThan(0);
    expect(new Set(gptOss.fleetCandidates.map((fleet) => fleet.precision))).toEqual(new Set(['fp4']));
    // 117B parameters at ~4.5 bits fit one 80 GB H100; at fp8 they would need two.
    expect(Math.min(...gptOss.fleetCandidates.map((fleet) => fleet.gpusPerReplica))).toBe(1);
    const llama = resolveFirst(logistics());
    expect([...new Set(llama.fleetCandidates.map((fleet) => fleet.precision))]).toEqual(['fp8', 'bf16']);
  });
});

describe('sizing at the SLO percentile', () => {
  const withSlo = (percentile: 'p95' | 'p99', ttftMs: number) =>
    logistics((workload) => {
      workload.latency = { percentile, ttftMs };
      workload.choices.gpu = 'auto';
    });

  it('a p99 SLO sizes every fleet that meets it so that 1.5 x its p95 TTFT is within the SLO', () => {
    const workload = resolveFirst(withSlo('p99', 300));
    const met = workload.fleetCandidates.filter((fleet) => fleet.sloMet);
    expect(met.length).toBeGreaterThan(0);
    for (const fleet of met) expect(fleet.ttftP95Ms * 1.5).toBeLessThanOrEqual(300);
    expect(workload.fleet?.sloMet).toBe(true);
    expect((workload.fleet?.ttftP95Ms ?? Number.POSITIVE_INFINITY) * 1.5).toBeLessThanOrEqual(300);
    // Sized for p99, a fleet serves fewer tokens per GPU than one sized for the same number at p95.
    const p95 = resolveFirst(withSlo('p95', 300));
    const sameConfiguration = (fleet: { gpuId: string; gpusPerReplica: number; precision: string }) =>
      p95.fleetCandidates.find(
        (other) =>
          other.gpuId === fleet.gpuId &&
          other.gpusPerReplica === fleet.gpusPerReplica &&
          other.precision === fleet.precision,
      );
    const preferred = workload.fleet!;
    expect(preferred.tokensPerHourPerGpu).toBeLessThan(sameConfiguration(preferred)?.tokensPerHourPerGpu ?? 0);
  });

  it('a fleet that cannot meet the SLO even one request at a time is kept with sloMet false (the decision gates it)', () => {
    const workload = resolveFirst(withSlo('p95', 40));
    expect(workload.fleetCandidates.some((fleet) => fleet.sloMet === false)).toBe(true);
    expect(workload.fleetCandidates.every((fleet) => fleet.sloMet !== undefined)).toBe(true);
  });

  it('offline work is sized at maximum throughput, whatever latency.ttftMs says', () => {
    const asked: Array<number | undefined> = [];
    const estimator = capacityThroughputEstimator();
    const spy: ThroughputEstimator = (request) => {
      asked.push(request.ttftSloMs);
      return estimator(request);
    };
    resolveFirst(
      logistics((workload) => {
        workload.latency = { percentile: 'p95', ttftMs: 200 };
        workload.traffic.offline = { deadlineHours: 12 };
      }),
      spy,
    );
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((target) => target === undefined)).toBe(true);
  });
});

describe('context windows', () => {
  it('a request longer than the open model context is a clear fleet problem, not a crash', () => {
    const workload = resolveFirst(
      logistics((workload) => {
        workload.tokens.inputPerRequest = 40_000;
        workload.requirements.openModels = ['mixtral-8x7b'];
        workload.choices.gpu = 'auto';
      }),
    );
    expect(workload.fleet).toBeUndefined();
    expect(workload.fleetCandidates).toEqual([]);
    expect(workload.fleetProblem).toBe(
      "mixtral-8x7b: input + output tokens = 40000 + 83 = 40,083 is longer than Mixtral 8x7B's context window of 32,768 tokens",
    );
  });

  it('per-token offers carry the provider context window where the catalog lists one', () => {
    const workload = resolveFirst(
      logistics((workload) => {
        workload.choices.hostedOpenProvider = 'groq';
        workload.requirements.openModels = ['llama-3.3-70b'];
      }),
    );
    expect(workload.frontier?.maxContextTokens).toBe(1_047_576);
    expect(workload.hostedOpen?.id).toBe('groq/llama-3.3-70b');
    expect(workload.hostedOpen?.maxContextTokens).toBe(131_072);
    const together = resolveFirst(logistics());
    expect(together.hostedOpen?.id).toBe('together/llama-3.1-70b');
    expect(together.hostedOpen && 'maxContextTokens' in together.hostedOpen).toBe(false);
  });
});

describe('capacityThroughputEstimator', () => {
  const request = {
    openModelId: 'llama-3.1-70b',
    gpuId: 'h100-sxm',
    precision: 'fp8',
    gpusPerReplica: 2,
    inputTokens: 1000,
    outputTokens: 83,
    ttftSloMs: undefined,
  };

  it('capacityThroughputEstimator: one estimator serves every engine named in the request (aliases too)', () => {
    const estimate = capacityThroughputEstimator();
    const byEngine = Object.fromEntries(
      ['vllm', 'sglang', 'tensorrt-llm', 'tgi'].map((engine) => {
        const result = estimate({ ...request, engine });
        if ('problem' in result) throw new Error(result.problem);
        return [engine, result];
      }),
    );
    expect(byEngine.vllm.capacity?.engine).toBe('vllm');
    expect(byEngine['tensorrt-llm'].capacity?.engine).toBe('tensorrt-llm');
    expect(byEngine['tensorrt-llm'].tokensPerHourPerGpu).toBeGreaterThan(byEngine.vllm.tokensPerHourPerGpu);
    expect(byEngine.vllm.source).toMatch(/^capacity model \(vllm, fp8, TP=2, /);
    expect(byEngine.vllm.tpotP95Ms).toBeGreaterThan(0);
    expect(byEngine.vllm.sloMet).toBe(true);
    const alias = estimate({ ...request, engine: 'trtllm' });
    expect(alias).toEqual(byEngine['tensorrt-llm']);
  });

  it('capacityThroughputEstimator: gives the same answer from its cache, and problems for an unknown engine or a vendor it does not run on', () => {
    const estimate = capacityThroughputEstimator();
    expect(estimate({ ...request, engine: 'vllm' })).toBe(estimate({ ...request, engine: 'vllm' }));
    expect(estimate({ ...request, engine: 'vlm' })).toEqual({
      problem: "unknown serving engine 'vlm'; did you mean 'vllm', 'tgi', 'sglang'?",
    });
    expect(estimate({ ...request, engine: 'tensorrt-llm', gpuId: 'mi300x' })).toEqual({
      problem: 'TensorRT-LLM does not run on AMD Instinct MI300X 192GB (amd GPUs)',
    });
  });

  it('engineRunsOn: TensorRT-LLM on NVIDIA only, the others on AMD too (doc example)', () => {
    expect(engineRunsOn(findEngineProfile('tensorrt-llm'), { vendor: 'amd' })).toBe(false);
    expect(engineRunsOn(findEngineProfile('vllm'), { vendor: 'amd' })).toBe(true);
    expect(engineRunsOn(findEngineProfile('trtllm'), { vendor: 'nvidia' })).toBe(true);
  });
});
