/**
 * Cost models for options that run GPUs: self-hosted (your own cloud GPUs) and
 * cloud-managed endpoints (same GPUs plus the provider's markup, less ops work).
 *
 * Counts what the seeds call the hidden costs: whole GPUs sized for peak with N+1
 * redundancy, idle capacity, ops staffing as fractions of loaded salaries, one-off setup
 * engineering, the model-upgrade cycle, storage and egress, on-call, eval infrastructure
 * and observability.
 */
import { HOURS_PER_MONTH, yearlyToMonthlyUsd } from '../units/time.ts';
import type { Staffing } from '../workload/schema.ts';
import type { WorkloadVolume } from '../workload/volume.ts';
import { costComponent, type CostComponent, type PriceSource } from './types.ts';
import { sizeFleetInWholeInstances } from './instances.ts';

export interface GpuFleetSpec {
  /** e.g. `h100-sxm`. */
  gpuId: string;
  usdPerGpuHour: number;
  priceSource: PriceSource;
  /** Input + output tokens one GPU processes per hour at full load. */
  tokensPerHourPerGpu: number;
  throughputSource: string;
  /** Tensor-parallel group size: GPUs come in whole replicas. */
  gpusPerReplica: number;
  /** Share of a replica's throughput planned for at peak (latency headroom). */
  targetPeakUtilization: number;
  /** Extra replicas for failover (1 = N+1). */
  redundancyReplicas: number;
  /**
   * GPUs per instance when the cloud sells the instance whole (AWS p5: 8): the fleet's GPUs
   * are rounded up to whole instances, the extra GPUs run as extra replicas. Absent: per GPU.
   */
  wholeInstanceGpus?: number;
}

export interface OpsInputs {
  engineerLoadedCostUsdPerYear: number;
  staffing: Staffing;
  /** Why the FTEs are what they are (e.g. "new hires: no ML-ops capacity"). */
  staffingNote?: string;
}

export interface FleetSizing {
  servingReplicas: number;
  replicas: number;
  gpus: number;
  gpuHoursPaidPerMonth: number;
  gpuHoursBusyPerMonth: number;
  /** Busy / paid GPU-hours. */
  utilization: number;
}

const storageUsdPerGbMonth = 0.1;
const egressUsdPerGb = 0.09;
const bytesPerOutputToken = 4;
/** The date of the seed articles' cost assumptions (staffing shares, on-call, evals, storage, egress). */
export const ASSUMPTIONS_AS_OF = '2025-06-01';
const assumptionAsOf = ASSUMPTIONS_AS_OF;

/**
 * Paid vs busy GPU-hours for a month. Busy hours are the tokens divided by per-GPU
 * throughput; the rest of the paid hours are idle. An autoscaled fleet pays only
 * `paidGpuHoursShare` of the hours a fixed fleet of its peak size would.
 *
 * @example
 * // 600M tokens/month on 4 GPUs at 4M tokens/h each: paid 4 x 720 = 2,880 h; busy 600M / 4M = 150 h;
 * // utilization 150 / 2880 = 5.2%. Autoscaled to half the hours: paid 1,440 h, utilization 10.4%.
 * fleetUtilization(600e6, 4, 4e6) // { gpuHoursPaidPerMonth: 2880, gpuHoursBusyPerMonth: 150, utilization: 0.052083 }
 * fleetUtilization(600e6, 4, 4e6, 0.5).gpuHoursPaidPerMonth === 1440
 */
export function fleetUtilization(
  tokensPerMonth: number,
  gpus: number,
  tokensPerHourPerGpu: number,
  paidGpuHoursShare = 1,
): Pick<FleetSizing, 'gpuHoursPaidPerMonth' | 'gpuHoursBusyPerMonth' | 'utilization'> {
  const gpuHoursPaidPerMonth = gpus * HOURS_PER_MONTH * paidGpuHoursShare;
  const gpuHoursBusyPerMonth = Math.min(gpuHoursPaidPerMonth, tokensPerMonth / tokensPerHourPerGpu);
  return {
    gpuHoursPaidPerMonth,
    gpuHoursBusyPerMonth,
    utilization: gpuHoursPaidPerMonth === 0 ? 0 : gpuHoursBusyPerMonth / gpuHoursPaidPerMonth,
  };
}

