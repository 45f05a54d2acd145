/**
 * The difference between two plan reports (after infracost's `diff`): the headline change
 * (recommendation, first-month cost, TCO), the inputs that differ, then per workload each
 * option matched by its slot (kind and role, never by an id that names the GPU or the
 * offer) with its cost change, and per option each cost component matched by its role
 * (category, unit and position, since component names carry the GPU and its count). Pure:
 * two report models (and, when known, the two profiles) in, one diff model out.
 */
import type { CostComponent } from '../core/cost/types.ts';
import type { OptionKind } from '../core/decide/types.ts';
import type { PlanReport, ReportWorkload, ReportWorkloadOption } from './plan-report.ts';
import { sizingSummary } from './plan-tables.ts';

/** One input that differs: its path (`workloads[0].choices.gpu`) and both values (undefined: absent). */
export interface InputDifference {
  path: string;
  before: unknown;
  after: unknown;
}

/** A money figure before and after (null: absent on that side) and the change (null unless both exist). */
export interface MoneyChange {
  beforeUsd: number | null;
  afterUsd: number | null;
  changeUsd: number | null;
}

export interface ComponentDiff {
  /** The role: category, unit and its position among components of that category and unit. */
  role: string;
  beforeName: string | null;
  afterName: string | null;
  /** Recurring monthly cost, or the one-off cost for one-off components. */
  monthly: MoneyChange;
  oneOff: boolean;
}

export interface OptionDiff {
  /** `self-hosted`, `hybrid:split`, ...: the same for the same kind of option whatever it runs. */
  slot: string;
  kind: OptionKind;
  status: 'changed' | 'unchanged' | 'added' | 'removed';
  beforeLabel: string | null;
  afterLabel: string | null;
  beforeEligible: boolean | null;
  afterEligible: boolean | null;
  monthly: MoneyChange;
  tco: MoneyChange;
  beforeSizing: string | null;
  afterSizing: string | null;
  /** Components whose cost or name changed, or that exist on one side only. */
  components: ComponentDiff[];
}

export interface RecommendationSide {
  slot: string;
  kind: OptionKind;
  label: string;
  monthlyCostUsd: number;
  tcoUsd: number;
}

export interface WorkloadDiff {
  name: string;
  status: 'both' | 'only-before' | 'only-after';
  recommendation: { before: RecommendationSide | null; after: RecommendationSide | null; changed: boolean };
  options: OptionDiff[];
}

export interface PlanDiff {
  report: 'switchyard.plan-diff';
  schemaVersion: 1;
  before: { name: string; title: string; horizonMonths: number };
  after: { name: string; title: string; horizonMonths: number };
  headline: {
    recommendationChanged: boolean;
    beforeOption: OptionKind;
    afterOption: OptionKind;
    monthly: MoneyChange;
    tco: MoneyChange;
  };
  inputs: InputDifference[];
  workloads: WorkloadDiff[];
}

/**
 * The option's slot, from the report: hybrids are keyed by their slot already; other kinds
 * have one option per kind.
 * @example reportOptionSlot({ kind: 'self-hosted', id: 'self-hosted:llama-3.1-70b@h100-sxm' }) === 'self-hosted'
 * @example reportOptionSlot({ kind: 'hybrid', id: 'hybrid:split' }) === 'hybrid:split'
 */
export function reportOptionSlot(option: { kind: OptionKind; id: string }): string {
  return option.kind === 'hybrid' ? option.id : option.kind;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Every leaf that differs between two plain values, with its path.
 * @example
 * inputDifferences({ a: 1, b: { c: 'x' }, d: [1, 2] }, { a: 1, b: { c: 'y' }, d: [1] })
 * // [{ path: 'b.c', before: 'x', after: 'y' }, { path: 'd[1]', before: 2, after: undefined }]
 */
export function inputDifferences(before: unknown, after: unknown, path = ''): InputDifference[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, index) =>
      inputDifferences(before[index], after[index], `${path}[${index}]`),
    ).flat();
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => inputDifferences(before[key], after[key], path === '' ? key : `${path}.${key}`));
  }
  if (Object.is(before, after)) return [];
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path === '' ? '(root)' : path, before, after }];
}

