/**
 * `switchyard plan PROFILE`: every deployment option, its TCO, what would flip it and the recommendation.
 */
import type { Command } from 'commander';
import type { UncertaintyFlags } from './plan-uncertainty-flags.ts';

export const planFormats = ['table', 'json', 'markdown', 'html'] as const;

export interface PlanFlags extends UncertaintyFlags {
  format: string;
  out?: string;
  catalog?: string;
  engine: string;
  eval?: string;
  asOf?: string;
}

export function registerPlanCommand(program: Command): void {
  program
    .command('plan')
    .description('Compare every deployment option for a workload profile: monthly cost, TCO, crossover, recommendation')
    .argument('<profile>', 'workload profile (YAML); `switchyard init` writes an example')
    .option('-f, --format <format>', `output format: ${planFormats.join(' | ')}`, 'table')
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .option(
      '--catalog <file>',
      'your prices (Switchyard YAML/JSON, or a LiteLLM model_prices_and_context_window.json) over the built-in catalog',
    )
    .option(
      '--as-of <date>',
      "price the plan at this date (YYYY-MM-DD): the built-in catalog snapshot in effect then, with that day's API prices; default: the profile's pricesAsOf, else today",
    )
    .option(
      '--engine <engine>',
      'serving engine whose efficiency the capacity model uses: vllm | sglang | tensorrt-llm | tgi',
      'vllm',
    )
    .option(
      '--eval <file>',
      'a switchyard eval result (eval --out FILE): its quality gap becomes measured.qualityGap of every workload, gated by requirements.maxQualityGapPoints',
    )
    .option(
      '--uncertainty',
      'Monte Carlo over the ranges in the profile and the catalog GPU prices: P10/P50/P90 per option, P(cheapest), a tornado (on by default for --format html when there are ranges)',
    )
    .option('--draws <n>', 'Monte Carlo draws (with --uncertainty; default 2000)')
    .option('--seed <s>', 'seed of the draws: the same seed gives the same report byte for byte (default 1)')
    .option('--sampling <method>', 'lhs (Latin hypercube, default) | plain')
    .addHelpText(
      'after',
      `
Examples:
  $ switchyard plan examples/saas-50m-tokens.yaml
  $ switchyard plan my-workload.yaml --format json | jq .recommendation
  $ switchyard plan my-workload.yaml --format html --out plan.html
  $ switchyard plan my-workload.yaml --catalog model_prices_and_context_window.json
  $ switchyard plan my-workload.yaml --as-of 2025-06-01   # the 2025-06-01 catalog, as it priced then
  $ switchyard plan examples/uncertain-gpu-fleet.yaml --uncertainty --draws 5000 --seed 7

Prices older than 6 months on the plan's date are named in a warning; the report shows the
catalog snapshot, its age and its sources (the @pydantic/genai-prices version among them).

Ranges: every number in a profile may be a range, e.g. requestsPerDay: 400000..600000,
{ low: 2.5, high: 4 }, { p10: 2.5, p90: 4 } or { triangular: [2, 3, 5] } (docs/plan.md).

Exit codes: 0 ok, 2 invalid profile or flags (one line per problem: field path, value, what is allowed).`,
    )
    .action(async (profilePath: string, flags: PlanFlags) => {
      const { runPlanCommand } = await import('./plan-action.ts');
      await runPlanCommand(profilePath, flags);
    });
}