/**
 * The volume-independent monthly cost of running a self-hosted fleet, GPUs aside: staff
 * shares, on-call, eval infrastructure, observability and storage (the honest crossover's
 * fixed costs).
 * @example
 * // Defaults: (0.5 + 0.75) x $15,000 + $2,000 + $500 + $300 + 500 GB x $0.10 = $21,600
 * fixedOperatingUsdPerMonth({ engineerLoadedCostUsdPerYear: 180_000, staffing: defaults }) === 21_600
 */
export function fixedOperatingUsdPerMonth(ops: OpsInputs): number {
  const staffing = ops.staffing;
  return (
    (staffing.sreFte + staffing.mlEngineerFte) * yearlyToMonthlyUsd(ops.engineerLoadedCostUsdPerYear) +
    staffing.onCallUsdPerMonth +
    staffing.evalInfraUsdPerMonth +
    staffing.observabilityUsdPerMonth +
    staffing.storageGb * storageUsdPerGbMonth
  );
}

export interface GpuOptionCosts {
  components: CostComponent[];
  sizing: FleetSizing;
}

export interface GpuOptionSettings {
  /** Multiplier on the GPU price (cloud-managed markup: 1.3 = +30%). */
  gpuPriceFactor: number;
  /** Multiplier on SRE time, on-call and setup (cloud-managed: the provider runs the compute). */
  infraOpsFactor: number;
  /** Label prefix for component names. */
  label: string;
}

export const selfHostedSettings: GpuOptionSettings = { gpuPriceFactor: 1, infraOpsFactor: 1, label: 'self-hosted' };

/**
 * Settings for a cloud-managed endpoint: GPUs cost `1 + markup` times the raw price, and
 * the provider does half of the infrastructure work (SRE share, on-call, setup), while
 * the model work (ML engineer share, upgrades, evals) stays with you.
 * @example cloudManagedSettings(0.3).gpuPriceFactor === 1.3
 */
export function cloudManagedSettings(markup: number): GpuOptionSettings {
  return { gpuPriceFactor: 1 + markup, infraOpsFactor: 0.5, label: 'cloud-managed' };
}

/** What a month's GPU costs depend on beyond the fleet: the share of tokens it serves, the peak it is sized for, the hours it pays. */
export interface GpuFleetPortion {
  tokenShare?: number;
  sizingPeakTokensPerHour?: number;
  paidGpuHoursShare?: number;
}

/**
 * Monthly cost components of a GPU fleet sized for the workload's peak.
 *
 * @example
 * // 600M tokens/month, peak 2x mean (1.667M tokens/h), H100 at $4/h doing 4M tokens/h, 1 GPU per replica,
 * // 80% target, N+1 -> 1 serving + 1 spare = 2 GPUs: 2 x 720 x $4 = $5,760/month in GPUs
 * // (150 busy GPU-hours = $600, 1,290 idle = $5,160); with staffing SRE 0.25 x $15,000 = $3,750; ML engineer
 * // 0.4 x $15,000 = $6,000; on-call $2,000; evals $500; observability $300; storage 500 GB x $0.10 = $50;
 * // egress 150M x 4 B = 0.6 GB x $0.09 = $0.054. Recurring total $18,360.05; setup 2 engineer-months
 * // = $30,000 once; an upgrade (1 engineer-month = $15,000) every 6 months.
 */
export function gpuOptionComponents(
  volume: WorkloadVolume,
  fleet: GpuFleetSpec,
  ops: OpsInputs,
  settings: GpuOptionSettings = selfHostedSettings,
  portion: GpuFleetPortion = {},
): GpuOptionCosts {
  return gpuFleetCosting(fleet, ops, settings)(volume, portion);
}

