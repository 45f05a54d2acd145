import { describe, expect, it } from 'vitest';
import { summarizeDemand } from '../core/traffic/demand.ts';
import { parseFleetSpec } from '../core/traffic/fleet-spec.ts';
import { simulateFleets } from '../core/traffic/simulate.ts';
import {
  renderSimulationMarkdown,
  renderSimulationTable,
  simulationReportJson,
  type SimulationReport,
} from './simulation-report.ts';

// 60 minutes at 1,000 tokens/minute against 120k tokens/hour per GPU at $2/GPU-hour (the simulate.ts example).
const demand = new Float64Array(60).fill(1000);
const fleets = simulateFleets({
  demandTokensPerMinute: demand,
  tokensPerHourPerGpu: 120_000,
  gpusPerReplica: 1,
  gpuUsdPerHour: 2,
  overflowUsdPerMillionTokens: 10,
  policies: [parseFleetSpec('fixed:1'), parseFleetSpec('fixed:0'), parseFleetSpec('spot:3')],
  seed: 1,
});
const report: SimulationReport = {
  workload: 'chat',
  demandSource: 'profile',
  months: 1,
  minutes: 60,
  seed: 1,
  startMinuteOfWeek: 0,
  firstMonth: summarizeDemand(demand),
  horizon: summarizeDemand(demand),
  profilePeakToMeanRatio: 1,
  assumptions: {
    tokensPerHourPerGpu: 120_000,
    gpusPerReplica: 1,
    gpuUsdPerHour: 2,
    overflowUsdPerMillionTokens: 10,
    sloPercentile: 0.95,
    sequencesPerReplica: 16,
    allowedWaitShare: 0.5,
  },
  notes: ['a report note'],
  fleets,
};

describe('simulation report', () => {
  it('JSON: policy is the spec, money in cents, the documented figures', () => {
    const json = simulationReportJson(report) as { fleets: Array<Record<string, unknown>> };
    expect(json.fleets[0]).toMatchObject({
      policy: 'fixed:1',
      policyDetails: { kind: 'fixed', gpus: 1, overflow: 'api' },
      meanUtilization: 0.5,
      gpuHoursPaid: 1,
      gpuHoursUsed: 0.5,
      idleCostUsd: 1,
      minutesOverCapacity: 0,
      overflowTokens: 0,
      totalCostUsd: 2,
    });
    expect(json.fleets[1]).toMatchObject({
      policy: 'fixed:0',
      overflowTokens: 60_000,
      overflowCostUsd: 0.6,
      totalCostUsd: 0.6,
    });
    expect(json.fleets[2]).toMatchObject({ policy: 'spot:3', gpuUsdPerHour: 0.8, gpuCostUsd: 2.4 });
  });

  it('table: one row per fleet, notes at the end', () => {
    const text = renderSimulationTable(report);
    expect(text).toMatch(/^Traffic simulation: chat \(profile\), 1 months/);
    expect(text).toMatch(/fixed:1 +50\.0% +1\.0\/1 +1 +0\.5 +\$1\.00 +0 +0 +\$0\.00 +\d+ +\$2\.00 +\$33\.33/);
    expect(text).toMatch(/fixed:0 +0\.0% .* \$0\.60 /);
    expect(text).toMatch(/- a report note/);
    expect(text).toMatch(/- spot:3: spot price assumed 40% of on-demand: \$0\.80\/GPU-hour/);
  });

  it('Markdown: a title, the assumptions and a pipe table', () => {
    const markdown = renderSimulationMarkdown(report);
    expect(markdown.startsWith('# Traffic simulation: chat\n')).toBe(true);
    expect(markdown).toMatch(/\| fleet \| mean util \|/);
    expect(markdown).toMatch(/\| fixed:1 \| 50\.0% \|/);
  });
});
