/**
 * Recomputes docs/capacity-validation.md's generated sections from the model and the
 * measurements in validation-measurements.ts, and checks the document matches, so the
 * document cannot drift from the code. Two sets: calibration (rows the factors were set on)
 * and validation (rows never used to set a factor); statistics per set and per category.
 * Regenerate with: UPDATE_CAPACITY_VALIDATION=1 npx vitest run src/core/capacity/validation.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  median,
  percentile90,
  setSummary,
  validationRows,
  type ErrorSummary,
  type ValidationRow,
} from '../../catalog/capacity-catalog-validation.ts';
import { findEngineProfile } from '../../catalog/engines.ts';
import { findGpuSpec } from '../../catalog/gpus.ts';
import { findOpenModel } from '../../catalog/open-models.ts';
import { CAPACITY_UNCERTAINTY, capacityUncertainty, uncertaintyCategories, uncertaintyBand } from './uncertainty.ts';
import type { UncertaintyCategory } from './uncertainty.ts';
import { servingMeasurements } from './validation-measurements.ts';
import type { MeasurementSet, ServingMeasurement } from './validation-measurements.ts';

const documentPath = resolve(import.meta.dirname, '../../../docs/capacity-validation.md');
const GOAL_MEDIAN = 0.2;
const GOAL_CATEGORY = 0.35;

const metricLabel: Record<ServingMeasurement['metric'], string> = {
  outputTokensPerSecond: 'output tok/s',
  outputTokensPerSecondPerGpu: 'output tok/s/GPU',
  tpotMeanMs: 'mean TPOT ms',
  ttftMeanMs: 'mean TTFT ms',
};

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const rowsOf = (set: MeasurementSet) => validationRows.filter((row) => row.measurement.set === set);

function rowTable(rows: ValidationRow[]): string {
  return [
    '| # | id | engine | model | GPUs | precision | in / out | concurrency | metric | measured | predicted | error |',
    '| ---: | --- | --- | --- | --- | --- | --- | ---: | --- | ---: | ---: | ---: |',
    ...rows.map(({ measurement, predicted, error }, index) => {
      const model = typeof measurement.model === 'string' ? measurement.model : measurement.model.id;
      const parallel = measurement.expertParallel ? ' (EP)' : '';
      return `| ${index + 1} | ${measurement.id} | ${measurement.engineVersion} | ${model} | ${measurement.gpus} x ${measurement.gpu}${parallel} | ${measurement.precision} | ${measurement.inputTokens} / ${measurement.outputTokens} | ${measurement.concurrency} | ${metricLabel[measurement.metric]} | ${measurement.measured} | ${Number(predicted.toFixed(1))} | ${(error * 100).toFixed(1)}% |`;
    }),
  ].join('\n');
}

function summaryLine(summary: ErrorSummary): string {
  return `${summary.rows} rows, median ${percent(summary.medianAbsoluteError)}, p90 ${percent(summary.p90AbsoluteError)}`;
}

function categoryTable(): string {
  const calibration = new Map(setSummary('calibration').byCategory.map((entry) => [entry.label, entry]));
  const validation = setSummary('validation').byCategory;
  const labels = [...new Set([...calibration.keys(), ...validation.map((entry) => entry.label)])].sort();
  const byLabel = new Map(validation.map((entry) => [entry.label, entry]));
  const cell = (entry: ErrorSummary | undefined) =>
    entry ? `${entry.rows} | ${percent(entry.medianAbsoluteError)} | ${percent(entry.p90AbsoluteError)}` : '0 | - | -';
  return [
    '| category | calibration rows | median | p90 | validation rows | median | p90 | validation median within 35%? |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...labels.map((label) => {
      const held = byLabel.get(label);
      const verdict = held ? (held.medianAbsoluteError <= GOAL_CATEGORY ? 'yes' : '**no**') : '-';
      return `| ${label} | ${cell(calibration.get(label))} | ${cell(held)} | ${verdict} |`;
    }),
  ].join('\n');
}

/** Validation rows per planner uncertainty category (the categories capacityUncertainty assigns). */
function validationErrorsByUncertaintyCategory(): Map<UncertaintyCategory, number[]> {
  const errors = new Map<UncertaintyCategory, number[]>();
  for (const row of rowsOf('validation')) {
    const measurement = row.measurement;
    const model = typeof measurement.model === 'string' ? findOpenModel(measurement.model) : measurement.model;
    const { categories } = capacityUncertainty({
      model,
      gpu: findGpuSpec(measurement.gpu),
      engine: findEngineProfile(measurement.engine),
      precision: measurement.precision,
      inputTokens: measurement.inputTokens,
    });
    for (const category of categories) errors.set(category, [...(errors.get(category) ?? []), Math.abs(row.error)]);
  }
  return errors;
}

function uncertaintyTable(): string {
  const errors = validationErrorsByUncertaintyCategory();
  return [
    '| planner category | validation rows | median | p90 | band used (relative error) | basis |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...uncertaintyCategories.map((category) => {
      const values = errors.get(category) ?? [];
      const stats = values.length > 0 ? `${percent(median(values))} | ${percent(percentile90(values))}` : '- | -';
      const band = CAPACITY_UNCERTAINTY[category];
      return `| ${category} | ${values.length} | ${stats} | ±${percent(band.relativeError)} | ${band.basis} |`;
    }),
  ].join('\n');
}

