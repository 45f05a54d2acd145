/**
 * What `switchyard keys create|list|revoke` do (loaded only when one of them runs): read the
 * keys file, change it, write it whole (a running gateway watching it applies the change).
 */
import { resolve } from 'node:path';
import { generateKey, hashKey, type KeyLimits } from '../../gateway/auth.ts';
import { loadGatewayFile } from '../../gateway/config-file.ts';
import {
  addVirtualKey,
  KeysFileError,
  keysPathFor,
  loadKeysFile,
  revokeVirtualKey,
  writeKeysFile,
  type KeysFile,
  type VirtualKey,
} from '../../gateway/keys-file.ts';
import { renderTextTable } from '../../report/text-table.ts';
import { UserError } from '../errors.ts';
import { cliIo } from '../io.ts';
import { checkFormat, positiveNumber } from '../output.ts';

export interface KeysFileFlags {
  keys?: string;
  config?: string;
  db?: string;
}

export interface KeysCreateFlags extends KeysFileFlags {
  name?: string;
  id?: string;
  team?: string;
  owner?: string;
  routes?: string;
  rpm?: string;
  tpm?: string;
  usdPerDay?: string;
  usdPerMonth?: string;
  expires?: string;
  format: string;
}

export interface KeysListFlags extends KeysFileFlags {
  all?: boolean;
  format: string;
}

/** The keys file the flags name: --keys, else the config's server.keysFile or its db's, else --db's, else the default. */
export function keysFilePath(flags: KeysFileFlags): string {
  if (flags.keys !== undefined) return resolve(flags.keys);
  if (flags.config !== undefined) {
    const loaded = loadGatewayFile(flags.config);
    if (!loaded.ok)
      throw new UserError(`${flags.config} is not a valid gateway config:\n  ${loaded.errors.join('\n  ')}`);
    const server = loaded.file.server;
    return resolve(server.keysFile ?? keysPathFor(server.db));
  }
  return resolve(keysPathFor(flags.db ?? './switchyard.db'));
}

function readKeys(path: string): KeysFile {
  const loaded = loadKeysFile(path);
  if (!loaded.ok) throw new UserError(`${path} is not a valid keys file:\n  ${loaded.errors.join('\n  ')}`, 1);
  return loaded.file;
}

function integerLimit(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = positiveNumber(flag, text);
  if (!Number.isInteger(value)) throw new UserError(`${flag}: '${text}' must be a whole number`);
  return value;
}

const durationUnitMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--expires`: a duration from now (`30m`, `12h`, `30d`) or an ISO date, in the future. */
function expiryIso(text: string, nowMs: number): string {
  const match = /^(\d+(?:\.\d+)?)([mhd])$/.exec(text.trim());
  const atMs = match ? nowMs + Number(match[1]) * durationUnitMs[match[2]] : Date.parse(text);
  if (!Number.isFinite(atMs))
    throw new UserError(`--expires: '${text}' is neither a duration (30m, 12h, 30d) nor an ISO date (2026-12-31)`);
  if (atMs <= nowMs) throw new UserError(`--expires: '${text}' is in the past`);
  return new Date(atMs).toISOString();
}

function limitsText(limits: KeyLimits): string {
  const parts: string[] = [];
  if (limits.requestsPerMinute !== undefined) parts.push(`${limits.requestsPerMinute} req/min`);
  if (limits.tokensPerMinute !== undefined) parts.push(`${limits.tokensPerMinute} tok/min`);
  if (limits.usdPerDay !== undefined) parts.push(`$${limits.usdPerDay}/day`);
  if (limits.usdPerMonth !== undefined) parts.push(`$${limits.usdPerMonth}/month`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function statusOf(key: Pick<VirtualKey, 'revokedAt' | 'expiresAt'>, nowMs: number): string {
  if (key.revokedAt !== undefined) return `revoked ${key.revokedAt.slice(0, 10)}`;
  if (key.expiresAt !== undefined && Date.parse(key.expiresAt) <= nowMs) return 'expired';
  return 'active';
}

export function runKeysCreate(flags: KeysCreateFlags): void {
  const format = checkFormat(flags.format, ['text', 'json'] as const);
  const name = flags.name ?? flags.id;
  if (name === undefined) throw new UserError('give the key a name: --name NAME (e.g. --name search-app)');
  const nowMs = Date.now();
  const limits: KeyLimits = {};
  const requestsPerMinute = integerLimit('--rpm', flags.rpm);
  if (requestsPerMinute !== undefined) limits.requestsPerMinute = requestsPerMinute;
  const tokensPerMinute = integerLimit('--tpm', flags.tpm);
  if (tokensPerMinute !== undefined) limits.tokensPerMinute = tokensPerMinute;
  if (flags.usdPerDay !== undefined) limits.usdPerDay = positiveNumber('--usd-per-day', flags.usdPerDay);
  if (flags.usdPerMonth !== undefined) limits.usdPerMonth = positiveNumber('--usd-per-month', flags.usdPerMonth);
  const routes = flags.routes
    ?.split(',')
    .map((route) => route.trim())
    .filter(Boolean);
  if (routes !== undefined && routes.length === 0) throw new UserError('--routes: give at least one route name');
  const path = keysFilePath(flags);
  const secret = generateKey();
  let created: ReturnType<typeof addVirtualKey>;
  try {
    created = addVirtualKey(
      readKeys(path),
      {
        name,
        team: flags.team,
        owner: flags.owner,
        routes,
        limits,
        expiresAt: flags.expires === undefined ? undefined : expiryIso(flags.expires, nowMs),
      },
      { sha256: hashKey(secret), prefix: secret.slice(0, 10) },
      new Date(nowMs).toISOString(),
    );
  } catch (error) {
    if (error instanceof KeysFileError) throw new UserError(error.message);
    throw error;
  }
  try {
    writeKeysFile(path, created.file);
  } catch (error) {
    throw new UserError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
  const { sha256: _hash, ...shown } = created.key;
  if (format === 'json') cliIo().stdout.write(`${JSON.stringify({ key: secret, ...shown }, null, 2)}\n`);
  else cliIo().stdout.write(`${secret}\n`);
  cliIo().stderr.write(
    `key ${created.key.id} '${name}' added to ${path} (limits: ${limitsText(limits)}${routes ? `; routes: ${routes.join(', ')}` : ''}${created.key.expiresAt ? `; expires ${created.key.expiresAt}` : ''}). Only its sha256 is stored: this is the only time the key is shown.\n`,
  );
}

export function runKeysList(flags: KeysListFlags): void {
  const format = checkFormat(flags.format, ['table', 'json'] as const);
  const path = keysFilePath(flags);
  const nowMs = Date.now();
  const keys = readKeys(path).keys.filter((key) => flags.all === true || key.revokedAt === undefined);
  if (format === 'json') {
    const shown = keys.map(({ sha256: _hash, ...key }) => ({ ...key, status: statusOf(key, nowMs) }));
    cliIo().stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return;
  }
  const rows = keys.map((key) => [
    key.id,
    key.name,
    `${key.prefix}...`,
    key.team ?? '',
    key.owner ?? '',
    limitsText(key.limits),
    key.routes?.join(', ') ?? 'all',
    key.createdAt.slice(0, 10),
    key.expiresAt?.slice(0, 10) ?? 'never',
    statusOf(key, nowMs),
  ]);
  cliIo().stdout.write(
    `${renderTextTable(['id', 'name', 'key', 'team', 'owner', 'limits', 'routes', 'created', 'expires', 'status'], rows)}\n${keys.length} key(s) in ${path}\n`,
  );
}

export function runKeysRevoke(idOrName: string, flags: KeysFileFlags): void {
  const path = keysFilePath(flags);
  let revoked: ReturnType<typeof revokeVirtualKey>;
  try {
    revoked = revokeVirtualKey(readKeys(path), idOrName, new Date().toISOString());
  } catch (error) {
    if (error instanceof KeysFileError) throw new UserError(error.message);
    throw error;
  }
  writeKeysFile(path, revoked.file);
  cliIo().stdout.write(
    `revoked ${revoked.key.id} '${revoked.key.name}' in ${path}; a gateway watching the file refuses it from now on (401 key_revoked)\n`,
  );
}
