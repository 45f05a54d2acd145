/**
 * `switchyard keys create|list|revoke`: virtual client keys of the gateway, stored hashed
 * in its keys file (src/gateway/keys-file.ts). Only the definitions live here; what each
 * command does (keys-action.ts) is loaded when it runs.
 */
import type { Command } from 'commander';
import type { KeysCreateFlags, KeysFileFlags, KeysListFlags } from './keys-action.ts';

const actions = () => import('./keys-action.ts');

function fileOptions(command: Command): Command {
  return command
    .option(
      '--keys <file>',
      'keys file (default: server.keysFile of --config, else next to the request log: switchyard.keys.json)',
    )
    .option('--config <file>', 'gateway config whose keys file to use')
    .option('--db <file>', 'request log whose keys file (next to it) to use');
}

export function registerKeysCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description('Manage virtual client keys: labels, limits, budgets, allowed routes, expiry (stored hashed)');
  fileOptions(
    keys
      .command('create')
      .description('Create a key: prints it once (stdout), stores only its sha256 with its id, labels and limits')
      .option('--name <name>', 'unique name of the key (an app, a person)')
      .option('--id <name>', 'the same as --name (older spelling)')
      .option('--team <team>', 'team label: spend is queryable per team (`switchyard logs --by team`)')
      .option('--owner <owner>', 'owner label (who to ask about this key)')
      .option('--routes <list>', 'routes the key may call, comma-separated (default: every route)')
      .option('--rpm <n>', 'requests per minute at most')
      .option('--tpm <n>', 'input + output tokens per minute at most (counted after each answer)')
      .option('--usd-per-day <usd>', 'spend per UTC day at most (counted after each answer)')
      .option('--usd-per-month <usd>', 'spend per UTC calendar month at most')
      .option('--expires <when>', 'expiry: a duration from now (12h, 30d) or an ISO date')
      .option('--format <format>', 'text|json (json: the key and its record on stdout)', 'text'),
  ).action((flags: KeysCreateFlags) => actions().then((loaded) => loaded.runKeysCreate(flags)));
  fileOptions(
    keys
      .command('list')
      .description('List keys: id, name, prefix, labels, limits, routes, expiry, status (never the key)')
      .option('--all', 'include revoked keys')
      .option('--format <format>', 'table|json', 'table'),
  ).action((flags: KeysListFlags) => actions().then((loaded) => loaded.runKeysList(flags)));
  fileOptions(
    keys
      .command('revoke <key>')
      .description(
        'Revoke a key by id (key_...) or name; a running gateway refuses it within a second (401 key_revoked)',
      ),
  ).action((key: string, flags: KeysFileFlags) => actions().then((loaded) => loaded.runKeysRevoke(key, flags)));
}
