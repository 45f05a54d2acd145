/**
 * The virtual-keys file: every client key the gateway accepts besides the config file's
 * `keys:` list, with its labels (name, team, owner), limits, allowed routes, expiry and
 * revocation. Only a sha256 of each key is stored; the key itself is printed once by
 * `switchyard keys create`.
 *
 * One JSON file, by default next to the SQLite request log (`switchyard.db` ->
 * `switchyard.keys.json`; `server.keysFile` or `--keys` to place it elsewhere), written
 * whole by rename and created owner-only (0600). The gateway watches it and applies every
 * change (a new key, a revocation, a new limit) within a second, without a restart. Several
 * gateways behind a load balancer must all read the same file (ship it like the config).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../core/routing/compile.ts';
import type { ClientKeyRecord, KeyLimits } from './auth.ts';

const label = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/,
    'letters, digits and . _ : @ / - (at most 128, starting with a letter or digit)',
  );

export const keyLimitsSchema = z
  .object({
    requestsPerMinute: z.number().int().positive().optional(),
    tokensPerMinute: z.number().int().positive().optional(),
    usdPerDay: z.number().positive().optional(),
    usdPerMonth: z.number().positive().optional(),
  })
  .strict();

const isoTime = z.string().refine((text) => Number.isFinite(Date.parse(text)), 'an ISO 8601 time');

export const virtualKeySchema = z
  .object({
    /** `key_` + 12 hex characters; what the request log records (never the key). */
    id: z.string().regex(/^key_[0-9a-f]{12}$/, 'key_ and 12 hex characters'),
    name: label,
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256'),
    /** The key's first characters, to recognise it in a list (`sk-sy-AbCd`). */
    prefix: z.string().max(16),
    team: label.optional(),
    owner: label.optional(),
    routes: z.array(z.string().min(1)).min(1).optional(),
    limits: keyLimitsSchema.default({}),
    createdAt: isoTime,
    expiresAt: isoTime.optional(),
    revokedAt: isoTime.optional(),
  })
  .strict();

export const keysFileSchema = z
  .object({
    version: z.literal(1),
    keys: z.array(virtualKeySchema),
  })
  .strict();

export type VirtualKey = z.infer<typeof virtualKeySchema>;
export type KeysFile = z.infer<typeof keysFileSchema>;

export type KeysFileResult = { ok: true; file: KeysFile } | { ok: false; errors: string[] };

/** The default keys file of a request log: next to it, `.db` replaced by `.keys.json`. */
export function keysPathFor(databaseLocation: string): string {
  if (databaseLocation.includes('://')) return 'switchyard.keys.json';
  const name = basename(databaseLocation).replace(/\.(db|sqlite|sqlite3)$/, '');
  return join(dirname(databaseLocation), `${name}.keys.json`);
}

export function emptyKeysFile(): KeysFile {
  return { version: 1, keys: [] };
}

/** Validates keys-file text: every problem with its path, and duplicate ids or hashes. */
export function parseKeysText(text: string): KeysFileResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const parsed = keysFileSchema.safeParse(document);
  if (!parsed.success) return { ok: false, errors: describeIssues(parsed.error.issues, document) };
  const errors: string[] = [];
  const ids = new Set<string>();
  const hashes = new Set<string>();
  parsed.data.keys.forEach((key, index) => {
    if (ids.has(key.id)) errors.push(`keys.${index}.id: duplicate id '${key.id}'`);
    if (hashes.has(key.sha256)) errors.push(`keys.${index}.sha256: the same key is listed twice`);
    ids.add(key.id);
    hashes.add(key.sha256);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, file: parsed.data };
}

/** Reads a keys file; a missing file is an empty one. */
export function loadKeysFile(path: string): KeysFileResult {
  if (!existsSync(path)) return { ok: true, file: emptyKeysFile() };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`cannot read: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return parseKeysText(text);
}

/** Writes the file whole (temporary file + rename, so a watcher never reads half of it), owner-only. */
export function writeKeysFile(path: string, file: KeysFile): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

function epochMs(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso);
}

/** The records the gateway's key ring holds (revoked and expired keys too, so it can say why it refuses them). */
export function clientKeyRecords(file: KeysFile): ClientKeyRecord[] {
  return file.keys.map((key) => {
    const record: ClientKeyRecord = { id: key.id, sha256: key.sha256, limits: key.limits };
    if (key.team !== undefined) record.team = key.team;
    if (key.owner !== undefined) record.owner = key.owner;
    if (key.routes !== undefined) record.routes = key.routes;
    const expiresAtMs = epochMs(key.expiresAt);
    if (expiresAtMs !== undefined) record.expiresAtMs = expiresAtMs;
    const revokedAtMs = epochMs(key.revokedAt);
    if (revokedAtMs !== undefined) record.revokedAtMs = revokedAtMs;
    return record;
  });
}

export interface NewKeyInput {
  name: string;
  team?: string;
  owner?: string;
  routes?: string[];
  limits: KeyLimits;
  expiresAt?: string;
}

export class KeysFileError extends Error {}

/** A new key id: `key_` + 12 random hex characters. */
export function newKeyId(): string {
  return `key_${randomBytes(6).toString('hex')}`;
}

/**
 * Adds a key (its sha256 only) to the file; the name must not belong to another key that is
 * still active. Returns the new file and the new entry; throws `KeysFileError` when refused.
 */
export function addVirtualKey(
  file: KeysFile,
  input: NewKeyInput,
  secret: { sha256: string; prefix: string },
  nowIso: string,
): { file: KeysFile; key: VirtualKey } {
  const clash = file.keys.find((key) => key.name === input.name && key.revokedAt === undefined);
  if (clash)
    throw new KeysFileError(`a key named '${input.name}' exists (${clash.id}); revoke it first or pick another name`);
  const entry: Record<string, unknown> = {
    id: newKeyId(),
    name: input.name,
    sha256: secret.sha256,
    prefix: secret.prefix,
    team: input.team,
    owner: input.owner,
    routes: input.routes,
    limits: input.limits,
    createdAt: nowIso,
    expiresAt: input.expiresAt,
  };
  for (const field of Object.keys(entry)) if (entry[field] === undefined) delete entry[field];
  const checked = virtualKeySchema.safeParse(entry);
  if (!checked.success) throw new KeysFileError(describeIssues(checked.error.issues, entry).join('; '));
  return { file: { ...file, keys: [...file.keys, checked.data] }, key: checked.data };
}

/** Marks the active key with this id or name revoked (kept in the file so the gateway can say so). */
export function revokeVirtualKey(
  file: KeysFile,
  idOrName: string,
  nowIso: string,
): { file: KeysFile; key: VirtualKey } {
  const matches = file.keys.filter(
    (key) => (key.id === idOrName || key.name === idOrName) && key.revokedAt === undefined,
  );
  if (matches.length === 0) {
    const known = file.keys.filter((key) => key.revokedAt === undefined).map((key) => `${key.id} (${key.name})`);
    throw new KeysFileError(
      `no active key has the id or name '${idOrName}'${known.length > 0 ? `; active keys: ${known.join(', ')}` : ''}`,
    );
  }
  const target = matches[0];
  const revoked: VirtualKey = { ...target, revokedAt: nowIso };
  return { file: { ...file, keys: file.keys.map((key) => (key === target ? revoked : key)) }, key: revoked };
}
