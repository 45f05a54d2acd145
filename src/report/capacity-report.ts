/**
 * The capacity report: one model (what `switchyard capacity` computed) and its renderers
 * (terminal table, Markdown; JSON is the model itself).
 */
import type { EngineProfile, GpuSpec, ModelSpec, ServingEstimate } from '../core/capacity/index.ts';
import { formatCount, formatUsd, renderTextTable } from './text-table.ts';
import type { Cell } from './text-table.ts';

export interface CapacityReport extends ServingEstimate {
  model: string;
  gpu: string;
  engine: string;
  inputTokens: number;
  outputTokens: number;
  slo: { ttftP95Ms?: number; tpotP95Ms?: number };
  usdPerGpuHour?: number;
  /** Utilization the USD figure assumes (share of paid hours at the operating point). */
  utilization?: number;
  usdPerMillionTokens?: number;
  sources: { model: string; gpu: string; engine: string };
}

/** Builds the report model from catalog entries and an estimate. */
export function capacityReport(input: {
  model: ModelSpec;
  gpu: GpuSpec;
  engine: EngineProfile;
  inputTokens: number;
  outputTokens: number;
  ttftSloMs?: number;
  tpotSloMs?: number;
  estimate: ServingEstimate;
  usdPerGpuHour?: number;
  utilization?: number;
  usdPerMillionTokens?: number;
}): CapacityReport {
  return {
    model: input.model.id,
    gpu: input.gpu.id,
    engine: input.engine.id,
    inputTokens: input.inputTokens,
    outputTokens: input.outputTokens,
    slo: { ttftP95Ms: input.ttftSloMs, tpotP95Ms: input.tpotSloMs },
    ...input.estimate,
    usdPerGpuHour: input.usdPerGpuHour,
    utilization: input.usdPerGpuHour === undefined ? undefined : input.utilization,
    usdPerMillionTokens:
      input.usdPerMillionTokens === undefined ? undefined : Number(input.usdPerMillionTokens.toFixed(4)),
    sources: {
      model: `${input.model.source} (as of ${input.model.asOf})`,
      gpu: `${input.gpu.source} (as of ${input.gpu.asOf})`,
      engine: `${input.engine.source} (as of ${input.engine.asOf})`,
    },
  };
}

const fixed = (value: number, digits: number) => value.toFixed(digits);

function summaryRows(report: CapacityReport): Cell[][] {
  const slo =
    report.slo.ttftP95Ms !== undefined || report.slo.tpotP95Ms !== undefined
      ? `p95 TTFT <= ${report.slo.ttftP95Ms ?? '-'} ms, TPOT <= ${report.slo.tpotP95Ms ?? '-'} ms${report.sloMet ? '' : ' (NOT MET)'}`
      : 'none (maximum throughput)';
  const parallel = report.expertParallel ? 'expert parallel (data-parallel attention)' : 'tensor parallel';
  const weights =
    report.precisionMode === 'weight-only'
      ? `${report.precision} weights (weight-only: dequantised to 16-bit, no ${report.precision.toUpperCase()} tensor cores)`
      : `${report.precision} weights`;
  const band = report.uncertainty;
  const rows: Cell[][] = [
    [
      'setup',
      `${report.model} on ${report.gpusPerReplica} x ${report.gpu} (${parallel}), ${weights}, ${report.kvCachePrecision} KV cache, ${report.engine}`,
    ],
    ['request', `${report.inputTokens} input + ${report.outputTokens} output tokens`],
    ['SLO', slo],
    ['KV cache per token', `${formatCount(report.kvCacheBytesPerToken)} bytes`],
    ['max concurrent sequences', String(report.maxConcurrentSequences)],
    ['operating concurrency', String(report.operatingConcurrency)],
    ['prefill tokens/s (replica)', formatCount(report.prefillTokensPerSecond)],
    ['decode tokens/s (replica, at operating point)', formatCount(report.decodeTokensPerSecond)],
    ['output tokens/s (replica)', formatCount(report.outputTokensPerSecond)],
    ['TTFT p95 / mean (ms)', `${fixed(report.ttftMs, 0)} / ${fixed(report.ttftMeanMs, 0)}`],
    ['TPOT p95 / mean (ms)', `${fixed(report.tpotMs, 1)} / ${fixed(report.tpotMeanMs, 1)}`],
    ['tokens per GPU-hour (input + output)', formatCount(report.tokensPerHourPerGpu)],
    [
      'uncertainty',
      `±${Math.round(band.relativeError * 100)}% (${band.category}; ${formatCount(band.lowTokensPerHourPerGpu)}-${formatCount(band.highTokensPerHourPerGpu)} tokens per GPU-hour): the validation error of ${band.categories.join(', ')} estimates, docs/capacity-validation.md`,
    ],
  ];
  if (report.hardwareFactor)
    rows.push([
      'engine on this GPU family',
      `${report.engine} on ${report.hardwareFactor.family}: x${report.hardwareFactor.bandwidthFactor} bandwidth, x${report.hardwareFactor.computeFactor} compute efficiency`,
    ]);
  if (report.usdPerMillionTokens !== undefined && report.usdPerGpuHour !== undefined) {
    rows.push([
      'USD per 1M tokens',
      `${formatUsd(report.usdPerMillionTokens)} (at ${formatUsd(report.usdPerGpuHour)}/GPU-hour, ${Math.round((report.utilization ?? 1) * 100)}% utilization)`,
    ]);
  } else {
    rows.push(['USD per 1M tokens', 'depends on GPU price: pass --usd-per-gpu-hour']);
  }
  if (report.reason) rows.push(['warning', report.reason]);
  return rows;
}

