/**
 * Client keys: the gateway stores only sha256 hashes with an id for attribution; a
 * request's bearer key is hashed and looked up. The admin key is checked the same way.
 * Virtual keys (keys-file.ts) add labels, limits, allowed routes, expiry and revocation to
 * the same record; keys from the config file's `keys:` list have none of them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Per-key limits; an absent one is unlimited (docs/gateway.md, "Virtual keys"). */
export interface KeyLimits {
  requestsPerMinute?: number;
  /** Input plus output tokens per minute, counted after each answer. */
  tokensPerMinute?: number;
  /** Spend per UTC day and per UTC calendar month, counted after each answer. */
  usdPerDay?: number;
  usdPerMonth?: number;
}

export interface ClientKeyRecord {
  id: string;
  /** Hex sha256 of the key. */
  sha256: string;
  team?: string;
  owner?: string;
  /** Routes the key may call; absent: every route. */
  routes?: readonly string[];
  limits?: KeyLimits;
  /** Epoch ms after which the key is refused (401 key_expired). */
  expiresAtMs?: number;
  /** Epoch ms the key was revoked at (401 key_revoked). */
  revokedAtMs?: number;
}

/** Hex sha256 of a key. @example hashKey('abc') === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A new random client key, `sk-sy-` + 43 base64url characters (256 bits). */
export function generateKey(): string {
  return `sk-sy-${randomBytes(32).toString('base64url')}`;
}

/** The bearer token of a request (`Authorization: Bearer X`, or `x-api-key: X`). */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (
    typeof authorization === 'string' &&
    authorization.length > 7 &&
    authorization.slice(0, 7).toLowerCase() === 'bearer '
  )
    return authorization.slice(7).trim();
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

export class KeyRing {
  private readonly recordByHash: Map<string, ClientKeyRecord>;
  constructor(records: ReadonlyArray<ClientKeyRecord>) {
    this.recordByHash = new Map(records.map((record) => [record.sha256.toLowerCase(), record]));
  }
  get size(): number {
    return this.recordByHash.size;
  }
  /** Recently seen valid keys -> record, so the hot path hashes each key once (bounded; cleared on reload). */
  private readonly recent = new Map<string, ClientKeyRecord>();

  /** The record of a presented key (revoked and expired ones included), or undefined when unknown. */
  identify(key: string): ClientKeyRecord | undefined {
    const cached = this.recent.get(key);
    if (cached !== undefined) return cached;
    const record = this.recordByHash.get(hashKey(key));
    if (record !== undefined) {
      if (this.recent.size >= 1_000) this.recent.clear();
      this.recent.set(key, record);
    }
    return record;
  }
}

/** Constant-time check of a presented key against a stored sha256. */
export function matchesHash(key: string, sha256: string): boolean {
  const presented = Buffer.from(hashKey(key), 'hex');
  const stored = Buffer.from(sha256, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
