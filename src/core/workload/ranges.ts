/**
 * Ranges and distributions in a profile. Any numeric field may be written as
 *
 * - `2.5..4` (a string) or `{ low: 2.5, high: 4 }`: uniform on the range;
 * - `{ p10: 2.5, p90: 4 }`: 10% of outcomes below 2.5, 10% above 4;
 * - `{ triangular: [2, 3, 5] }`: low, most likely, high.
 *
 * `separateRanges` finds them in the raw input, checks each with a zod schema, and gives
 * back the input with every range replaced by its central value (`centralValue`: the
 * midpoint, the mode or the median) plus the list of uncertain fields. The profile schema
 * then validates the central values and both ends of every range, so existing profiles
 * (plain numbers) parse exactly as before.
 */
import { z } from 'zod';
import { centralValue, drawEnds, type Uncertain } from '../uncertainty/distribution.ts';
import type { Problem } from '../problem.ts';

/** A field of the profile given as a range or distribution. */
export interface UncertainField {
  /** The field's path as problems print it: `workloads[0].volume.requestsPerDay`. */
  path: string;
  keys: Array<string | number>;
  distribution: Uncertain;
  /** The schema wants a whole number here (months, replicas): draws are rounded. */
  wholeNumber: boolean;
}

/** Fields the profile schema requires to be whole numbers. */
export const wholeNumberFields: ReadonlySet<string> = new Set([
  'horizonMonths',
  'buildPeriodMonths',
  'upgradeIntervalMonths',
  'gpusPerReplica',
  'redundancyReplicas',
]);

const finite = (what: string) => z.number({ error: `${what} must be a number` }).finite();
const numberText = String.raw`[-+]?(?:\d[\d_]*)(?:\.\d+)?(?:[eE][-+]?\d+)?`;
const rangeTextPattern = new RegExp(String.raw`^\s*(${numberText})\s*\.\.\s*(${numberText})\s*$`);

const uniformSchema = z
  .object({ low: finite('low'), high: finite('high') })
  .strict()
  .refine((range) => range.low <= range.high, {
    error: (issue) => {
      const range = issue.input as { low: number; high: number };
      return `low (${range.low}) is above high (${range.high}): write a range as low..high`;
    },
  })
  .transform((range): Uncertain => ({ kind: 'uniform', low: range.low, high: range.high }));

const p10p90Schema = z
  .object({ p10: finite('p10'), p90: finite('p90') })
  .strict()
  .refine((range) => range.p10 < range.p90, { error: 'p10 must be below p90' })
  .transform((range): Uncertain => ({ kind: 'p10-p90', p10: range.p10, p90: range.p90 }));

const triangularSchema = z
  .object({
    triangular: z.tuple([finite('low'), finite('mode'), finite('high')], {
      error: 'triangular needs [low, mode, high]',
    }),
  })
  .strict()
  .refine(({ triangular: [low, mode, high] }) => low <= mode && mode <= high, {
    error: 'triangular [low, mode, high] needs low <= mode <= high',
  })
  .transform(({ triangular: [low, mode, high] }): Uncertain => ({ kind: 'triangular', low, mode, high }));

const rangeTextSchema = z
  .string()
  .regex(rangeTextPattern)
  .transform((text) => {
    const match = rangeTextPattern.exec(text);
    const [low, high] = [match?.[1] ?? '', match?.[2] ?? ''].map((part) => Number(part.replaceAll('_', '')));
    return { low, high };
  })
  .pipe(uniformSchema);

/**
 * The zod schema of one range or distribution, chosen by its shape (a `low..high`
 * string, `triangular`, `p10`/`p90`, else `low`/`high`), so its errors are about that form.
 * @example uncertainSchemaFor('2.5..4').parse('2.5..4') // { kind: 'uniform', low: 2.5, high: 4 }
 */
export function uncertainSchemaFor(value: unknown): z.ZodType<Uncertain> {
  if (typeof value === 'string') return rangeTextSchema;
  const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
  if (keys.includes('triangular')) return triangularSchema;
  if (keys.includes('p10') || keys.includes('p90')) return p10p90Schema;
  return uniformSchema;
}