/**
 * `gpuOptionComponents` for one fleet, staffing and settings, as a function of the month's
 * volume: the components that do not depend on the volume (staff shares, on-call, evals,
 * observability, storage, setup, upgrades) are built once and shared by every month, so
 * costing a horizon month by month re-derives only the GPU-hours and the egress. The same
 * numbers in the same order as `gpuOptionComponents`; `namePrefix` names every component
 * `<prefix>: <name>` (a hybrid's self-hosted part).
 * @example
 * // The doc example of gpuOptionComponents, costed for two months of one fleet: $18,360.05 each.
 * const costAt = gpuFleetCosting(h100Fleet, ops, selfHostedSettings);
 * totalMonthlyUsd(costAt(volume).components) === totalMonthlyUsd(gpuOptionComponents(volume, h100Fleet, ops).components) // 18,360.05
 */
export function gpuFleetCosting(
  fleet: GpuFleetSpec,
  ops: OpsInputs,
  settings: GpuOptionSettings = selfHostedSettings,
  namePrefix?: string,
): (volume: WorkloadVolume, portion?: GpuFleetPortion) => GpuOptionCosts {
  const named = (name: string) => (namePrefix === undefined ? name : `${namePrefix}: ${name}`);
  const gpuUsdPerHour = fleet.usdPerGpuHour * settings.gpuPriceFactor;
  const engineerUsdPerMonth = yearlyToMonthlyUsd(ops.engineerLoadedCostUsdPerYear);
  const staffing = ops.staffing;
  const assumption = (name: string) => ({ name: `assumption:${name}`, asOf: assumptionAsOf });
  const gpuSource = {
    name: `${fleet.priceSource.name}; throughput: ${fleet.throughputSource}`,
    asOf: fleet.priceSource.asOf,
  };
  const staffNote = ops.staffingNote ? ` (${ops.staffingNote})` : '';
  const sizingInput = {
    peakTokensPerHour: 0,
    tokensPerHourPerGpu: fleet.tokensPerHourPerGpu,
    gpusPerReplica: fleet.gpusPerReplica,
    targetPeakUtilization: fleet.targetPeakUtilization,
    redundancyReplicas: fleet.redundancyReplicas,
    ...(fleet.wholeInstanceGpus !== undefined ? { wholeInstanceGpus: fleet.wholeInstanceGpus } : {}),
  };
  // Whatever the volume: staff shares, on-call, evals, observability, storage.
  const operating: CostComponent[] = [
    costComponent({
      name: named(`SRE time${staffNote}`),
      category: 'people',
      unit: 'FTE-month',
      quantity: staffing.sreFte * settings.infraOpsFactor,
      unitPriceUsd: engineerUsdPerMonth,
      usageBased: false,
      source: assumption(
        'staffing: organization.staffing.sreFte (default 0.5: seeds, $15k-$25k/month for an SRE and an ML-engineer share)',
      ),
    }),
    costComponent({
      name: named(`ML engineer time${staffNote}`),
      category: 'people',
      unit: 'FTE-month',
      quantity: staffing.mlEngineerFte,
      unitPriceUsd: engineerUsdPerMonth,
      usageBased: false,
      source: assumption(
        'staffing: organization.staffing.mlEngineerFte (default 0.75: seeds, $15k-$25k/month for an SRE and an ML-engineer share)',
      ),
    }),
    costComponent({
      name: named('on-call rotation'),
      category: 'people',
      unit: 'month',
      quantity: settings.infraOpsFactor,
      unitPriceUsd: staffing.onCallUsdPerMonth,
      usageBased: false,
      source: assumption('on-call stipend'),
    }),
    costComponent({
      name: named('eval infrastructure'),
      category: 'infra',
      unit: 'month',
      quantity: 1,
      unitPriceUsd: staffing.evalInfraUsdPerMonth,
      usageBased: false,
      source: assumption('eval infrastructure'),
    }),
    costComponent({
      name: named('observability'),
      category: 'infra',
      unit: 'month',
      quantity: 1,
      unitPriceUsd: staffing.observabilityUsdPerMonth,
      usageBased: false,
      source: assumption('observability'),
    }),
    costComponent({
      name: named('storage (weights, images, logs)'),
      category: 'infra',
      unit: 'GB-month',
      quantity: staffing.storageGb,
      unitPriceUsd: storageUsdPerGbMonth,
      usageBased: false,
      source: assumption('block storage $0.10/GB-month'),
    }),
  ];
  const oneOffs: CostComponent[] = [];
  const setupMonths = staffing.setupEngineerMonths * settings.infraOpsFactor;
  if (setupMonths > 0) {
    oneOffs.push(
      costComponent({
        name: named('setup engineering (serving stack, autoscaling, monitoring)'),
        category: 'people',
        unit: 'engineer-month',
        quantity: setupMonths,
        unitPriceUsd: engineerUsdPerMonth,
        usageBased: false,
        oneOff: { monthIndex: 0 },
        source: assumption('setup 1-2 engineer-months (seeds)'),
      }),
    );
  }
  if (staffing.upgradeEngineerMonths > 0) {
    oneOffs.push(
      costComponent({
        name: named(`model upgrade every ${staffing.upgradeIntervalMonths} months (re-tune, re-eval, re-deploy)`),
        category: 'people',
        unit: 'engineer-month',
        quantity: staffing.upgradeEngineerMonths,
        unitPriceUsd: engineerUsdPerMonth,
        usageBased: false,
        oneOff: { monthIndex: staffing.upgradeIntervalMonths, repeatEveryMonths: staffing.upgradeIntervalMonths },
        source: assumption('upgrade cycle every 3-6 months (seeds)'),
      }),
    );
  }
  const egressSource = assumption('egress $0.09/GB, 4 bytes per output token');
  return (volume, portion = {}) => {
    const share = portion.tokenShare ?? 1;
    sizingInput.peakTokensPerHour = portion.sizingPeakTokensPerHour ?? volume.peakTokensPerHour * share;
    const { servingReplicas, replicas, gpus } = sizeFleetInWholeInstances(sizingInput);
    const usage = fleetUtilization(
      volume.tokensPerMonth * share,
      gpus,
      fleet.tokensPerHourPerGpu,
      portion.paidGpuHoursShare ?? 1,
    );
    const idleHours = usage.gpuHoursPaidPerMonth - usage.gpuHoursBusyPerMonth;
    const egressGb = (volume.outputTokensPerMonth * share * bytesPerOutputToken) / 1e9;
    const components: CostComponent[] = [
      costComponent({
        name: named(
          `${fleet.gpuId} GPU-hours busy (${gpus} GPUs = ${replicas} replicas incl. ${replicas - servingReplicas} spare${fleet.wholeInstanceGpus ? `, in ${gpus / fleet.wholeInstanceGpus} whole ${fleet.wholeInstanceGpus}-GPU instances` : ''})`,
        ),
        category: 'gpu',
        unit: 'GPU-hour',
        quantity: usage.gpuHoursBusyPerMonth,
        unitPriceUsd: gpuUsdPerHour,
        usageBased: false,
        source: gpuSource,
      }),
      costComponent({
        name: named(`${fleet.gpuId} GPU-hours idle (${(100 * (1 - usage.utilization)).toFixed(1)}% of paid hours)`),
        category: 'gpu',
        unit: 'GPU-hour',
        quantity: idleHours,
        unitPriceUsd: gpuUsdPerHour,
        usageBased: false,
        source: gpuSource,
      }),
      ...operating,
      costComponent({
        name: named('egress (responses)'),
        category: 'infra',
        unit: 'GB',
        quantity: egressGb,
        unitPriceUsd: egressUsdPerGb,
        usageBased: true,
        source: egressSource,
      }),
      ...oneOffs,
    ];
    return { components, sizing: { servingReplicas, replicas, gpus, ...usage } };
  };
}
