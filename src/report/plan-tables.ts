/**
 * The plan's tables as plain strings (the sizing of every GPU option, the configurations
 * the search considered) and the build-period note, shared by the text, Markdown and
 * HTML renderers and the dashboard.
 */
import type { ConfigurationAlternative, FleetConfiguration, OptionSizing } from '../core/decide/types.ts';
import { configurationLabel, fleetPolicyNames } from './plan-english.ts';
import { formatUsd } from './text-table.ts';

/**
 * The team a fleet needs, in FTE shares.
 * @example staffingLabel({ sreFte: 0.5, mlEngineerFte: 0.75 }) === '0.5 SRE + 0.75 ML engineer'
 */
export function staffingLabel(staffing: { sreFte: number; mlEngineerFte: number } | undefined): string {
  if (!staffing) return '—';
  const fte = (value: number) => String(Number(value.toFixed(2)));
  return `${fte(staffing.sreFte)} SRE + ${fte(staffing.mlEngineerFte)} ML engineer`;
}

/** A table as plain strings: columns, which columns hold numbers, and one row per entry. */
export interface ReportTable {
  columns: string[];
  /** Per column: right-aligned numbers. */
  numeric: boolean[];
  rows: Array<{ optionId: string; cells: string[] }>;
}

/**
 * A configuration's pricing tier, with the offer it is priced at where the catalog names one.
 * @example pricingText({ pricing: 'reserved', offerId: 'specialist/h100-sxm' }) === 'reserved at specialist/h100-sxm'
 */
export function pricingText(configuration: Pick<FleetConfiguration, 'pricing' | 'offerId'>): string {
  return configuration.offerId ? `${configuration.pricing} at ${configuration.offerId}` : configuration.pricing;
}

/**
 * The sizing of every GPU-based option (the rows of options with a sizing): the searched
 * configuration (GPU, TP, precision, engine, pricing tier, fleet policy; "—" where the
 * plan did not report it), GPUs, replicas, mean utilization, busy and paid GPU-hours per
 * month and the staffing. The text, Markdown and HTML reports and the dashboard show this
 * same column set.
 * @example
 * sizingTable([{ id: 'self-hosted', label: 'Self-hosted', sizing: { servingReplicas: 1, replicas: 2, gpus: 4, gpuHoursPaidPerMonth: 2880, gpuHoursBusyPerMonth: 720, utilization: 0.25 } }]).rows[0].cells
 * // ['Self-hosted', '—', '2', '—', '—', '—', '—', '4', '2', '25.0%', '720', '2,880', '—'] (TP from GPUs / replicas)
 */
export function sizingTable(
  options: ReadonlyArray<{ id: string; label: string; sizing: OptionSizing | null }>,
): ReportTable {
  const columns = [
    'option',
    'GPU',
    'TP (GPUs per replica)',
    'precision',
    'engine',
    'pricing tier',
    'fleet policy',
    'GPUs',
    'replicas',
    'mean utilization',
    'GPU-hours busy/month',
    'GPU-hours paid/month',
    'staffing (FTE)',
  ];
  const numericColumns = new Set(['TP (GPUs per replica)', 'GPUs', 'replicas', 'mean utilization']);
  const hours = (value: number) => Math.round(value).toLocaleString('en-US');
  const rows = options.flatMap((option) => {
    const sizing = option.sizing;
    if (!sizing) return [];
    const configuration = sizing.configuration;
    const derivedTp =
      sizing.replicas > 0 && Number.isInteger(sizing.gpus / sizing.replicas)
        ? sizing.gpus / sizing.replicas
        : undefined;
    const tp = configuration?.gpusPerReplica ?? derivedTp;
    return [
      {
        optionId: option.id,
        cells: [
          option.label,
          configuration?.gpuId ?? '—',
          tp === undefined ? '—' : String(tp),
          configuration?.precision ?? '—',
          configuration?.engine ?? '—',
          configuration ? pricingText(configuration) : '—',
          configuration ? fleetPolicyNames[configuration.policy] : '—',
          String(sizing.gpus),
          String(sizing.replicas),
          `${(sizing.utilization * 100).toFixed(1)}%`,
          hours(sizing.gpuHoursBusyPerMonth),
          hours(sizing.gpuHoursPaidPerMonth),
          staffingLabel(sizing.staffing),
        ],
      },
    ];
  });
  return {
    columns,
    numeric: columns.map((column) => numericColumns.has(column) || column.startsWith('GPU-hours')),
    rows,
  };
}

/**
 * The configurations the search considered for a GPU option: the chosen one first (when
 * the plan reports it), then the next best with their cost and why each lost.
 */
export function alternativesTable(
  option: {
    id: string;
    eligible: boolean;
    monthlyCostUsd: number;
    tcoUsd: number;
    sizing: OptionSizing | null;
    alternatives: ReadonlyArray<ConfigurationAlternative & { why: string }>;
  },
  horizonMonths: number,
): ReportTable {
  const columns = ['configuration', 'GPUs', 'USD/month (month 1)', `TCO ${horizonMonths} mo`, 'why not chosen'];
  const chosen = option.sizing?.configuration
    ? [
        {
          optionId: option.id,
          cells: [
            configurationLabel(option.sizing.configuration),
            String(option.sizing.gpus),
            formatUsd(option.monthlyCostUsd),
            formatUsd(option.tcoUsd),
            option.eligible
              ? 'chosen: the lowest TCO that meets every hard constraint'
              : 'chosen: the closest; no configuration meets every hard constraint',
          ],
        },
      ]
    : [];
  return {
    columns,
    numeric: columns.map((_, index) => index >= 1 && index <= 3),
    rows: [
      ...chosen,
      ...option.alternatives.map((alternative) => ({
        optionId: option.id,
        cells: [
          configurationLabel(alternative.configuration),
          String(alternative.gpus),
          formatUsd(alternative.monthlyCostUsd),
          formatUsd(alternative.tcoUsd),
          alternative.why,
        ],
      })),
    ],
  };
}