const rangeKeys = new Set(['low', 'high', 'p10', 'p90', 'triangular']);

/**
 * Whether a raw value is written as a range or distribution (not yet validated).
 * @example looksUncertain('2.5..4') && looksUncertain({ p10: 1, p90: 2 }) && !looksUncertain('h100-sxm') // true
 */
export function looksUncertain(value: unknown): boolean {
  if (typeof value === 'string') return rangeTextPattern.test(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => rangeKeys.has(key));
}

function formatKeys(keys: ReadonlyArray<string | number>): string {
  let text = '';
  for (const part of keys) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text === '' ? '(root)' : text;
}

/** The raw input with every uncertain field replaced by `valueFor(field)`. */
export function substituteRanges(
  input: unknown,
  fields: readonly UncertainField[],
  valueFor: (field: UncertainField) => number,
): unknown {
  let result = input;
  for (const field of fields) result = setAt(result, field.keys, valueFor(field));
  return result;
}

/**
 * A copy of `target` with the value at `keys` replaced (objects and arrays along the path
 * are copied, the rest shared).
 * @example setAt({ a: { b: 1, c: 2 } }, ['a', 'b'], 5) // { a: { b: 5, c: 2 } }
 */
export function setAt(target: unknown, keys: ReadonlyArray<string | number>, value: unknown): unknown {
  if (keys.length === 0) return value;
  const [head, ...rest] = keys;
  if (Array.isArray(target)) {
    const copy = [...target];
    copy[Number(head)] = setAt(copy[Number(head)], rest, value);
    return copy;
  }
  const record = target !== null && typeof target === 'object' ? (target as Record<string, unknown>) : {};
  return { ...record, [head]: setAt(record[head], rest, value) };
}

/** The value a deterministic plan uses for a field: its central value, rounded for whole-number fields. */
export function fieldCentralValue(field: UncertainField): number {
  const value = centralValue(field.distribution);
  return field.wholeNumber ? Math.round(value) : value;
}

/**
 * Finds the ranges and distributions in raw profile input.
 * @example
 * separateRanges({ workloads: [{ volume: { requestsPerDay: '1000..3000' } }] })
 * // { central: { workloads: [{ volume: { requestsPerDay: 2000 } }] },
 * //   fields: [{ path: 'workloads[0].volume.requestsPerDay', distribution: { kind: 'uniform', low: 1000, high: 3000 }, ... }],
 * //   problems: [] }
 */
export function separateRanges(input: unknown): { central: unknown; fields: UncertainField[]; problems: Problem[] } {
  const fields: UncertainField[] = [];
  const problems: Problem[] = [];
  const walk = (value: unknown, keys: Array<string | number>) => {
    if (looksUncertain(value)) {
      const parsed = uncertainSchemaFor(value).safeParse(value);
      if (parsed.success) {
        const last = keys[keys.length - 1];
        fields.push({
          path: formatKeys(keys),
          keys,
          distribution: parsed.data,
          wholeNumber: typeof last === 'string' && wholeNumberFields.has(last),
        });
      } else {
        for (const issue of parsed.error.issues)
          problems.push({
            path: formatKeys([...keys, ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))]),
            value,
            message: `${issue.message} (a range is low..high, { low, high }, { p10, p90 } or { triangular: [low, mode, high] })`,
            code: 'invalid_value',
          });
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, [...keys, index]);
      });
    } else if (value !== null && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) walk(inner, [...keys, key]);
  };
  walk(input, []);
  return { central: substituteRanges(input, fields, fieldCentralValue), fields, problems };
}

/** The ends of every field's draws, for the schema to check (`low` and `high` of `drawEnds`). */
export function rangeEnd(field: UncertainField, end: 'low' | 'high'): number {
  const value = drawEnds(field.distribution)[end];
  return field.wholeNumber ? Math.round(value) : value;
}
