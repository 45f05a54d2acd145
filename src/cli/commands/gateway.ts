/**
 * Gateway commands: `gateway` (from a config file or the quick start), `routing set|show`,
 * `logs`, `keys create|list|revoke` (keys.ts) and `mock-upstream`. Only the definitions live here; what each
 * command does is loaded when it runs, so `switchyard --help` stays fast.
 */
import type { Command } from 'commander';
import type { GatewayFlags, LogsFlags } from './gateway-actions.ts';
import { registerKeysCommands } from './keys.ts';

const actions = () => import('./gateway-actions.ts');

export function registerGatewayCommands(program: Command): void {
  program
    .command('gateway')
    .description(
      'Run the OpenAI-compatible gateway (POST /v1/chat/completions, /v1/embeddings, /v1/completions, /v1/responses; /v1/models, /healthz, /metrics, /admin/routing)',
    )
    .option('--config <file>', 'gateway config (routing, server, keys); reloaded when it changes')
    .option(
      '--upstream <name=url>',
      'quick start: an OpenAI-compatible upstream (repeat for more); route "default" answers any model',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .option('--port <n>', 'port (default 8787)')
    .option('--db <file|url>', 'request log: a SQLite file (default ./switchyard.db) or a postgres:// URL')
    .option('--redis <url>', 'share breakers, in-flight counts, routing and key limits with other instances')
    .option('--no-auth', 'accept requests without a client key (loopback host only)')
    .option('--keys <file>', 'virtual-keys file, watched (default: server.keysFile, else next to the SQLite log)')
    .option('--key-env <name>', 'environment variable holding an extra client key', 'SWITCHYARD_KEY')
    .option('--log-prompts', 'store prompt text in the request log')
    .option(
      '--otel-endpoint <url>',
      'send OpenTelemetry traces and metrics over OTLP/HTTP to this base URL (default: OTEL_EXPORTER_OTLP_ENDPOINT, else telemetry.otlpEndpoint; off when none); trace a share of requests with OTEL_TRACES_SAMPLER=traceidratio OTEL_TRACES_SAMPLER_ARG=0.1 or telemetry.traceSampleRatio',
    )
    .action((flags: GatewayFlags) => actions().then((loaded) => loaded.runGateway(flags)));

  const routing = program.command('routing').description('Show or change the routing in a gateway config file');
  routing
    .command('set <file>')
    .description('Set a route’s weights (and/or fallbacks, overflow); bumps the version; a running gateway reloads it')
    .requiredOption('--route <name>', 'route to change')
    .option('--weights <list>', 'NAME=WEIGHT,... e.g. vllm=70,openai=30')
    .option('--fallbacks <list>', 'ordered target names, comma-separated')
    .option('--overflow <target>', 'target used when the chosen ones are saturated')
    .action((file: string, flags: { route: string; weights?: string; fallbacks?: string; overflow?: string }) =>
      actions().then((loaded) => loaded.runRoutingSet(file, flags)),
    );
  routing
    .command('show [file]')
    .description('Show routes, splits, rules, fallbacks and targets of a gateway config')
    .option('--format <format>', 'table|json', 'table')
    .action((file: string | undefined, flags: { format: string }) =>
      actions().then((loaded) => loaded.runRoutingShow(file ?? 'gateway.yaml', flags)),
    );

  program
    .command('logs')
    .description('Show or export the gateway request log (one row per attempt)')
    .option(
      '--db <file|url>',
      'request log: SQLite file or postgres:// URL (default ./switchyard.db, or server.db of --config)',
    )
    .option('--config <file>', 'gateway config whose server.db to read')
    .option('--since <when>', 'a duration back from now (30m, 1h, 7d) or an ISO date')
    .option('--route <name>', 'only this route')
    .option('--provider <name>', 'only this target')
    .option('--key <id>', 'only this virtual key (key_...)')
    .option('--team <team>', 'only this team')
    .option('--feature <name>', 'only this feature (x-switchyard-feature)')
    .option(
      '--by <group>',
      'spend and usage per key|team|feature|route|provider|endpoint instead of rows (table|jsonl)',
    )
    .option('--keys <file>', 'with --by key: virtual-keys file that names the keys (default: next to the log)')
    .option('--limit <n>', 'the most recent N rows (table default 50)')
    .option('--format <format>', 'table|jsonl|csv', 'table')
    .action((flags: LogsFlags) => actions().then((loaded) => loaded.runLogs(flags)));

  program
    .command('mock-upstream')
    .description('Run a mock LLM upstream (OpenAI and Anthropic wire formats) for trials and tests')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks one)', '9001')
    .option('--latency-ms <n>', 'delay before the first byte', '0')
    .option('--name <name>', 'name shown in the x-mock-upstream header', 'mock')
    .option('--fault <fault>', 'inject a fault into every request: 500|503|429|timeout|reset|cut-stream|no-usage')
    .option('--eval-set <file>', 'act as a mock model for this eval set (JSONL): right on --accuracy of its items')
    .option('--accuracy <share>', 'with --eval-set: share of items answered right, spread evenly (0-1)', '1')
    .action(
      (flags: { port: string; latencyMs: string; name: string; fault?: string; evalSet?: string; accuracy?: string }) =>
        actions().then((loaded) => loaded.runMockUpstream(flags)),
    );

  registerKeysCommands(program);
}