function memoryRows(report: CapacityReport): Cell[][] {
  const memory = report.memory;
  return [
    ['weights', fixed(memory.weightsGb, 1)],
    ['KV cache', fixed(memory.kvCacheGb, 1)],
    ['activations + runtime', fixed(memory.activationAndRuntimeGb, 1)],
    ['engine headroom', fixed(memory.headroomGb, 1)],
    ['total GPU memory', fixed(memory.totalGpuMemoryGb, 1)],
  ];
}

function loadRows(report: CapacityReport): Cell[][] {
  return report.loadCurve.map((point) => [
    point.concurrency,
    Math.round(point.outputTokensPerSecond),
    Math.round(point.ttftMs),
    Number(point.tpotMs.toFixed(1)),
  ]);
}

const loadColumns = ['concurrency', 'output tok/s', 'TTFT p95 ms', 'TPOT p95 ms'];

/** Terminal rendering. @example renderCapacityTable(report) // "Capacity\n--------\n..." */
export function renderCapacityTable(report: CapacityReport): string {
  return [
    renderTextTable(['capacity', 'value'], summaryRows(report), { rightAligned: [false, false] }),
    '',
    renderTextTable(['memory', 'GB'], memoryRows(report), { rightAligned: [false, true] }),
    '',
    renderTextTable(loadColumns, loadRows(report)),
    '',
    `Sources: ${report.sources.gpu}; ${report.sources.model}; ${report.sources.engine}.`,
    'Latencies are model estimates (p95 = tail heuristic); see docs/capacity.md and docs/capacity-validation.md.',
  ].join('\n');
}

function markdownTable(columns: string[], rows: Cell[][], rightAligned: boolean[]): string {
  const text = (cell: Cell) => (cell === null || cell === undefined ? '' : String(cell).replace(/\|/g, '\\|'));
  return [
    `| ${columns.join(' | ')} |`,
    `| ${rightAligned.map((right) => (right ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(text).join(' | ')} |`),
  ].join('\n');
}

/** Markdown rendering. @example renderCapacityMarkdown(report).startsWith('## Capacity:') */
export function renderCapacityMarkdown(report: CapacityReport): string {
  return [
    `## Capacity: ${report.model} on ${report.gpusPerReplica} x ${report.gpu}`,
    '',
    markdownTable(['', 'value'], summaryRows(report), [false, false]),
    '',
    '### Memory',
    '',
    markdownTable(['part', 'GB'], memoryRows(report), [false, true]),
    '',
    '### Load curve',
    '',
    markdownTable(loadColumns, loadRows(report), [true, true, true, true]),
    '',
    `Sources: ${report.sources.gpu}; ${report.sources.model}; ${report.sources.engine}.`,
    '',
  ].join('\n');
}

/** The report in one of its formats: JSON (the model itself), a terminal table or Markdown. */
export function renderCapacity(report: CapacityReport, format: 'table' | 'json' | 'markdown'): string {
  if (format === 'json') return JSON.stringify(report, null, 2);
  return format === 'markdown' ? renderCapacityMarkdown(report) : renderCapacityTable(report);
}
