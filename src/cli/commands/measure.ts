/**
 * Measure-then-plan commands: `profile --from-log` (a workload profile from the gateway's
 * request log or a provider usage export), `drift` (a plan against what the log shows
 * since) and `eval` (an eval set through two routes: quality, cost, latency). Only the
 * definitions live here; each action is loaded when it runs.
 */
import type { Command } from 'commander';

const repeat = (value: string, previous: string[] = []) => [...previous, value];

export interface ProfileFlags {
  fromLog?: boolean;
  db?: string;
  jsonl?: string;
  csv?: string;
  config?: string;
  openaiUsage?: string;
  anthropicUsage?: string;
  openaiCosts?: string;
  since?: string;
  out?: string;
  catalog?: string;
}

export interface DriftFlags {
  plan: string;
  db?: string;
  jsonl?: string;
  csv?: string;
  config?: string;
  since?: string;
  format: string;
  catalog?: string;
  engine: string;
}

export interface EvalFlags {
  set: string;
  route: string[];
  gateway?: string;
  config?: string;
  baseUrl: string[];
  model: string[];
  price: string[];
  judge?: string;
  concurrency: string;
  retries: string;
  timeoutMs: string;
  keyEnv: string;
  out?: string;
  format: string;
  progress: boolean;
}

function addLogSources(command: Command): Command {
  return command
    .option('--db <file>', 'the gateway SQLite request log (default ./switchyard.db, or server.db of --config)')
    .option('--jsonl <file>', 'a JSONL export of the log (switchyard logs --format jsonl)')
    .option('--csv <file>', 'a CSV export of the log (switchyard logs --format csv)')
    .option('--config <file>', 'gateway config whose server.db to read')
    .option('--since <when>', 'start of the window: a duration back from now (30d, 12h) or an ISO date');
}

export function registerMeasureCommands(program: Command): void {
  addLogSources(
    program
      .command('profile')
      .description(
        'Write a workload profile from measured usage: the gateway log (one workload per feature tag, or route) or a provider usage export',
      )
      .option('--from-log', 'measure from the gateway request log (the default source)'),
  )
    .option('--openai-usage <file>', 'OpenAI /v1/organization/usage/completions JSON (a page or an array of pages)')
    .option('--openai-costs <file>', 'with --openai-usage: OpenAI /v1/organization/costs JSON, for the cost per month')
    .option('--anthropic-usage <file>', 'Anthropic /v1/organizations/usage_report/messages JSON (a page or pages)')
    .option('-o, --out <file>', 'write the profile YAML here (a summary goes to stdout); default: YAML to stdout')
    .option('--catalog <file>', 'your prices over the built-in catalog (to match the API model the traffic used)')
    .addHelpText(
      'after',
      `
Every measured field carries a comment (source, window, sample size); what a log cannot
measure (data sensitivity, ML-ops capacity, your SLO) is marked TODO. A window shorter than
30 days is extrapolated to a month, with a warning. Hours are UTC.

Examples:
  $ switchyard profile --from-log --db switchyard.db --since 30d --out measured.yaml
  $ switchyard logs --format jsonl > log.jsonl && switchyard profile --from-log --jsonl log.jsonl
  $ switchyard profile --openai-usage usage.json --out measured.yaml
  $ switchyard plan measured.yaml

Exit codes: 0 ok, 2 bad flags or unreadable input.`,
    )
    .action((flags: ProfileFlags) => import('./measure-action.ts').then((loaded) => loaded.runProfileFromLog(flags)));

  addLogSources(
    program
      .command('drift')
      .description('Compare a plan with what the gateway log shows since it was made; re-plan on measured numbers')
      .requiredOption('--plan <file>', 'a plan JSON (switchyard plan PROFILE --format json --out plan.json)')
      .option('--log <file>', 'the log: a .db (SQLite), .jsonl or .csv file (same as --db/--jsonl/--csv)'),
  )
    .option('-f, --format <format>', 'table | json', 'table')
    .option('--catalog <file>', 'your prices over the built-in catalog (as for plan)')
    .option('--engine <engine>', 'serving engine for the re-plan (as for plan)', 'vllm')
    .addHelpText(
      'after',
      `
The window starts at the plan's generatedAt (or --since). Volumes, mix, latency and monthly
cost per option are set against the log; the profile embedded in the plan is re-planned
with the measured volumes, shape and latency, and the report says what flipped.

Examples:
  $ switchyard plan profile.yaml --format json --out plan.json
  $ switchyard drift --plan plan.json --log switchyard.db

Exit codes: 0 ok (drift or not), 2 bad flags or unreadable input.`,
    )
    .action((flags: DriftFlags & { log?: string }) =>
      import('./drift-action.ts').then((loaded) => loaded.runDrift(flags)),
    );

  program
    .command('eval')
    .description(
      'Run an eval set through two routes and compare quality, cost and latency (paired, with a significance test)',
    )
    .requiredOption('--set <file>', 'eval set, JSONL: one item per line (docs/eval.md)')
    .option('--route <name>', 'a route to evaluate: give two, baseline (A) first', repeat, [])
    .option('--gateway <url>', 'a Switchyard gateway: each route is the model name sent to it')
    .option('--config <file>', 'the gateway config whose server.host and server.port to use (instead of --gateway)')
    .option('--base-url <route=url>', 'an OpenAI-compatible base URL per route (instead of --gateway)', repeat, [])
    .option(
      '--model <route=model>',
      'model name to send for a route with --base-url (default: the route name)',
      repeat,
      [],
    )
    .option(
      '--price <route=in/out>',
      'USD per 1M input/output tokens for a route (a self-hosted target); default: the catalog price of the model that answered',
      repeat,
      [],
    )
    .option('--judge <route>', 'route that grades `judge` items (an LLM judge with the item rubric)')
    .option('--concurrency <n>', 'requests in flight at once', '4')
    .option('--retries <n>', 'retries per request on 429, 5xx or a network error', '2')
    .option('--timeout-ms <n>', 'give up on one request after this long', '60000')
    .option('--key-env <name>', 'environment variable with the API key or gateway client key', 'SWITCHYARD_KEY')
    .option('-o, --out <file>', 'write the result JSON here (plan --eval FILE reads it)')
    .option('-f, --format <format>', 'table | json', 'table')
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      `
Examples:
  $ switchyard eval --set examples/eval-support.jsonl --route gpt-4.1 --route llama-70b --gateway http://127.0.0.1:8787 --out eval.json
  $ switchyard eval --set evals.jsonl --route A --route B --base-url A=https://api.openai.com/v1 --base-url B=http://vllm:8000/v1 --model A=gpt-4.1 --model B=meta-llama/Llama-3.1-70B-Instruct
  $ switchyard plan profile.yaml --eval eval.json

Exit codes: 0 ok, 2 bad flags or eval set, 1 when a route could not be reached at all.`,
    )
    .action((flags: EvalFlags) => import('./eval-action.ts').then((loaded) => loaded.runEval(flags)));
}
