/**
 * `switchyard plan | init | crossover | catalog`: the planner's commands.
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { midpointUsd } from '../../catalog/gpu-offers.ts';
import { crossover } from '../../core/decide/crossover.ts';
import { formatProblems } from '../../core/workload/parse.ts';
import { organizationSchema } from '../../core/workload/schema.ts';
import { HOURS_PER_MONTH } from '../../core/units/time.ts';
import { fixedOperatingUsdPerMonth } from '../../core/cost/self-hosted.ts';
import { renderPlanText } from '../../report/plan-text.ts';
import { planReportFor } from '../../report/run-plan.ts';
import { formatCount, formatUsd, renderTextTable } from '../../report/text-table.ts';
import { renderHtmlReport } from '../../report/html/render-html.ts';
import { UserError } from '../errors.ts';
import { loadCatalog } from '../load-catalog.ts';
import { loadProfileFile } from '../load-profile.ts';
import { checkFormat, nonNegativeNumber, positiveNumber, writeOutput } from '../output.ts';
import { profileTemplate } from '../profile-template.ts';

const planFormats = ['table', 'json', 'markdown', 'html'] as const;

interface PlanFlags {
  format: string;
  out?: string;
  catalog?: string;
  engine: string;
}

function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('Compare every deployment option for a workload profile: monthly cost, TCO, crossover, recommendation')
    .argument('<profile>', 'workload profile (YAML); `switchyard init` writes an example')
    .option('-f, --format <format>', `output format: ${planFormats.join(' | ')}`, 'table')
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .option('--catalog <file>', 'your prices (Switchyard YAML/JSON, or a LiteLLM model_prices_and_context_window.json) over the built-in catalog')
    .option('--engine <engine>', 'serving engine whose efficiency the capacity model uses: vllm | sglang | tensorrt-llm | tgi', 'vllm')
    .addHelpText(
      'after',
      `
Examples:
  $ switchyard plan examples/saas-50m-tokens.yaml
  $ switchyard plan my-workload.yaml --format json | jq .recommendation
  $ switchyard plan my-workload.yaml --format html --out plan.html
  $ switchyard plan my-workload.yaml --catalog model_prices_and_context_window.json

Exit codes: 0 ok, 2 invalid profile or flags (one line per problem: field path, value, what is allowed).`,
    )
    .action((profilePath: string, flags: PlanFlags) => {
      const format = checkFormat(flags.format, planFormats);
      const profile = loadProfileFile(profilePath);
      const catalog = loadCatalog(flags.catalog);
      const result = planReportFor(profile, { catalog, engine: flags.engine });
      if (!result.ok) throw new UserError(`${profilePath}: ${result.problems.length} problem(s):\n${formatProblems(result.problems)}`);
      const report = result.report;
      const text =
        format === 'json' ? JSON.stringify(report, null, 2) : format === 'html' ? renderHtmlReport(report) : renderPlanText(report, format);
      writeOutput(text, flags.out);
    });
}

function registerInit(program: Command): void {
  program
    .command('init')
    .description('Write a commented example workload profile to start from')
    .argument('<file>', 'where to write the profile (YAML)')
    .option('--force', 'overwrite an existing file')
    .action((file: string, flags: { force?: boolean }) => {
      if (existsSync(file) && !flags.force) throw new UserError(`${file} already exists; pass --force to overwrite it`);
      writeFileSync(file, profileTemplate);
      process.stdout.write(`wrote ${file}; next: switchyard plan ${file}\n`);
    });
}

interface CrossoverFlags {
  apiUsdPerMtok?: string;
  gpuUsdPerHour?: string;
  tokensPerHourPerGpu?: string;
  gpus?: string;
  redundancyGpus?: string;
  fixedUsdPerMonth?: string;
  maxUtilization?: string;
  format: string;
}

/** The seeds' default fixed costs of a self-hosted fleet: staffing shares, on-call, evals, observability, storage. */
function defaultFixedUsdPerMonth(): number {
  const organization = organizationSchema.parse({});
  return fixedOperatingUsdPerMonth({ engineerLoadedCostUsdPerYear: organization.engineerLoadedCostUsdPerYear, staffing: organization.staffing });
}