function goalText(): string {
  const validation = setSummary('validation');
  const over = validation.byCategory.filter((entry) => entry.medianAbsoluteError > GOAL_CATEGORY);
  const medianMet = validation.overall.medianAbsoluteError <= GOAL_MEDIAN;
  return [
    `- Calibration set: ${summaryLine(setSummary('calibration').overall)}.`,
    `- Validation set: ${summaryLine(validation.overall)}.`,
    `- Goal "median absolute error within 20% on the validation set": **${medianMet ? 'met' : 'not met'}** (${percent(validation.overall.medianAbsoluteError)}).`,
    `- Goal "no category worse than 35%" (category medians): **${over.length === 0 ? 'met' : 'not met'}**${over.length === 0 ? '' : `; over 35%: ${over.map((entry) => `${entry.label} (${percent(entry.medianAbsoluteError)})`).join(', ')}`}.`,
  ].join('\n');
}

function sourcesTable(): string {
  return [
    '| id | set | published | source | note |',
    '| --- | --- | --- | --- | --- |',
    ...servingMeasurements.map(
      (measurement) =>
        `| ${measurement.id} | ${measurement.set}${measurement.movedToCalibration ? ' (moved)' : ''} | ${measurement.sourceDate} | [${new URL(measurement.url).hostname}](${measurement.url}) | ${[measurement.note, measurement.movedToCalibration ? `Moved: ${measurement.movedToCalibration}` : undefined].filter(Boolean).join(' ').replaceAll('|', '/')} |`,
    ),
  ].join('\n');
}

const sections: Record<string, () => string> = {
  goal: goalText,
  categories: categoryTable,
  uncertainty: uncertaintyTable,
  calibration: () => rowTable(rowsOf('calibration')),
  validation: () => rowTable(rowsOf('validation')),
  sources: sourcesTable,
};

describe('capacity model validation against published measurements', () => {
  it('has calibration and validation rows, each with a source, a date and its setup', () => {
    expect(rowsOf('calibration').length).toBeGreaterThanOrEqual(19);
    expect(rowsOf('validation').length).toBeGreaterThanOrEqual(30);
    for (const measurement of servingMeasurements) {
      expect(measurement.source.length).toBeGreaterThan(20);
      expect(measurement.url).toMatch(/^https:\/\//);
      expect(measurement.sourceDate).toMatch(/\d{4}/);
      expect(measurement.measured).toBeGreaterThan(0);
      if (measurement.movedToCalibration) expect(measurement.set).toBe('calibration');
    }
    expect(new Set(servingMeasurements.map((measurement) => measurement.id)).size).toBe(servingMeasurements.length);
  });

  it('validation covers the GPUs, MoE, FP4, engines and both kinds of metric the issue names', () => {
    const categories = new Set(rowsOf('validation').flatMap((row) => row.categories));
    for (const needed of [
      'GPU: b200',
      'GPU: l40s',
      'GPU: a100-80gb',
      'GPU: mi300x',
      'GPU: h200',
      'model: MoE',
      'precision: FP4',
      'engine: vllm',
      'engine: sglang',
      'engine: tensorrt-llm',
      'metric: max-load throughput',
      'metric: fixed-concurrency latency/throughput',
    ])
      expect(categories, needed).toContain(needed);
  });

  it('fits its calibration set (median absolute error under 10%)', () => {
    expect(setSummary('calibration').overall.medianAbsoluteError).toBeLessThan(0.1);
  });

  it('capacityUncertainty: every planner band is the validation p90 of its category, rounded up to 5%', () => {
    for (const [category, errors] of validationErrorsByUncertaintyCategory()) {
      if (errors.length < 2) continue;
      const roundedUp = Math.ceil(percentile90(errors) * 20 - 1e-9) / 20;
      expect(CAPACITY_UNCERTAINTY[category].relativeError, category).toBeCloseTo(roundedUp, 9);
    }
    const h100 = findGpuSpec('h100-sxm');
    const vllm = findEngineProfile('vllm');
    const dense = capacityUncertainty({
      model: findOpenModel('llama-3.1-70b'),
      gpu: h100,
      engine: vllm,
      precision: 'fp8',
      inputTokens: 2000,
    });
    expect(dense).toEqual({ categories: ['dense-nvidia'], category: 'dense-nvidia', relativeError: 0.6 });
    const moe = capacityUncertainty({
      model: findOpenModel('gpt-oss-120b'),
      gpu: findGpuSpec('mi300x'),
      engine: vllm,
      precision: 'fp4',
      inputTokens: 1000,
    });
    expect(moe.categories).toEqual(['moe', 'fp4', 'amd']);
    expect(moe.category).toBe('moe');
  });

  it('uncertaintyBand: within a factor (1 + relative error) either way', () => {
    expect(uncertaintyBand(10_000_000, 0.25)).toEqual({ low: 8_000_000, high: 12_500_000 });
  });

  it('median and percentile90 of the error lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBeCloseTo(9.1, 12);
  });

  it('docs/capacity-validation.md holds the tables this model computes', () => {
    let document = readFileSync(documentPath, 'utf8');
    let changed = false;
    for (const [name, render] of Object.entries(sections)) {
      const begin = `<!-- ${name}:begin (generated by src/core/capacity/validation.test.ts) -->`;
      const end = `<!-- ${name}:end -->`;
      const start = document.indexOf(begin);
      const stop = document.indexOf(end);
      expect(start, `${name} markers missing in docs/capacity-validation.md`).toBeGreaterThanOrEqual(0);
      expect(stop).toBeGreaterThan(start);
      const current = document.slice(start + begin.length, stop).trim();
      const expected = render();
      if (current === expected) continue;
      if (process.env.UPDATE_CAPACITY_VALIDATION === '1') {
        document = `${document.slice(0, start + begin.length)}\n${expected}\n${document.slice(stop)}`;
        changed = true;
        continue;
      }
      expect(current, `section ${name}`).toBe(expected);
    }
    if (changed) writeFileSync(documentPath, document);
  });
});
