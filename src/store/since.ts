/** `--since` values: a duration back from now (`90s`, `30m`, `1h`, `7d`) or an ISO date/time. */

const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The ISO time a `--since` value means at `nowMs`; throws a message naming what is allowed.
 * @example sinceToIso('1h', Date.parse('2025-06-01T12:00:00Z')) === '2025-06-01T11:00:00.000Z'
 */
export function sinceToIso(text: string, nowMs: number): string {
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (match) return new Date(nowMs - Number(match[1]) * unitMs[match[2]]).toISOString();
  const parsed = Date.parse(text);
  if (Number.isFinite(parsed)) return new Date(parsed).toISOString();
  throw new Error(
    `--since: '${text}' is neither a duration (90s, 30m, 1h, 7d) nor an ISO date (2025-06-01 or 2025-06-01T12:00:00Z)`,
  );
}
