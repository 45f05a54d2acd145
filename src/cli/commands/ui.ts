/**
 * `switchyard ui`: the local dashboard (plan explorer, scenario comparison, catalog
 * browser, gateway view), served on 127.0.0.1 by default. Prints the URL on stdout;
 * progress lines go to stderr.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import type { DashboardServer } from '../../web/server.ts';
import { UserError, valueOrThrow } from '../errors.ts';
import { profileTemplate } from '../profile-template.ts';

interface UiFlags {
  profile?: string;
  db?: string;
  plan?: string;
  port: string;
  host: string;
  gateway?: string;
  adminKeyEnv: string;
  catalog?: string;
  engine: string;
  open: boolean;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new UserError(`--port: '${text}' must be a whole number from 0 to 65535 (0 picks a free port)`);
  return port;
}

function parseGatewayUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`--gateway: '${text}' is not a URL; give the gateway's base URL, e.g. http://127.0.0.1:8787`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError(`--gateway: '${text}' must be an http:// or https:// URL`);
  return text.replace(/\/+$/, '');
}

/** Opens the URL in the default browser; failures only print a hint (headless machines have none). */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => process.stderr.write(`could not open a browser (${command}); open ${url} yourself\n`));
    child.unref();
  } catch {
    process.stderr.write(`could not open a browser; open ${url} yourself\n`);
  }
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const handler = (signal: string) => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

export function registerUiCommand(program: Command): void {
  program
    .command('ui')
    .description(
      'Open the local dashboard: edit a workload profile and watch the plan, charts and recommendation update; compare scenarios; browse the catalog; watch the gateway',
    )
    .option('--profile <file>', 'workload profile (YAML) to open (default: the built-in example)')
    .option('--db <file|url>', 'request log for the gateway view: a SQLite file (./switchyard.db) or a postgres:// URL')
    .option(
      '--plan <file>',
      'a plan JSON (plan --format json) for the gateway view\'s "plan vs actual" panel (drift against --db)',
    )
    .option('--port <port>', 'port to listen on (0 = any free port)', '8788')
    .option('--host <host>', 'address to bind; keep 127.0.0.1 unless you mean to expose it', '127.0.0.1')
    .option(
      '--gateway <url>',
      'gateway base URL, for the routing in force and changing weights (e.g. http://127.0.0.1:8787)',
    )
    .option('--admin-key-env <name>', 'environment variable holding the gateway admin key', 'SWITCHYARD_ADMIN_KEY')
    .option('--catalog <file>', 'your prices over the built-in catalog (as for `plan --catalog`)')
    .option('--engine <engine>', 'serving engine for the capacity model: vllm | sglang | tensorrt-llm | tgi', 'vllm')
    .option('--no-open', 'do not open a browser')
    .addHelpText(
      'after',
      `
Examples:
  $ switchyard ui
  $ switchyard ui --profile my-workload.yaml --db ./switchyard.db
  $ SWITCHYARD_ADMIN_KEY=... switchyard ui --db ./switchyard.db --gateway http://127.0.0.1:8787 --no-open

Everything is served from this process (ECharts from node_modules): it works offline.`,
    )
    .action(async (flags: UiFlags) => {
      const port = parsePort(flags.port);
      const gatewayUrl = parseGatewayUrl(flags.gateway);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(flags.adminKeyEnv))
        throw new UserError(
          `--admin-key-env: '${flags.adminKeyEnv}' is not an environment variable name (letters, digits and _)`,
        );
      const { loadCatalog } = await import('../load-catalog.ts');
      const { startDashboardServer } = await import('../../web/server.ts');
      const { planDependencies } = await import('../../app/plan.ts');
      const catalog = loadCatalog(flags.catalog);
      valueOrThrow(planDependencies({ catalog, engine: flags.engine }));
      const log = (line: string) => process.stderr.write(`switchyard ui: ${line}\n`);
      let dashboard: DashboardServer;
      try {
        dashboard = await startDashboardServer({
          exampleProfileText: profileTemplate,
          host: flags.host,
          port,
          profilePath: flags.profile,
          dbPath: flags.db,
          planPath: flags.plan,
          gatewayUrl,
          adminKey: process.env[flags.adminKeyEnv] || undefined,
          adminKeyEnv: flags.adminKeyEnv,
          catalog,
          engine: flags.engine,
          log,
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new UserError(
            `--port: ${flags.host}:${port} is already in use; pass another --port (or --port 0 for any free one)`,
          );
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
          throw new UserError(`--host: cannot bind '${flags.host}' on this machine`);
        throw error;
      }
      if (gatewayUrl && !process.env[flags.adminKeyEnv])
        log(`${flags.adminKeyEnv} is not set: the gateway view shows the log but cannot read or change routing`);
      if (flags.host !== '127.0.0.1' && flags.host !== 'localhost' && flags.host !== '::1')
        log(`listening on ${flags.host}: anyone who can reach this address can use the dashboard`);
      process.stdout.write(`${dashboard.url}\n`);
      log(`dashboard at ${dashboard.url} (Ctrl-C to stop)`);
      if (flags.open) openBrowser(dashboard.url);
      const signal = await waitForSignal();
      log(`${signal}: stopping`);
      await dashboard.close();
    });
}
