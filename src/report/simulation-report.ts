/**
 * The simulation report: one model (what `switchyard simulate` ran and found) and its
 * renderers — terminal table, Markdown, JSON (the model with money rounded to cents).
 */
import type { DemandSummary } from '../core/traffic/demand.ts';
import type { FleetPolicy } from '../core/traffic/fleet-spec.ts';
import type { FleetSimulationResult } from '../core/traffic/simulate.ts';
import { roundUsd } from '../core/units/time.ts';
import { formatCount, formatUsd, renderTextTable, type Cell } from './text-table.ts';

export interface SimulationAssumptions {
  tokensPerHourPerGpu: number;
  gpusPerReplica: number;
  gpuUsdPerHour: number;
  overflowUsdPerMillionTokens?: number;
  sloPercentile: number;
  sequencesPerReplica: number;
  allowedWaitShare: number;
}

export interface SimulationReport {
  workload: string;
  /** 'profile' (generated from the traffic section) or the trace file name. */
  demandSource: string;
  months: number;
  minutes: number;
  seed: number;
  startMinuteOfWeek: number;
  /** Summary of the first 30 days (before growth compounds). */
  firstMonth: DemandSummary;
  /** Summary of the whole horizon. */
  horizon: DemandSummary;
  /** The profile's traffic.peakToMeanRatio (absent for a trace). */
  profilePeakToMeanRatio?: number;
  assumptions: SimulationAssumptions;
  notes: string[];
  fleets: FleetSimulationResult[];
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** The policy's own fields without the spec text. */
function policyDetails(policy: FleetPolicy): Omit<FleetPolicy, 'spec'> {
  const { spec, ...details } = policy;
  void spec;
  return details;
}

/**
 * JSON form: per fleet `policy` (the spec text), `policyDetails` (parsed fields), the
 * figures, money rounded to cents, utilizations to 4 decimals, token counts to whole tokens.
 *
 * @example simulationReportJson(report).fleets[0] // 1 GPU at half load for an hour: { policy: 'fixed:1', meanUtilization: 0.5, gpuHoursPaid: 1, idleCostUsd: 1, totalCostUsd: 2, ... }
 */
export function simulationReportJson(report: SimulationReport): Record<string, unknown> {
  return {
    workload: report.workload,
    demandSource: report.demandSource,
    months: report.months,
    minutes: report.minutes,
    seed: report.seed,
    startMinuteOfWeek: report.startMinuteOfWeek,
    demand: {
      meanTokensPerHourFirstMonth: Math.round(report.firstMonth.meanTokensPerHour),
      peakToMeanRatioFirstMonth: round(report.firstMonth.peakToMeanRatio, 3),
      profilePeakToMeanRatio: report.profilePeakToMeanRatio,
      totalTokens: Math.round(report.horizon.totalTokens),
      peakHourTokens: Math.round(report.horizon.peakHourTokens),
    },
    assumptions: report.assumptions,
    notes: report.notes,
    fleets: report.fleets.map((fleet) => ({
      policy: fleet.policy.spec,
      policyDetails: policyDetails(fleet.policy),
      description: fleet.description,
      meanUtilization: round(fleet.meanUtilization, 4),
      gpuHoursPaid: round(fleet.gpuHoursPaid, 2),
      gpuHoursUsed: round(fleet.gpuHoursUsed, 2),
      idleGpuHours: round(fleet.idleGpuHours, 2),
      meanGpusPaid: round(fleet.meanGpusPaid, 3),
      peakGpusPaid: fleet.peakGpusPaid,
      gpuUsdPerHour: fleet.gpuUsdPerHour,
      gpuCostUsd: roundUsd(fleet.gpuCostUsd),
      idleCostUsd: roundUsd(fleet.idleCostUsd),
      minutesOverCapacity: fleet.minutesOverCapacity,
      overflowTokens: Math.round(fleet.overflowTokens),
      overflowCostUsd: roundUsd(fleet.overflowCostUsd),
      overflowPriced: fleet.overflowPriced,
      queuedTokensAtEnd: Math.round(fleet.queuedTokensAtEnd),
      sloMissMinutes: fleet.sloMissMinutes,
      sloUtilizationThresholds: fleet.sloUtilizationThresholds.map((entry) => ({
        replicas: entry.replicas,
        utilization: round(entry.utilization, 4),
      })),
      scaleUpEvents: fleet.scaleUpEvents,
      scaleDownEvents: fleet.scaleDownEvents,
      interruptions: fleet.interruptions,
      totalCostUsd: roundUsd(fleet.totalCostUsd),
      usdPerMillionTokens: round(fleet.usdPerMillionTokens, 4),
      utilizationByHourOfWeek: fleet.utilizationByHourOfWeek.map((value) => round(value, 4)),
      notes: fleet.notes,
    })),
  };
}

const columns = [
  'fleet',
  'mean util',
  'GPUs (mean/peak)',
  'GPU-h paid',
  'GPU-h used',
  'idle cost',
  'min over cap',
  'overflow tok',
  'overflow cost',
  'SLO-miss min',
  'total cost',
  'USD/M tok',
];

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function rows(report: SimulationReport): Cell[][] {
  return report.fleets.map((fleet) => [
    fleet.policy.spec,
    percent(fleet.meanUtilization),
    `${fleet.meanGpusPaid.toFixed(1)}/${fleet.peakGpusPaid}`,
    formatCount(fleet.gpuHoursPaid),
    formatCount(fleet.gpuHoursUsed),
    formatUsd(fleet.idleCostUsd),
    fleet.minutesOverCapacity,
    formatCount(fleet.overflowTokens),
    fleet.overflowPriced ? formatUsd(fleet.overflowCostUsd) : 'unpriced',
    fleet.sloMissMinutes,
    formatUsd(fleet.totalCostUsd),
    `$${fleet.usdPerMillionTokens.toFixed(2)}`,
  ]);
}

function headerLines(report: SimulationReport): string[] {
  const { assumptions } = report;
  const days = report.minutes / 1440;
  return [
    `Traffic simulation: ${report.workload} (${report.demandSource}), ${report.months} months = ${days.toFixed(days % 1 === 0 ? 0 : 1)} days at one-minute resolution, seed ${report.seed}`,
    `Demand: ${formatCount(report.firstMonth.meanTokensPerHour)} tokens/hour on average in month 1, busiest hour ${report.firstMonth.peakToMeanRatio.toFixed(2)}x the mean${
      report.profilePeakToMeanRatio !== undefined
        ? ` (profile: ${report.profilePeakToMeanRatio}x; bursts and per-minute noise add the rest)`
        : ''
    }; ${formatCount(report.horizon.totalTokens)} tokens in all`,
    `Capacity: ${formatCount(assumptions.tokensPerHourPerGpu)} tokens/hour per GPU, ${assumptions.gpusPerReplica} GPU(s) per replica; GPU $${assumptions.gpuUsdPerHour}/hour; overflow ${
      assumptions.overflowUsdPerMillionTokens === undefined
        ? 'unpriced'
        : `$${assumptions.overflowUsdPerMillionTokens.toFixed(2)} per 1M tokens`
    }`,
    `SLO-miss estimate: M/M/c with ${assumptions.sequencesPerReplica} sequences per replica, P${Math.round(assumptions.sloPercentile * 100)} wait <= ${assumptions.allowedWaitShare} x service time`,
  ];
}

function fleetNotes(report: SimulationReport): string[] {
  return report.fleets.flatMap((fleet) => fleet.notes.map((note) => `${fleet.policy.spec}: ${note}`));
}

/** Terminal rendering: a header, the fleets table, then notes. */
export function renderSimulationTable(report: SimulationReport): string {
  const notes = [...report.notes, ...fleetNotes(report)];
  return [
    ...headerLines(report),
    '',
    renderTextTable(columns, rows(report), { rightAligned: columns.map((_, index) => index > 0) }),
    ...(notes.length > 0 ? ['', 'Notes:', ...notes.map((note) => `- ${note}`)] : []),
  ].join('\n');
}

function escapeMarkdown(cell: Cell): string {
  return cell === null || cell === undefined ? '' : String(cell).replace(/\|/g, '\\|');
}

/** Markdown rendering: the same content as a Markdown table. */
export function renderSimulationMarkdown(report: SimulationReport): string {
  const notes = [...report.notes, ...fleetNotes(report)];
  const table = [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows(report).map((row) => `| ${row.map(escapeMarkdown).join(' | ')} |`),
  ];
  return [
    `# Traffic simulation: ${report.workload}`,
    '',
    ...headerLines(report)
      .slice(1)
      .map((line) => `- ${line}`),
    '',
    ...table,
    ...(notes.length > 0 ? ['', '## Notes', '', ...notes.map((note) => `- ${note}`)] : []),
    '',
  ].join('\n');
}

/** The report in one of its formats: JSON (`simulationReportJson`), a terminal table or Markdown. */
export function renderSimulation(report: SimulationReport, format: 'table' | 'json' | 'markdown'): string {
  if (format === 'json') return JSON.stringify(simulationReportJson(report), null, 2);
  return format === 'markdown' ? renderSimulationMarkdown(report) : renderSimulationTable(report);
}
