/**
 * Terminal and Markdown renderers of a plan diff (`switchyard diff`), after infracost's
 * diff: the headline change first, then the inputs that differ, then per workload each
 * option (`~` changed, `+` added, `-` removed) and, under a changed option, each cost
 * component that changed.
 */
import { kindName } from './html/html-sections.ts';
import type { ComponentDiff, MoneyChange, OptionDiff, PlanDiff, WorkloadDiff } from './plan-diff.ts';
import { formatUsd, renderTextTable } from './text-table.ts';

type Style = 'table' | 'markdown';

/**
 * A change in dollars with its sign and, when it has a base, the percentage.
 * @example signedUsd({ beforeUsd: 100, afterUsd: 130, changeUsd: 30 }) === '+$30.00 (+30%)'
 * @example signedUsd({ beforeUsd: 0, afterUsd: 0, changeUsd: 0 }) === 'no change'
 */
export function signedUsd(change: MoneyChange): string {
  if (change.changeUsd === null) return change.afterUsd === null ? 'removed' : 'new';
  if (Math.abs(change.changeUsd) < 0.005) return 'no change';
  const sign = change.changeUsd > 0 ? '+' : '-';
  const share =
    change.beforeUsd !== null && change.beforeUsd > 0
      ? ` (${sign}${Math.abs((change.changeUsd / change.beforeUsd) * 100).toFixed(Math.abs(change.changeUsd / change.beforeUsd) < 0.1 ? 1 : 0)}%)`
      : '';
  return `${sign}${formatUsd(Math.abs(change.changeUsd))}${share}`;
}

const usdOrDash = (value: number | null) => (value === null ? '—' : formatUsd(value));
const fromTo = (change: MoneyChange) => `${usdOrDash(change.beforeUsd)} -> ${usdOrDash(change.afterUsd)}`;