/**
 * What the reports themselves say about their inputs (two stored plan JSONs carry no
 * profile): the organization, and per workload its volume, growth and the configuration
 * of each GPU option.
 */
export function reportInputs(report: PlanReport): Record<string, unknown> {
  return {
    organization: report.organization,
    workloads: Object.fromEntries(
      report.workloads.map((workload) => [
        workload.name,
        {
          tokensPerMonth: workload.tokensPerMonth,
          requestsPerMonth: workload.requestsPerMonth,
          monthlyGrowthRate: workload.monthlyGrowthRate,
          configurations: Object.fromEntries(
            workload.options.flatMap((option) =>
              option.sizing?.configuration ? [[reportOptionSlot(option), option.sizing.configuration]] : [],
            ),
          ),
        },
      ]),
    ),
  };
}

/**
 * A money change.
 * @example moneyChange(100, 130) // { beforeUsd: 100, afterUsd: 130, changeUsd: 30 }
 */
export function moneyChange(beforeUsd: number | null, afterUsd: number | null): MoneyChange {
  return {
    beforeUsd,
    afterUsd,
    changeUsd: beforeUsd !== null && afterUsd !== null ? Math.round((afterUsd - beforeUsd) * 100) / 100 : null,
  };
}

/** Components keyed by role: category, unit and position among components with both. */
function componentsByRole(components: ReadonlyArray<CostComponent>): Map<string, CostComponent> {
  const seen = new Map<string, number>();
  const byRole = new Map<string, CostComponent>();
  for (const component of components) {
    const base = `${component.category} · ${component.unit}`;
    const position = seen.get(base) ?? 0;
    seen.set(base, position + 1);
    byRole.set(position === 0 ? base : `${base} #${position + 1}`, component);
  }
  return byRole;
}

const componentCost = (component: CostComponent | undefined): number | null =>
  component === undefined ? null : (component.oneOffCostUsd ?? component.monthlyCostUsd);

function componentDiffs(before: ReadonlyArray<CostComponent>, after: ReadonlyArray<CostComponent>): ComponentDiff[] {
  const beforeByRole = componentsByRole(before);
  const afterByRole = componentsByRole(after);
  const roles = [...new Set([...beforeByRole.keys(), ...afterByRole.keys()])];
  return roles.flatMap((role) => {
    const first = beforeByRole.get(role);
    const second = afterByRole.get(role);
    const monthly = moneyChange(componentCost(first), componentCost(second));
    if (first && second && monthly.changeUsd === 0 && first.name === second.name) return [];
    return [
      {
        role,
        beforeName: first?.name ?? null,
        afterName: second?.name ?? null,
        monthly,
        oneOff: (first ?? second)?.oneOffCostUsd !== undefined,
      },
    ];
  });
}

function optionDiff(before: ReportWorkloadOption | undefined, after: ReportWorkloadOption | undefined): OptionDiff {
  const either = (after ?? before) as ReportWorkloadOption;
  const monthly = moneyChange(before?.monthlyCostUsd ?? null, after?.monthlyCostUsd ?? null);
  const tco = moneyChange(before?.tcoUsd ?? null, after?.tcoUsd ?? null);
  const components = componentDiffs(before?.components ?? [], after?.components ?? []);
  const beforeSizing = before?.sizing ? sizingSummary(before.sizing) : null;
  const afterSizing = after?.sizing ? sizingSummary(after.sizing) : null;
  const unchanged =
    before !== undefined &&
    after !== undefined &&
    monthly.changeUsd === 0 &&
    tco.changeUsd === 0 &&
    before.label === after.label &&
    before.eligible === after.eligible &&
    beforeSizing === afterSizing &&
    components.length === 0;
  return {
    slot: reportOptionSlot(either),
    kind: either.kind,
    status: before === undefined ? 'added' : after === undefined ? 'removed' : unchanged ? 'unchanged' : 'changed',
    beforeLabel: before?.label ?? null,
    afterLabel: after?.label ?? null,
    beforeEligible: before?.eligible ?? null,
    afterEligible: after?.eligible ?? null,
    monthly,
    tco,
    beforeSizing,
    afterSizing,
    components,
  };
}