/**
 * The build period in a sentence (shown under the sizing table).
 * @example buildPeriodNote(2) === 'Self-hosted fleets and hybrids serve traffic after a 2-month build period (a cloud-managed endpoint after 1); until then the hosted option serves it and its bill is paid alongside the team (counted in the TCO and the break-even month).'
 */
export function buildPeriodNote(buildPeriodMonths: number): string {
  if (buildPeriodMonths <= 0) return 'GPU fleets serve traffic from the first month (no build period).';
  const managedMonths = Math.ceil(buildPeriodMonths / 2);
  return `Self-hosted fleets and hybrids serve traffic after a ${buildPeriodMonths}-month build period (a cloud-managed endpoint after ${managedMonths}); until then the hosted option serves it and its bill is paid alongside the team (counted in the TCO and the break-even month).`;
}

/**
 * A GPU option's sizing in one line (under its name in the options table).
 * @example
 * sizingSummary({ configuration: { gpuId: 'a100-80gb', gpusPerReplica: 2, precision: 'bf16', engine: 'vllm', pricing: 'reserved', policy: 'fixed', ... }, gpus: 4, replicas: 2, utilization: 0.017, staffing: { sreFte: 0.5, mlEngineerFte: 0.75 }, ... })
 * // '4 x a100-80gb (2 replicas, TP=2), bf16, vllm, reserved, fixed 24/7; 1.7% utilized; 0.5 SRE + 0.75 ML engineer'
 */
export function sizingSummary(sizing: OptionSizing): string {
  // Reports written before the configuration was recorded carry only the counts.
  const configuration = sizing.configuration as FleetConfiguration | undefined;
  const people = sizing.staffing ? `; ${staffingLabel(sizing.staffing)}` : '';
  if (!configuration)
    return `${sizing.gpus} GPUs (${sizing.replicas} replicas); ${(sizing.utilization * 100).toFixed(1)}% utilized${people}`;
  return `${sizing.gpus} x ${configuration.gpuId} (${sizing.replicas} replica${sizing.replicas === 1 ? '' : 's'}, TP=${configuration.gpusPerReplica}), ${configuration.precision}, ${configuration.engine}, ${configuration.pricing}, ${fleetPolicyNames[configuration.policy]}; ${(sizing.utilization * 100).toFixed(1)}% utilized${people}`;
}

/**
 * A GPU option's sizing, term by term (the expandable breakdown in the dashboard and the
 * HTML report): the configuration, the fleet, the hours, the team and the GPU and people
 * cost components with their monthly cost.
 */
export function sizingBreakdown(option: {
  sizing: OptionSizing | null;
  components: ReadonlyArray<{ name: string; category: string; monthlyCostUsd: number; oneOffCostUsd?: number }>;
}): Array<{ term: string; value: string }> {
  const sizing = option.sizing;
  if (!sizing) return [];
  const configuration = sizing.configuration as FleetConfiguration | undefined;
  const hours = (value: number) => Math.round(value).toLocaleString('en-US');
  const spares = sizing.replicas - sizing.servingReplicas;
  const terms: Array<{ term: string; value: string }> = [
    ...(configuration
      ? [
          { term: 'model', value: configuration.openModelId },
          { term: 'GPU', value: configuration.gpuId },
          { term: 'tensor parallel (GPUs per replica)', value: String(configuration.gpusPerReplica) },
          { term: 'precision', value: configuration.precision },
          { term: 'engine', value: configuration.engine },
          { term: 'pricing tier', value: configuration.pricing },
          { term: 'fleet policy', value: fleetPolicyNames[configuration.policy] },
        ]
      : []),
    {
      term: 'replicas',
      value: `${sizing.replicas} (${sizing.servingReplicas} serving${spares > 0 ? ` + ${spares} spare` : ''})`,
    },
    { term: 'GPUs', value: String(sizing.gpus) },
    {
      term: 'GPU-hours per month',
      value: `${hours(sizing.gpuHoursBusyPerMonth)} busy of ${hours(sizing.gpuHoursPaidPerMonth)} paid`,
    },
    { term: 'mean utilization', value: `${(sizing.utilization * 100).toFixed(1)}%` },
    { term: 'people (FTE)', value: staffingLabel(sizing.staffing) },
  ];
  if (sizing.selfHostedShare !== undefined)
    terms.push({ term: 'share served by the fleet', value: `${(sizing.selfHostedShare * 100).toFixed(0)}%` });
  if (sizing.overflowShare !== undefined)
    terms.push({ term: 'share overflowing to the API', value: `${(sizing.overflowShare * 100).toFixed(1)}%` });
  for (const component of option.components.filter((entry) => entry.category === 'gpu' || entry.category === 'people'))
    terms.push({
      term: component.name,
      value:
        component.oneOffCostUsd !== undefined
          ? `${formatUsd(component.oneOffCostUsd)} once`
          : `${formatUsd(component.monthlyCostUsd)}/month`,
    });
  return terms;
}

/**
 * An option's cost per year of the horizon (growth and one-off costs in the month they
 * occur): the sum of each 12 months' totals; a last, partial year sums what is left.
 * @example yearlyTotalsUsd([{ totalUsd: 100 }, ...24 months of 100]) // [1200, 1200]
 */
export function yearlyTotalsUsd(months: ReadonlyArray<{ totalUsd: number }>): number[] {
  const years: number[] = [];
  months.forEach((month, index) => {
    const year = Math.floor(index / 12);
    years[year] = (years[year] ?? 0) + month.totalUsd;
  });
  return years;
}
