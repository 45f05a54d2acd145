/**
 * The capacity model run on every published measurement (src/core/capacity/validation-measurements.ts)
 * with the built-in catalogs, and the error statistics docs/capacity-validation.md shows:
 * median and 90th-percentile absolute error per set (calibration / validation) and per
 * category. validation.test.ts renders the tables from here and fails when the document differs.
 */
import { estimateServing, type ModelSpec } from '../core/capacity/index.ts';
import type { MeasurementSet, ServingMeasurement } from '../core/capacity/validation-measurements.ts';
import { servingMeasurements } from '../core/capacity/validation-measurements.ts';
import { findEngineProfile } from './engines.ts';
import { findGpuSpec } from './gpus.ts';
import { findOpenModel } from './open-models.ts';

export interface ValidationRow {
  measurement: ServingMeasurement;
  predicted: number;
  /** (predicted - measured) / measured. */
  error: number;
  /** The categories the row counts in (GPU family, MoE or dense, FP4, engine, metric kind, long prompt). */
  categories: string[];
}

function modelOf(measurement: ServingMeasurement): ModelSpec {
  return typeof measurement.model === 'string' ? findOpenModel(measurement.model) : measurement.model;
}

/** The model's prediction for one measurement's setup and metric. */
export function predictMeasurement(measurement: ServingMeasurement): number {
  const engine = findEngineProfile(measurement.engine);
  const estimate = estimateServing({
    model: modelOf(measurement),
    gpu: findGpuSpec(measurement.gpu),
    engine:
      measurement.maxRunningSequences === undefined
        ? engine
        : { ...engine, maxRunningSequences: measurement.maxRunningSequences },
    precision: measurement.precision,
    gpusPerReplica: measurement.gpus,
    inputTokens: measurement.inputTokens,
    outputTokens: measurement.outputTokens,
    concurrency: measurement.concurrency === 'max' ? undefined : measurement.concurrency,
    kvCachePrecision: measurement.kvCachePrecision,
    expertParallel: measurement.expertParallel,
  });
  switch (measurement.metric) {
    case 'outputTokensPerSecond':
      return estimate.outputTokensPerSecond;
    case 'outputTokensPerSecondPerGpu':
      return estimate.outputTokensPerSecond / measurement.gpus;
    case 'tpotMeanMs':
      return estimate.tpotMeanMs;
    case 'ttftMeanMs':
      return estimate.ttftMeanMs;
  }
}

/** The categories a measurement counts in; a row counts in several. */
export function measurementCategories(measurement: ServingMeasurement): string[] {
  const gpu = findGpuSpec(measurement.gpu);
  const model = modelOf(measurement);
  const categories = [
    `GPU: ${gpu.id}`,
    gpu.vendor === 'amd' ? 'vendor: AMD' : 'vendor: NVIDIA',
    model.moe ? 'model: MoE' : 'model: dense',
    `engine: ${measurement.engine}`,
    measurement.metric.startsWith('output') && measurement.concurrency === 'max'
      ? 'metric: max-load throughput'
      : 'metric: fixed-concurrency latency/throughput',
  ];
  if (measurement.precision === 'fp4') categories.push('precision: FP4');
  if (measurement.inputTokens >= 8192) categories.push('prompt: 8K+ tokens');
  return categories;
}

export const validationRows: ValidationRow[] = servingMeasurements.map((measurement) => {
  const predicted = predictMeasurement(measurement);
  return {
    measurement,
    predicted,
    error: (predicted - measurement.measured) / measurement.measured,
    categories: measurementCategories(measurement),
  };
});

/** Median of a list (mean of the two middle values for even lengths). @example median([3, 1, 2]) === 2 */
export function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** 90th percentile by linear interpolation between closest ranks. @example percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) === 9.1 */
export function percentile90(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  if (sorted.length === 1) return sorted[0];
  const rank = 0.9 * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export interface ErrorSummary {
  label: string;
  rows: number;
  medianAbsoluteError: number;
  p90AbsoluteError: number;
}

function summary(label: string, rows: ValidationRow[]): ErrorSummary {
  const errors = rows.map((row) => Math.abs(row.error));
  return { label, rows: rows.length, medianAbsoluteError: median(errors), p90AbsoluteError: percentile90(errors) };
}

/** Error statistics of one set, overall and per category (categories sorted by name). */
export function setSummary(set: MeasurementSet): { overall: ErrorSummary; byCategory: ErrorSummary[] } {
  const rows = validationRows.filter((row) => row.measurement.set === set);
  const categories = [...new Set(rows.flatMap((row) => row.categories))].sort();
  return {
    overall: summary(`all ${set} rows`, rows),
    byCategory: categories.map((category) =>
      summary(
        category,
        rows.filter((row) => row.categories.includes(category)),
      ),
    ),
  };
}