function recommendationSide(workload: ReportWorkload | undefined): RecommendationSide | null {
  if (!workload) return null;
  const chosen = workload.options.find((option) => option.id === workload.recommendation.optionId);
  if (!chosen) return null;
  return {
    slot: reportOptionSlot(chosen),
    kind: chosen.kind,
    label: chosen.label,
    monthlyCostUsd: chosen.monthlyCostUsd,
    tcoUsd: chosen.tcoUsd,
  };
}

function workloadDiff(before: ReportWorkload | undefined, after: ReportWorkload | undefined): WorkloadDiff {
  const slotsBefore = new Map((before?.options ?? []).map((option) => [reportOptionSlot(option), option]));
  const slotsAfter = new Map((after?.options ?? []).map((option) => [reportOptionSlot(option), option]));
  const slots = [...new Set([...slotsBefore.keys(), ...slotsAfter.keys()])];
  const first = recommendationSide(before);
  const second = recommendationSide(after);
  const beforeName = before?.name;
  const afterName = after?.name;
  return {
    name:
      beforeName && afterName && beforeName !== afterName
        ? `${beforeName} -> ${afterName}`
        : (afterName ?? beforeName ?? ''),
    status: before && after ? 'both' : before ? 'only-before' : 'only-after',
    recommendation: {
      before: first,
      after: second,
      changed: first?.slot !== second?.slot || first?.label !== second?.label,
    },
    options: slots.map((slot) => optionDiff(slotsBefore.get(slot), slotsAfter.get(slot))),
  };
}

/**
 * The diff of two plan reports. `profiles`, when given, are the two profiles (as parsed)
 * whose differing fields are listed; otherwise the inputs the reports record are compared.
 * @example
 * // The same profile with the GPU changed from a100-80gb to h100-sxm: the self-hosted
 * // options match by slot and show as one changed option, never as "removed" + "added".
 * diffPlans(a100Report, h100Report).workloads[0].options.find((option) => option.slot === 'self-hosted').status === 'changed'
 */
export function diffPlans(
  before: { name: string; report: PlanReport; profile?: unknown },
  after: { name: string; report: PlanReport; profile?: unknown },
): PlanDiff {
  // Workloads pair by name; those left over pair in order (one workload renamed still pairs).
  const afterByName = new Map(after.report.workloads.map((workload) => [workload.name, workload]));
  const beforeNames = new Set(before.report.workloads.map((workload) => workload.name));
  const leftoverAfter = after.report.workloads.filter((workload) => !beforeNames.has(workload.name));
  const pairs: Array<[ReportWorkload | undefined, ReportWorkload | undefined]> = before.report.workloads.map(
    (workload) => [workload, afterByName.get(workload.name) ?? leftoverAfter.shift()],
  );
  for (const workload of leftoverAfter) pairs.push([undefined, workload]);
  const inputs =
    before.profile !== undefined && after.profile !== undefined
      ? inputDifferences(before.profile, after.profile)
      : inputDifferences(reportInputs(before.report), reportInputs(after.report));
  const side = (entry: { name: string; report: PlanReport }) => ({
    name: entry.name,
    title: entry.report.title,
    horizonMonths: entry.report.organization.horizonMonths,
  });
  const workloads = pairs.map(([first, second]) => workloadDiff(first, second));
  return {
    report: 'switchyard.plan-diff',
    schemaVersion: 1,
    before: side(before),
    after: side(after),
    headline: {
      recommendationChanged:
        before.report.recommendation.option !== after.report.recommendation.option ||
        workloads.some((workload) => workload.recommendation.changed),
      beforeOption: before.report.recommendation.option,
      afterOption: after.report.recommendation.option,
      monthly: moneyChange(before.report.recommendation.monthlyCostUsd, after.report.recommendation.monthlyCostUsd),
      tco: moneyChange(before.report.recommendation.tcoUsd, after.report.recommendation.tcoUsd),
    },
    inputs,
    workloads,
  };
}