/** A value from a profile as one short string. */
export function inputValue(value: unknown): string {
  if (value === undefined) return '(not set)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The headline change in sentences (shared with the HTML renderer). */
export function diffHeadline(diff: PlanDiff): string[] {
  const horizon =
    diff.before.horizonMonths === diff.after.horizonMonths
      ? `${diff.after.horizonMonths}`
      : `${diff.before.horizonMonths} -> ${diff.after.horizonMonths}`;
  const recommendation = diff.headline.recommendationChanged
    ? `Recommendation changes: ${kindName(diff.headline.beforeOption)} -> ${kindName(diff.headline.afterOption)}${diff.workloads.length > 1 ? ' (see each workload)' : ''}`
    : `Recommendation unchanged: ${kindName(diff.headline.afterOption)}`;
  const single = diff.workloads.length === 1 ? diff.workloads[0].recommendation : undefined;
  const labels =
    single?.changed && single.before && single.after ? ` (${single.before.label} -> ${single.after.label})` : '';
  return [
    `${recommendation}${labels}.`,
    `Monthly cost (first month): ${fromTo(diff.headline.monthly)}, ${signedUsd(diff.headline.monthly)}.`,
    `TCO over ${horizon} months: ${fromTo(diff.headline.tco)}, ${signedUsd(diff.headline.tco)}.`,
  ];
}

const statusMark: Record<OptionDiff['status'], string> = { changed: '~', unchanged: '=', added: '+', removed: '-' };

/** The option's name on both sides: `A -> B` when it changed, one name otherwise. */
export function optionName(option: OptionDiff): string {
  if (option.beforeLabel && option.afterLabel && option.beforeLabel !== option.afterLabel)
    return `${option.beforeLabel} -> ${option.afterLabel}`;
  return option.afterLabel ?? option.beforeLabel ?? option.slot;
}

/** A component's name on both sides. */
export function componentName(component: ComponentDiff): string {
  if (component.beforeName && component.afterName && component.beforeName !== component.afterName)
    return `${component.beforeName} -> ${component.afterName}`;
  return component.afterName ?? component.beforeName ?? component.role;
}

const componentMark = (component: ComponentDiff) =>
  component.beforeName === null ? '+' : component.afterName === null ? '-' : '~';

const eligibility = (value: boolean | null) => (value === null ? '—' : value ? 'yes' : 'no');

function workloadText(style: Style, workload: WorkloadDiff, horizonMonths: number): string {
  const parts: string[] = [];
  const title = `Workload: ${workload.name}${workload.status === 'only-before' ? ' (removed)' : workload.status === 'only-after' ? ' (added)' : ''}`;
  parts.push(style === 'markdown' ? `## ${title}` : `${title}\n${'-'.repeat(Math.min(title.length, 100))}`);
  const recommendation = workload.recommendation;
  parts.push(
    recommendation.changed
      ? `Recommended: ${recommendation.before?.label ?? '—'} -> ${recommendation.after?.label ?? '—'}`
      : `Recommended (unchanged): ${recommendation.after?.label ?? recommendation.before?.label ?? '—'}`,
  );
  const changed = workload.options.filter((option) => option.status !== 'unchanged');
  const unchanged = workload.options.filter((option) => option.status === 'unchanged');
  if (style === 'markdown') {
    const escapeCell = (text: string) => text.replace(/\|/g, '\\|');
    parts.push(
      [
        `| | option | eligible | USD/month before | after | change | TCO ${horizonMonths} mo before | after | change |`,
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        ...workload.options.map(
          (option) =>
            `| ${statusMark[option.status]} | ${escapeCell(optionName(option))} | ${eligibility(option.beforeEligible)} -> ${eligibility(option.afterEligible)} | ${usdOrDash(option.monthly.beforeUsd)} | ${usdOrDash(option.monthly.afterUsd)} | ${signedUsd(option.monthly)} | ${usdOrDash(option.tco.beforeUsd)} | ${usdOrDash(option.tco.afterUsd)} | ${signedUsd(option.tco)} |`,
        ),
      ].join('\n'),
    );
    for (const option of changed) {
      const lines = [`### ${statusMark[option.status]} ${escapeCell(optionName(option))}`];
      if (option.beforeSizing !== option.afterSizing)
        lines.push(`Sizing: ${option.beforeSizing ?? '—'} -> ${option.afterSizing ?? '—'}`);
      if (option.components.length > 0)
        lines.push(
          [
            '| | component | before | after | change |',
            '| --- | --- | --- | --- | --- |',
            ...option.components.map(
              (component) =>
                `| ${componentMark(component)} | ${escapeCell(componentName(component))}${component.oneOff ? ' (one-off)' : ''} | ${usdOrDash(component.monthly.beforeUsd)} | ${usdOrDash(component.monthly.afterUsd)} | ${signedUsd(component.monthly)} |`,
            ),
          ].join('\n'),
        );
      if (lines.length > 1) parts.push(lines.join('\n\n'));
    }
    return parts.join('\n\n');
  }
  const blocks = changed.map((option) => {
    const lines = [`${statusMark[option.status]} ${optionName(option)}`];
    lines.push(`    USD/month: ${fromTo(option.monthly)}, ${signedUsd(option.monthly)}`);
    lines.push(`    TCO ${horizonMonths} months: ${fromTo(option.tco)}, ${signedUsd(option.tco)}`);
    if (option.beforeEligible !== option.afterEligible)
      lines.push(`    eligible: ${eligibility(option.beforeEligible)} -> ${eligibility(option.afterEligible)}`);
    if (option.beforeSizing !== option.afterSizing)
      lines.push(`    sizing: ${option.beforeSizing ?? '—'}`, `         -> ${option.afterSizing ?? '—'}`);
    if (option.components.length > 0)
      lines.push(
        renderTextTable(
          ['component', 'before', 'after', 'change'],
          option.components.map((component) => [
            `${componentMark(component)} ${componentName(component)}${component.oneOff ? ' (one-off)' : ''}`,
            usdOrDash(component.monthly.beforeUsd),
            usdOrDash(component.monthly.afterUsd),
            signedUsd(component.monthly),
          ]),
          { rightAligned: [false, true, true, true] },
        )
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n'),
      );
    return lines.join('\n');
  });
  parts.push(...blocks);
  if (unchanged.length > 0)
    parts.push(
      unchanged
        .map((option) => `= ${optionName(option)} (unchanged, ${usdOrDash(option.monthly.afterUsd)}/month)`)
        .join('\n'),
    );
  return parts.join('\n\n');
}

/** Renders a plan diff for the terminal (`style: 'table'`) or as Markdown. */
export function renderPlanDiffText(diff: PlanDiff, style: Style): string {
  const parts: string[] = [];
  const title = `Switchyard plan diff: ${diff.before.name} -> ${diff.after.name}`;
  parts.push(style === 'markdown' ? `# ${title}` : `${title}\n${'='.repeat(Math.min(title.length, 100))}`);
  const headline = diffHeadline(diff);
  parts.push(
    style === 'markdown'
      ? [
          `**${headline[0]}**`,
          headline
            .slice(1)
            .map((line) => `- ${line}`)
            .join('\n'),
        ].join('\n\n')
      : headline.join('\n'),
  );
  const inputsTitle = `Inputs that differ (${diff.inputs.length})`;
  parts.push(style === 'markdown' ? `## ${inputsTitle}` : `${inputsTitle}\n${'-'.repeat(inputsTitle.length)}`);
  if (diff.inputs.length === 0) parts.push('None: the two plans have the same inputs.');
  else if (style === 'markdown')
    parts.push(
      [
        '| input | before | after |',
        '| --- | --- | --- |',
        ...diff.inputs.map(
          (input) =>
            `| \`${input.path}\` | ${inputValue(input.before).replace(/\|/g, '\\|')} | ${inputValue(input.after).replace(/\|/g, '\\|')} |`,
        ),
      ].join('\n'),
    );
  else
    parts.push(
      diff.inputs
        .map((input) => `~ ${input.path}: ${inputValue(input.before)} -> ${inputValue(input.after)}`)
        .join('\n'),
    );
  for (const workload of diff.workloads) parts.push(workloadText(style, workload, diff.after.horizonMonths));
  const counts = diff.workloads.flatMap((workload) => workload.options);
  const changedCount = counts.filter((option) => option.status !== 'unchanged').length;
  parts.push(
    `${changedCount} option${changedCount === 1 ? '' : 's'} changed, ${counts.length - changedCount} unchanged.`,
  );
  return `${parts.join('\n\n')}\n`;
}
