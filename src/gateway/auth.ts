/**
 * Client keys: the gateway stores only sha256 hashes with an id for attribution; a
 * request's bearer key is hashed and looked up. The admin key is checked the same way.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface ClientKeyRecord {
  id: string;
  /** Hex sha256 of the key. */
  sha256: string;
}

/** Hex sha256 of a key. @example hashKey('abc') === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A new random client key, `sy-` + 43 base64url characters (256 bits). */
export function generateKey(): string {
  return `sy-${randomBytes(32).toString('base64url')}`;
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
  private readonly idByHash: Map<string, string>;
  constructor(records: ReadonlyArray<ClientKeyRecord>) {
    this.idByHash = new Map(records.map((record) => [record.sha256.toLowerCase(), record.id]));
  }
  get size(): number {
    return this.idByHash.size;
  }
  /** Recently seen valid keys -> id, so the hot path hashes each key once (bounded; cleared on reload). */
  private readonly recent = new Map<string, string>();

  /** The key id for a presented key, or undefined when unknown. */
  identify(key: string): string | undefined {
    const cached = this.recent.get(key);
    if (cached !== undefined) return cached;
    const id = this.idByHash.get(hashKey(key));
    if (id !== undefined) {
      if (this.recent.size >= 1_000) this.recent.clear();
      this.recent.set(key, id);
    }
    return id;
  }
}

/** Constant-time check of a presented key against a stored sha256. */
export function matchesHash(key: string, sha256: string): boolean {
  const presented = Buffer.from(hashKey(key), 'hex');
  const stored = Buffer.from(sha256, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
