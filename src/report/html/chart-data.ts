/**
 * Chart data derived from the report model: where the cheapest option changes along the
 * cost curve, the projected volume at the horizon, short legend names, option colours.
 * Pure; shared by the HTML report and the dashboard.
 */
import type { ReportWorkload, ReportWorkloadOption } from '../plan-report.ts';

export interface CurveCrossover {
  tokensPerMonth: number;
  monthlyCostUsd: number;
  /** Option ids: cheapest eligible option below and above this volume. */
  from: string;
  to: string;
}

/**
 * Volumes where the cheapest of `optionIds` changes along a cost curve. Between two curve
 * points the crossing is interpolated linearly in log10(volume) on the cost difference.
 * @example
 * cheapestChangesOnCurve(
 *   [{ tokensPerMonth: 1e6, costUsdByOption: { a: 10, b: 20 } }, { tokensPerMonth: 1e8, costUsdByOption: { a: 30, b: 20 } }],
 *   ['a', 'b'],
 * ) // [{ tokensPerMonth: 1e7, monthlyCostUsd: 20, from: 'a', to: 'b' }]
 */
export function cheapestChangesOnCurve(
  costCurve: ReportWorkload['costCurve'],
  optionIds: ReadonlyArray<string>,
): CurveCrossover[] {
  const cheapestAt = (point: ReportWorkload['costCurve'][number]): string | undefined => {
    let best: string | undefined;
    for (const id of optionIds) {
      const cost = point.costUsdByOption[id];
      if (cost === undefined || !Number.isFinite(cost)) continue;
      if (best === undefined || cost < point.costUsdByOption[best]) best = id;
    }
    return best;
  };
  const changes: CurveCrossover[] = [];
  for (let index = 1; index < costCurve.length; index += 1) {
    const before = costCurve[index - 1];
    const after = costCurve[index];
    const from = cheapestAt(before);
    const to = cheapestAt(after);
    if (from === undefined || to === undefined || from === to) continue;
    const differenceBefore = before.costUsdByOption[from] - before.costUsdByOption[to];
    const differenceAfter = after.costUsdByOption[from] - after.costUsdByOption[to];
    const share =
      differenceAfter === differenceBefore
        ? 0.5
        : Math.min(1, Math.max(0, -differenceBefore / (differenceAfter - differenceBefore)));
    const logVolume =
      Math.log10(before.tokensPerMonth) +
      share * (Math.log10(after.tokensPerMonth) - Math.log10(before.tokensPerMonth));
    const costFrom =
      before.costUsdByOption[from] + share * (after.costUsdByOption[from] - before.costUsdByOption[from]);
    changes.push({
      tokensPerMonth: Number((10 ** logVolume).toPrecision(6)),
      monthlyCostUsd: Number(costFrom.toPrecision(6)),
      from,
      to,
    });
  }
  return changes;
}

/**
 * Monthly volume in the horizon's last month with compound growth.
 * @example projectedTokensPerMonth(1_000_000, 0.05, 36) === 1_000_000 * 1.05 ** 35 // ≈ 5,516,015 (5.52M)
 */
export function projectedTokensPerMonth(
  tokensPerMonth: number,
  monthlyGrowthRate: number,
  horizonMonths: number,
): number {
  return tokensPerMonth * (1 + monthlyGrowthRate) ** Math.max(0, horizonMonths - 1);
}

/**
 * Legend name of an option: its label up to the first ':' or '('.
 * @example shortOptionName('Frontier API (openai/gpt-4.1)') === 'Frontier API'; shortOptionName('Hybrid split: 70% self-hosted') === 'Hybrid split'
 */
export function shortOptionName(label: string): string {
  const name = label.split(/[:(]/)[0].trim();
  return name === '' ? label : name;
}

/** Legend names for a workload's options, made unique by appending the id where two collide. */
export function optionNames(options: ReadonlyArray<Pick<ReportWorkloadOption, 'id' | 'label'>>): Map<string, string> {
  const counts = new Map<string, number>();
  for (const option of options)
    counts.set(shortOptionName(option.label), (counts.get(shortOptionName(option.label)) ?? 0) + 1);
  return new Map(
    options.map((option) => {
      const name = shortOptionName(option.label);
      return [option.id, (counts.get(name) ?? 0) > 1 ? `${name} (${option.id.split(':').slice(1).join(':')})` : name];
    }),
  );
}

const kindColors: Record<string, string[]> = {
  'frontier-api': ['#2563eb', '#1e40af'],
  'hosted-open': ['#0d9488', '#115e59'],
  'cloud-managed': ['#7c3aed', '#5b21b6'],
  'self-hosted': ['#ea580c', '#9a3412'],
  hybrid: ['#64748b', '#a16207', '#be185d'],
};

/** A stable colour per option: by kind, then by position among options of that kind. */
export function optionColors(options: ReadonlyArray<Pick<ReportWorkloadOption, 'id' | 'kind'>>): Map<string, string> {
  const used = new Map<string, number>();
  return new Map(
    options.map((option) => {
      const palette = kindColors[option.kind] ?? ['#475569'];
      const position = used.get(option.kind) ?? 0;
      used.set(option.kind, position + 1);
      return [option.id, palette[position % palette.length]];
    }),
  );
}
