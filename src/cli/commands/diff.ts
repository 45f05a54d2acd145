/**
 * `switchyard diff BEFORE AFTER`: what changes between two plans (profiles or plan JSONs),
 * after infracost's diff: the headline change, the inputs that differ, then per option and
 * per cost component.
 */
import type { Command } from 'commander';

export const diffFormats = ['table', 'json', 'markdown', 'html'] as const;

export interface DiffFlags {
  format: string;
  out?: string;
  catalog?: string;
  engine: string;
}

export function registerDiffCommand(program: Command): void {
  program
    .command('diff')
    .description(
      'Compare two plans: the recommendation and cost change, the inputs that differ, then each option and cost component',
    )
    .argument('<before>', 'workload profile (YAML) or a stored `switchyard plan --format json` report')
    .argument('<after>', 'workload profile (YAML) or a stored plan JSON report')
    .option('-f, --format <format>', `output format: ${diffFormats.join(' | ')}`, 'table')
    .option('-o, --out <file>', 'write the diff to a file instead of stdout')
    .option('--catalog <file>', 'your prices over the built-in catalog (used to plan profiles; as for `plan`)')
    .option(
      '--engine <engine>',
      'serving engine whose efficiency the capacity model uses when planning profiles: vllm | sglang | tensorrt-llm | tgi',
      'vllm',
    )
    .addHelpText(
      'after',
      `
Options are matched by kind and role (self-hosted with self-hosted, hybrid split with
hybrid split), so a plan whose GPU or model changed shows one changed option, not a
removed one and an added one. Cost components are matched by role (GPU-hours busy,
SRE time, input tokens, ...). The inputs that differ are listed field by field when
both sides are profiles, and from what the reports record when either is a plan JSON.

Examples:
  $ switchyard diff examples/saas-50m-tokens.yaml my-variant.yaml
  $ switchyard diff plan-june.json plan-july.json --format markdown
  $ switchyard diff a.yaml b.yaml --format json | jq .headline

Exit codes: 0 ok (whether or not the plans differ), 2 invalid profile, report or flags.`,
    )
    .action(async (beforePath: string, afterPath: string, flags: DiffFlags) => {
      const { runDiffCommand } = await import('./diff-action.ts');
      await runDiffCommand(beforePath, afterPath, flags);
    });
}
