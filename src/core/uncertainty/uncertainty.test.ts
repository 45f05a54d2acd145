import { describe, expect, it } from 'vitest';
import { parseProfile } from '../workload/parse.ts';
import { looksUncertain, separateRanges, setAt, uncertainSchemaFor } from '../workload/ranges.ts';
import { centralValue, drawEnds, percentileValue, quantile, standardNormalQuantile } from './distribution.ts';
import {
  cheapestEligible,
  decisiveInputsOf,
  type DrawOutcome,
  type InputSensitivity,
  percentileOfSorted,
  percentilesOf,
  runMonteCarlo,
  type UncertainInput,
} from './monte-carlo.ts';
import { latinHypercube, plainSampling, uniformSamples } from './sampling.ts';

describe('distributions', () => {
  it('centralValue: midpoint of a range, mode of a triangular, median of a p10-p90', () => {
    expect(centralValue({ kind: 'uniform', low: 2.5, high: 4 })).toBe(3.25);
    expect(centralValue({ kind: 'triangular', low: 1, mode: 2, high: 6 })).toBe(2);
    expect(centralValue({ kind: 'p10-p90', p10: 1, p90: 4 })).toBeCloseTo(2, 12);
    expect(centralValue({ kind: 'p10-p90', p10: -2, p90: 4 })).toBe(1);
  });

  it('standardNormalQuantile inverts the normal CDF', () => {
    expect(standardNormalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(standardNormalQuantile(0.9)).toBeCloseTo(1.2815516, 6);
    expect(standardNormalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
    expect(standardNormalQuantile(0.99)).toBeCloseTo(2.3263479, 6);
  });

  it('quantile of uniform, triangular and p10-p90 distributions', () => {
    expect(quantile({ kind: 'uniform', low: 2, high: 4 }, 0.25)).toBe(2.5);
    expect(quantile({ kind: 'triangular', low: 0, mode: 0, high: 2 }, 0.75)).toBeCloseTo(1, 12);
    expect(quantile({ kind: 'triangular', low: 1, mode: 2, high: 6 }, 0.2)).toBeCloseTo(2, 12); // the mode's CDF is 1/5
    expect(quantile({ kind: 'p10-p90', p10: -1, p90: 1 }, 0.5)).toBeCloseTo(0, 9);
  });

  it('percentileValue: P10 and P90 of each kind (p10-p90 gives its own ends back)', () => {
    expect(percentileValue({ kind: 'uniform', low: 2, high: 4 }, 0.1)).toBeCloseTo(2.2, 12);
    expect(percentileValue({ kind: 'p10-p90', p10: 1, p90: 4 }, 0.9)).toBeCloseTo(4, 6);
    expect(percentileValue({ kind: 'p10-p90', p10: 1, p90: 4 }, 0.1)).toBeCloseTo(1, 6);
  });

  it('drawEnds: the lowest and highest draw (p10-p90 truncated at its 1st and 99th percentile)', () => {
    expect(drawEnds({ kind: 'triangular', low: 1, mode: 2, high: 6 })).toEqual({ low: 1, high: 6 });
    const ends = drawEnds({ kind: 'p10-p90', p10: -1, p90: 1 });
    expect(ends.low).toBeCloseTo(-2.3263479 / 1.2815516, 5);
    expect(ends.high).toBeCloseTo(2.3263479 / 1.2815516, 5);
  });
});

describe('sampling', () => {
  it('latinHypercube puts exactly one draw in each of the n strata of every input', () => {
    const columns = latinHypercube(500, ['a', 'b', 'c'], 42);
    for (const column of columns) {
      const strata = [...column].map((value) => Math.floor(value * 500)).sort((left, right) => left - right);
      expect(strata).toEqual(Array.from({ length: 500 }, (_, index) => index));
    }
    const [small] = latinHypercube(4, ['gpu-price'], 1);
    expect([...small].map((value) => Math.floor(value * 4)).sort()).toEqual([0, 1, 2, 3]);
  });

  it('latinHypercube and plainSampling are seeded: same seed same draws, an added input does not move the others', () => {
    expect(latinHypercube(50, ['a', 'b'], 7)).toEqual(latinHypercube(50, ['a', 'b'], 7));
    expect(latinHypercube(50, ['a'], 7)[0]).toEqual(latinHypercube(50, ['z', 'a'], 7)[1]);
    expect(latinHypercube(50, ['a'], 7)[0]).not.toEqual(latinHypercube(50, ['a'], 8)[0]);
    const plain = plainSampling(3, ['a'], 1);
    expect(plain[0]).toHaveLength(3);
    expect([...plain[0]].every((value) => value >= 0 && value < 1)).toBe(true);
    expect(plainSampling(3, ['a'], 1)).toEqual(plain);
  });

  it('uniformSamples picks the method', () => {
    expect(uniformSamples('latin-hypercube', 10, ['a', 'b'], 7)).toEqual(latinHypercube(10, ['a', 'b'], 7));
    expect(uniformSamples('plain', 10, ['a'], 7)).toEqual(plainSampling(10, ['a'], 7));
  });
});

describe('summaries', () => {
  it('percentileOfSorted interpolates between ranks (type 7)', () => {
    expect(percentileOfSorted([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 12);
    expect(percentileOfSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(percentileOfSorted([7], 0.9)).toBe(7);
  });

  it('percentilesOf gives P10, P50 and P90', () => {
    const result = percentilesOf([5, 1, 4, 2, 3]);
    expect(result.p10).toBeCloseTo(1.4, 12);
    expect(result.p50).toBe(3);
    expect(result.p90).toBeCloseTo(4.6, 12);
  });

  it('cheapestEligible skips ineligible options', () => {
    const option = (slot: string, tcoUsd: number, eligible = true) => ({
      slot,
      tcoUsd,
      eligible,
      monthlyCostUsd: tcoUsd / 12,
      cumulativeUsd: [],
    });
    expect(cheapestEligible({ chosen: 'b', options: [option('a', 10), option('b', 8)] })).toBe('b');
    expect(cheapestEligible({ chosen: 'a', options: [option('a', 10), option('b', 8, false)] })).toBe('a');
    expect(cheapestEligible({ chosen: null, options: [option('a', 10, false)] })).toBeNull();
  });
});

/** A toy decision: self-hosted costs 1,000 x the GPU price + 100 x staff, the API a fixed $3,000 + 10 x staff. */
function toyEvaluate(values: readonly number[]): DrawOutcome {
  const [gpuPrice, staff] = values;
  const selfHosted = 1000 * gpuPrice + 100 * staff;
  const api = 3000 + 10 * staff;
  const chosen = selfHosted < api ? 'self-hosted' : 'api';
  return {
    chosen,
    options: [
      { slot: 'api', eligible: true, tcoUsd: api, monthlyCostUsd: api / 12, cumulativeUsd: [api / 2, api] },
      {
        slot: 'self-hosted',
        eligible: true,
        tcoUsd: selfHosted,
        monthlyCostUsd: selfHosted / 12,
        cumulativeUsd: [selfHosted / 2, selfHosted],
      },
    ],
  };
}

const toyInputs: UncertainInput[] = [
  { id: 'gpu-price', distribution: { kind: 'uniform', low: 1.5, high: 4.5 }, wholeNumber: false },
  { id: 'staff', distribution: { kind: 'uniform', low: 0.9, high: 1.1 }, wholeNumber: false },
];

describe('runMonteCarlo', () => {
  const run = () =>
    runMonteCarlo({ inputs: toyInputs, draws: 2000, seed: 1, sampling: 'latin-hypercube', evaluate: toyEvaluate });

  it('runMonteCarlo with the same seed twice gives identical results', () => {
    expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
    const other = runMonteCarlo({
      inputs: toyInputs,
      draws: 2000,
      seed: 2,
      sampling: 'latin-hypercube',
      evaluate: toyEvaluate,
    });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(run()));
  });

  it('runMonteCarlo: probabilities of being cheapest sum to 1 and match the analytic share', () => {
    const result = run();
    const total =
      result.options.reduce((sum, option) => sum + option.probabilityCheapest, 0) + result.probabilityNoEligibleOption;
    expect(total).toBeCloseTo(1, 12);
    // Self-hosted is cheaper when 1000 p + 100 s < 3000 + 10 s, i.e. p < ~2.91: (2.91 - 1.5) / 3 = 47% of draws.
    const selfHosted = result.options.find((option) => option.slot === 'self-hosted');
    expect(selfHosted?.probabilityCheapest).toBeCloseTo(0.47, 1);
    expect(selfHosted?.tcoUsd.p50).toBeCloseTo(3100, -1);
    expect(selfHosted?.tcoUsd.p10).toBeCloseTo(1800 + 100, -1);
    expect(selfHosted?.months).toHaveLength(2);
    expect(result.probabilityRecommendationChanges).toBeGreaterThan(0.4);
  });

  it('runMonteCarlo sensitivity names the input that decides (a wide GPU price, a narrow staff range)', () => {
    const result = run();
    expect(result.sensitivity[0].input).toBe('gpu-price');
    // The API is recommended at the centre (3,010 vs 3,100); the margin is self-hosted minus API.
    expect(result.tornadoSlot).toBe('api');
    expect(result.runnerUpSlot).toBe('self-hosted');
    expect(result.baselineMarginUsd).toBeCloseTo(90, 6);
    expect(result.sensitivity[0].swingUsd).toBeCloseTo(1000 * 2.4, 6); // P10 1.8, P90 4.2
    expect(result.sensitivity[1].swingUsd).toBeCloseTo(90 * 0.16, 6); // staff 0.92..1.08 moves the margin by 90/FTE
    expect(result.decisiveInputs).toEqual(['gpu-price']);
    // Below its P10 ($1.8) self-hosting always wins, above its P90 never: half the extreme draws flip.
    expect(result.sensitivity[0].flipShareAtExtremes).toBe(0.5);
    expect(result.sensitivity[0].chosenAtP10).toBe('self-hosted');
  });

  it('runMonteCarlo rounds whole-number inputs', () => {
    const seen: number[] = [];
    runMonteCarlo({
      inputs: [{ id: 'months', distribution: { kind: 'uniform', low: 24, high: 36 }, wholeNumber: true }],
      draws: 50,
      seed: 3,
      sampling: 'plain',
      evaluate: (values) => {
        seen.push(values[0]);
        return toyEvaluate([2, 1]);
      },
    });
    expect(seen.every((value) => Number.isInteger(value) && value >= 24 && value <= 36)).toBe(true);
  });

  it('decisiveInputsOf keeps inputs whose extremes flip the answer clearly more often than average', () => {
    const entry = (input: string, flipShareAtExtremes: number, extremeDraws = 400): InputSensitivity => ({
      input,
      flipShareAtExtremes,
      extremeDraws,
      p10Value: 0,
      p90Value: 1,
      tcoAtP10Usd: 0,
      tcoAtP90Usd: 0,
      marginAtP10Usd: 0,
      marginAtP90Usd: 0,
      swingUsd: 0,
      chosenAtP10: 'self-hosted',
      chosenAtP90: 'self-hosted',
    });
    expect(decisiveInputsOf([entry('catalog.gpuPrice', 0.6), entry('x', 0.19)], 0.17, 'self-hosted')).toEqual([
      'catalog.gpuPrice',
    ]);
    // 0.19 over 400 extreme draws is noise around 0.17 (bar 0.2076); 0.22 is not.
    expect(decisiveInputsOf([entry('x', 0.22)], 0.17, 'self-hosted')).toEqual(['x']);
    // With only 25 extreme draws, even 0.3 is within noise (bar 0.17 + 2 x 0.075 = 0.32).
    expect(decisiveInputsOf([entry('x', 0.3, 25)], 0.17, 'self-hosted')).toEqual([]);
    expect(decisiveInputsOf([entry('x', 0)], 0, 'self-hosted')).toEqual([]);
  });
});

describe('ranges in a profile', () => {
  const workload = (volume: unknown) => ({
    workloads: [
      { name: 'w', volume: { requestsPerDay: volume }, tokens: { inputPerRequest: 100, outputPerRequest: 50 } },
    ],
  });

  it('looksUncertain recognises the four forms, not other strings or objects', () => {
    expect(looksUncertain('2.5..4')).toBe(true);
    expect(looksUncertain(' 1_000 .. 3_000 ')).toBe(true);
    expect(looksUncertain({ low: 1, high: 2 })).toBe(true);
    expect(looksUncertain({ p10: 1, p90: 2 })).toBe(true);
    expect(looksUncertain({ triangular: [1, 2, 3] })).toBe(true);
    expect(looksUncertain('h100-sxm')).toBe(false);
    expect(looksUncertain({ requestsPerDay: 5 })).toBe(false);
  });

  it('uncertainSchemaFor parses each form', () => {
    expect(uncertainSchemaFor('2.5..4').parse('2.5..4')).toEqual({ kind: 'uniform', low: 2.5, high: 4 });
    expect(uncertainSchemaFor({ p10: 1, p90: 2 }).parse({ p10: 1, p90: 2 })).toEqual({
      kind: 'p10-p90',
      p10: 1,
      p90: 2,
    });
    expect(uncertainSchemaFor({ triangular: [1, 2, 3] }).parse({ triangular: [1, 2, 3] })).toEqual({
      kind: 'triangular',
      low: 1,
      mode: 2,
      high: 3,
    });
  });

  it('setAt copies along the path', () => {
    const original = { a: { b: 1, c: 2 }, list: [1, 2] };
    expect(setAt(original, ['a', 'b'], 5)).toEqual({ a: { b: 5, c: 2 }, list: [1, 2] });
    expect(setAt(original, ['list', 1], 9)).toEqual({ a: { b: 1, c: 2 }, list: [1, 9] });
    expect(original.a.b).toBe(1);
  });

  it('separateRanges replaces each range by its central value and lists it', () => {
    const result = separateRanges({ workloads: [{ volume: { requestsPerDay: '1000..3000' } }] });
    expect(result.central).toEqual({ workloads: [{ volume: { requestsPerDay: 2000 } }] });
    expect(result.fields).toEqual([
      {
        path: 'workloads[0].volume.requestsPerDay',
        keys: ['workloads', 0, 'volume', 'requestsPerDay'],
        distribution: { kind: 'uniform', low: 1000, high: 3000 },
        wholeNumber: false,
      },
    ]);
    expect(result.problems).toEqual([]);
  });

  it('parseProfile: a profile with ranges holds central values and lists the uncertain fields', () => {
    const parsed = parseProfile({
      organization: { horizonMonths: '24..36', staffing: { sreFte: { triangular: [0.25, 0.5, 1] } } },
      ...workload({ p10: 1000, p90: 4000 }),
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.value.organization.horizonMonths).toBe(30);
    expect(parsed.value.organization.staffing.sreFte).toBe(0.5);
    expect(parsed.value.workloads[0].volume.requestsPerDay).toBeCloseTo(2000, 6);
    expect(parsed.value.uncertainInputs?.map((field) => [field.path, field.wholeNumber])).toEqual([
      ['organization.horizonMonths', true],
      ['organization.staffing.sreFte', false],
      ['workloads[0].volume.requestsPerDay', false],
    ]);
    const plain = parseProfile(workload(2000));
    expect(plain.ok && plain.value.uncertainInputs).toBe(undefined);
  });

  it('parseProfile: clear errors for malformed ranges and for range ends the field does not allow', () => {
    const problems = (input: unknown) => {
      const parsed = parseProfile(input);
      return parsed.ok ? [] : parsed.problems.map((problem) => `${problem.path}: ${problem.message}`);
    };
    expect(problems(workload('4..2.5'))[0]).toMatch(
      /^workloads\[0\]\.volume\.requestsPerDay: low \(4\) is above high \(2\.5\): write a range as low\.\.high/,
    );
    expect(problems(workload({ p10: 5, p90: 5 }))[0]).toMatch(/requestsPerDay: p10 must be below p90/);
    expect(problems(workload({ triangular: [1, 5, 3] }))[0]).toMatch(/low <= mode <= high/);
    expect(problems(workload({ low: 1 }))[0]).toMatch(/requestsPerDay\.high: high must be a number/);
    expect(problems(workload('-5..10'))).toEqual([
      'workloads[0].volume.requestsPerDay: at the low end of the range: requests per day must be greater than 0',
    ]);
    expect(
      problems({
        workloads: [
          {
            name: 'w',
            volume: { requestsPerDay: 10 },
            tokens: { inputPerRequest: 1, outputPerRequest: 1, cachedInputShare: '0.5..1.5' },
          },
        ],
      }),
    ).toEqual([
      'workloads[0].tokens.cachedInputShare: at the high end of the range: cached input share must be between 0 and 1',
    ]);
  });
});
