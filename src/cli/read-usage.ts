/**
 * Reads measured usage for `profile --from-log` and `drift`: the gateway's SQLite log, a
 * JSONL or CSV export of it, or a provider's usage export (OpenAI, Anthropic JSON). Only
 * file reading and flag checks here; the measuring is `app/measure-profile.ts`.
 */
import { readFlagFile } from './read-user-file.ts';
import { anthropicUsageBuckets, openAiUsageBuckets, withOpenAiCosts } from '../app/usage-exports.ts';
import type { MeasureInput, MeasureSource } from '../app/measure-profile.ts';
import { parseLogCsv, parseLogJsonl, type ImportedLog } from '../store/import-log.ts';
import { queryRequestLog } from '../store/sqlite.ts';
import { sinceToIso } from '../store/since.ts';
import { UserError, valueOrThrow } from './errors.ts';

export interface UsageSourceFlags {
  db?: string;
  jsonl?: string;
  csv?: string;
  openaiUsage?: string;
  anthropicUsage?: string;
  openaiCosts?: string;
  since?: string;
}

function readJson(flag: string, path: string): unknown {
  try {
    return JSON.parse(readFlagFile(flag, path));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${flag}: ${path} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function checked(flag: string, path: string, imported: ImportedLog): ImportedLog {
  if (imported.rows.length === 0 && imported.badLines > 0)
    throw new UserError(
      `${flag}: ${path} has no log rows:\n${imported.errors.map((line) => `${path}:${line}`).join('\n')}`,
    );
  return imported;
}

/**
 * The measure input the flags name (exactly one source; default ./switchyard.db), and
 * warnings about skipped lines. `sinceMs` from `--since` (a duration back from now or a date).
 */
export function readUsageSource(
  flags: UsageSourceFlags,
  nowMs: number,
  defaults: { db?: string } = {},
): { input: MeasureInput; warnings: string[] } {
  const given = (['db', 'jsonl', 'csv', 'openaiUsage', 'anthropicUsage'] as const).filter(
    (name) => flags[name] !== undefined,
  );
  if (given.length > 1)
    throw new UserError(
      `give one usage source, not ${given.map((name) => `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`).join(' and ')}`,
    );
  let sinceMs: number | undefined;
  if (flags.since !== undefined) {
    try {
      sinceMs = Date.parse(sinceToIso(flags.since, nowMs));
    } catch (error) {
      throw new UserError(error instanceof Error ? error.message : String(error));
    }
  }
  const warnings: string[] = [];
  const base = { sinceMs, nowMs };
  const fromImported = (flag: string, path: string, imported: ImportedLog, source: MeasureSource) => {
    const rows = checked(flag, path, imported);
    if (rows.badLines > 0)
      warnings.push(`${path}: ${rows.badLines} line(s) skipped (${rows.errors.slice(0, 3).join('; ')})`);
    return { input: { ...base, source, rows: rows.rows }, warnings };
  };
  if (flags.jsonl !== undefined)
    return fromImported('--jsonl', flags.jsonl, parseLogJsonl(readFlagFile('--jsonl', flags.jsonl)), {
      kind: 'gateway-log',
      name: flags.jsonl,
    });
  if (flags.csv !== undefined)
    return fromImported('--csv', flags.csv, parseLogCsv(readFlagFile('--csv', flags.csv)), {
      kind: 'gateway-log',
      name: flags.csv,
    });
  if (flags.openaiCosts !== undefined && flags.openaiUsage === undefined)
    throw new UserError('--openai-costs: give it with --openai-usage (the costs attach to the usage workloads)');
  if (flags.openaiUsage !== undefined) {
    let buckets = valueOrThrow(openAiUsageBuckets(readJson('--openai-usage', flags.openaiUsage)), flags.openaiUsage);
    if (flags.openaiCosts !== undefined) {
      const costed = valueOrThrow(
        withOpenAiCosts(buckets, readJson('--openai-costs', flags.openaiCosts)),
        flags.openaiCosts,
      );
      buckets = costed.buckets;
      warnings.push(...costed.warnings);
    }
    return { input: { ...base, source: { kind: 'openai-usage', name: flags.openaiUsage }, buckets }, warnings };
  }
  if (flags.anthropicUsage !== undefined) {
    const buckets = valueOrThrow(
      anthropicUsageBuckets(readJson('--anthropic-usage', flags.anthropicUsage)),
      flags.anthropicUsage,
    );
    return { input: { ...base, source: { kind: 'anthropic-usage', name: flags.anthropicUsage }, buckets }, warnings };
  }
  const dbPath = flags.db ?? defaults.db ?? './switchyard.db';
  let rows: ReturnType<typeof queryRequestLog>;
  try {
    rows = queryRequestLog(dbPath, sinceMs === undefined ? {} : { sinceIso: new Date(sinceMs).toISOString() });
  } catch (error) {
    throw new UserError(`--db: cannot read ${dbPath} (${error instanceof Error ? error.message : String(error)})`);
  }
  return { input: { ...base, source: { kind: 'gateway-log', name: dbPath }, rows }, warnings };
}