function registerCrossover(program: Command): void {
  program
    .command('crossover')
    .description('Monthly token volume where self-hosting beats an API: the naive formula and the honest one')
    .option('--api-usd-per-mtok <usd>', 'API price per million tokens (blended input/output)')
    .option('--gpu-usd-per-hour <usd>', 'price of one GPU per hour')
    .option('--tokens-per-hour-per-gpu <tokens>', 'tokens (input + output) one GPU serves per hour at full load')
    .option('--gpus <count>', 'minimum cluster size (GPUs)', '1')
    .option('--redundancy-gpus <count>', 'spare GPUs for failover (N+1 = 1)', '1')
    .option('--fixed-usd-per-month <usd>', 'fixed monthly costs: people, on-call, tooling (default: the seeds\' staffing shares, about $12,600)')
    .option('--max-utilization <share>', 'average share of GPU throughput you can use (0-1]', '1')
    .option('-f, --format <format>', 'table | json | markdown', 'table')
    .addHelpText(
      'after',
      `
The naive formula (monthly GPU cost / API price) assumes the GPUs absorb any volume.
The honest one: a GPU cannot exceed its throughput, capacity comes in whole GPUs, spares
and people cost money whatever the volume. When one busy GPU costs more per token than
the API, there is no crossover at all.

Example (the seeds' A10G case):
  $ switchyard crossover --api-usd-per-mtok 0.30 --gpu-usd-per-hour 2.50 --tokens-per-hour-per-gpu 4000000 --gpus 1`,
    )
    .action((flags: CrossoverFlags) => {
      const format = checkFormat(flags.format, ['table', 'json', 'markdown'] as const);
      const maxUtilization = positiveNumber('--max-utilization', flags.maxUtilization, 1);
      if (maxUtilization > 1) throw new UserError(`--max-utilization: '${flags.maxUtilization}' must be between 0 and 1`);
      const gpus = positiveNumber('--gpus', flags.gpus, 1);
      if (!Number.isInteger(gpus)) throw new UserError(`--gpus: '${flags.gpus}' must be a whole number`);
      const result = crossover({
        apiUsdPerMillionTokens: positiveNumber('--api-usd-per-mtok', flags.apiUsdPerMtok),
        gpuUsdPerHour: positiveNumber('--gpu-usd-per-hour', flags.gpuUsdPerHour),
        tokensPerHourPerGpu: positiveNumber('--tokens-per-hour-per-gpu', flags.tokensPerHourPerGpu),
        gpus,
        redundancyGpus: nonNegativeNumber('--redundancy-gpus', flags.redundancyGpus, 1),
        fixedUsdPerMonth: nonNegativeNumber('--fixed-usd-per-month', flags.fixedUsdPerMonth, defaultFixedUsdPerMonth()),
        maxAverageUtilization: maxUtilization,
      });
      if (format === 'json') {
        writeOutput(JSON.stringify(result, null, 2), undefined);
        return;
      }
      const rows: Array<[string, string]> = [
        ['monthly GPU cost (cluster, naive)', formatUsd(result.monthlyGpuCostUsd)],
        ['self-hosted USD per 1M tokens at full utilization', formatUsd(result.selfHostedUsdPerMillionTokens)],
        ['API USD per 1M tokens', formatUsd(result.apiUsdPerMillionTokens)],
        ['naive crossover (tokens/month)', formatCount(result.naiveCrossoverMonthlyTokens)],
        ['honest crossover (tokens/month)', result.crossoverMonthlyTokens === null ? 'none' : formatCount(result.crossoverMonthlyTokens)],
        ['GPUs at the honest crossover', result.gpusAtCrossover === null ? '-' : String(result.gpusAtCrossover)],
      ];
      const body = format === 'markdown' ? ['| figure | value |', '| --- | --- |', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n') : renderTextTable(['figure', 'value'], rows, { rightAligned: [false, true] });
      writeOutput(`${body}\n\n${result.reason}\n(a month is ${HOURS_PER_MONTH} hours)`, undefined);
    });
}

function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('Browse the built-in, dated price catalog');
  catalog
    .command('list')
    .description('List catalog entries with their source and as-of date')
    .option('--kind <kind>', 'api | hosted-open | gpu (prices per GPU-hour)')
    .option('--catalog <file>', 'merge your own catalog file first')
    .option('-f, --format <format>', 'table | json | markdown', 'table')
    .action((flags: { kind?: string; catalog?: string; format: string }) => {
      const format = checkFormat(flags.format, ['table', 'json', 'markdown'] as const);
      const kinds = ['api', 'hosted-open', 'gpu'] as const;
      if (flags.kind !== undefined && !(kinds as readonly string[]).includes(flags.kind)) throw new UserError(`--kind: '${flags.kind}' is not a catalog kind; use one of: ${kinds.join(', ')}`);
      const merged = loadCatalog(flags.catalog);
      const tokenKinds = flags.kind === 'api' ? ['frontier-api'] : flags.kind === 'hosted-open' ? ['hosted-open'] : flags.kind === 'gpu' ? [] : ['frontier-api', 'hosted-open'];
      const tokenEntries = merged.tokenPriced.filter((entry) => tokenKinds.includes(entry.kind));
      const gpuEntries = flags.kind === undefined || flags.kind === 'gpu' ? merged.gpuOffers : [];
      if (format === 'json') {
        writeOutput(JSON.stringify({ tokenPriced: tokenEntries, gpuOffers: gpuEntries, cloudManagedMarkup: merged.cloudManagedMarkup }, null, 2), undefined);
        return;
      }
      const sections: string[] = [];
      const render = (columns: string[], rows: Array<Array<string | number>>) =>
        format === 'markdown' ? [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n') : renderTextTable(columns, rows);
      if (tokenEntries.length > 0) {
        sections.push(
          render(
            ['id', 'kind', 'USD/1M in', 'USD/1M cached in', 'USD/1M out', 'TTFT p50/p95 ms', 'source', 'as of'],
            tokenEntries.map((entry) => [entry.id, entry.kind, entry.usdPerMillionInputTokens, entry.usdPerMillionCachedInputTokens, entry.usdPerMillionOutputTokens, `${entry.ttftP50Ms}/${entry.ttftP95Ms}`, entry.source, entry.asOf]),
          ),
        );
      }
      if (gpuEntries.length > 0) {
        sections.push(
          render(
            ['id', 'instance', 'on-demand USD/GPU-h', 'reserved', 'spot', 'mid on-demand', 'source', 'as of'],
            gpuEntries.map((offer) => {
              const range = (tier: 'on-demand' | 'reserved' | 'spot') => `${offer.usdPerGpuHour[tier].low}-${offer.usdPerGpuHour[tier].high}`;
              return [offer.id, `${offer.instanceType} (${offer.gpusPerInstance} GPU)`, range('on-demand'), range('reserved'), range('spot'), midpointUsd(offer.usdPerGpuHour['on-demand']).toFixed(2), offer.source, offer.asOf];
            }),
          ),
        );
        sections.push(`cloud-managed markup: ${merged.cloudManagedMarkup.low * 100}-${merged.cloudManagedMarkup.high * 100}% over raw GPU cost (${merged.cloudManagedMarkup.source}, ${merged.cloudManagedMarkup.asOf})`);
      }
      writeOutput(sections.join('\n\n'), undefined);
    });
}

export function registerPlanCommands(program: Command): void {
  registerInit(program);
  registerPlan(program);
  registerCrossover(program);
  registerCatalog(program);
}
