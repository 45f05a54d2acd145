/**
 * The dashboard form, derived from the profile's zod schema (via its JSON Schema), so
 * every profile field gets an input and a new schema field shows up without UI work.
 * Labels come from the field names; hints add units where the name alone is not enough.
 */
import { z } from 'zod';
import { profileSchema } from '../core/workload/schema.ts';

export type FormLeafKind = 'number' | 'integer' | 'text' | 'boolean' | 'choice' | 'text-list' | 'constant';

export interface FormLeaf {
  kind: FormLeafKind;
  key: string;
  label: string;
  required: boolean;
  /** The schema's default, shown as the placeholder (the field stays empty in the YAML). */
  defaultValue?: string | number | boolean | string[];
  choices?: string[];
  hint?: string;
  minimum?: number;
  maximum?: number;
}

export interface FormGroup {
  kind: 'group';
  key: string;
  label: string;
  children: FormField[];
}

/** A list of groups (the workloads). */
export interface FormList {
  kind: 'list';
  key: string;
  label: string;
  item: FormGroup;
}

export type FormField = FormLeaf | FormGroup | FormList;

interface JsonSchemaNode {
  type?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  enum?: Array<string | number>;
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

const hints: Record<string, string> = {
  engineerLoadedCostUsdPerYear: 'USD per year, fully loaded',
  horizonMonths: 'months of TCO',
  cloudManagedMarkup: 'share over raw GPU cost (0.3 = +30%)',
  sreFte: 'share of one SRE (0.5 = 50%)',
  mlEngineerFte: 'share of one ML engineer',
  setupEngineerMonths: 'engineer-months, one-off',
  upgradeIntervalMonths: 'months between model upgrades',
  upgradeEngineerMonths: 'engineer-months per upgrade',
  onCallUsdPerMonth: 'USD/month',
  evalInfraUsdPerMonth: 'USD/month',
  observabilityUsdPerMonth: 'USD/month',
  storageGb: 'GB',
  requestsPerDay: 'requests/day (or tokens/month)',
  tokensPerMonth: 'tokens/month (input + output)',
  inputPerRequest: 'tokens',
  outputPerRequest: 'tokens',
  cachedInputShare: '0-1 share of input tokens',
  peakToMeanRatio: 'busiest hour / average hour',
  monthlyGrowthRate: '0.05 = +5% per month',
  weekendFactor: 'weekend traffic / weekday (0-2)',
  burstsPerDay: 'bursts per day',
  utcOffsetHours: "hours from UTC of the users' clock (e.g. -5, 8)",
  ttftMs: 'ms, time to first token',
  endToEndMs: 'ms',
  openModels: 'catalog ids, comma-separated, best first',
  apiModel: 'catalog id, e.g. gpt-4.1',
  hostedOpenProvider: 'e.g. together, groq',
  gpu: "GPU id, e.g. h100-sxm, or 'auto' to search every GPU",
  engine: "vllm, sglang, tensorrt-llm, tgi, or 'auto' (empty = vllm)",
  tokensPerHourPerGpu: 'tokens/hour (empty = capacity model)',
  gpusPerReplica: 'tensor-parallel GPUs (empty = auto)',
  targetPeakUtilization: 'share of throughput at peak (0-1]',
  redundancyReplicas: 'spare replicas (1 = N+1)',
  hybridSelfHostedShare: 'share of traffic self-hosted (0-1)',
  revenueAtStakeUsdPerMonthPer100Ms: 'USD/month lost per 100 ms over SLO',
  currentMonthlySpendUsd: 'USD/month today',
  qualityGapPoints: 'eval points, open vs current',
};

/** `engineerLoadedCostUsdPerYear` -> `Engineer loaded cost USD per year`; `ttftMs` -> `TTFT ms`. */
export function labelFor(key: string): string {
  const acronyms: Record<string, string> = {
    usd: 'USD',
    ttft: 'TTFT',
    gpu: 'GPU',
    gpus: 'GPUs',
    fte: 'FTE',
    ml: 'ML',
    ops: 'ops',
    api: 'API',
    ms: 'ms',
    gb: 'GB',
  };
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(' ')
    .map((word) => word.toLowerCase());
  const text = words.map((word) => acronyms[word] ?? word).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function leafFrom(key: string, node: JsonSchemaNode, required: boolean): FormLeaf {
  const base = { key, label: labelFor(key), required, hint: hints[key] };
  const defaultValue = node.default as FormLeaf['defaultValue'];
  if (node.const !== undefined)
    return { ...base, kind: 'constant', defaultValue: node.const as FormLeaf['defaultValue'] };
  if (node.enum) return { ...base, kind: 'choice', choices: node.enum.map(String), defaultValue };
  if (node.type === 'boolean') return { ...base, kind: 'boolean', defaultValue };
  if (node.type === 'array') return { ...base, kind: 'text-list', defaultValue };
  if (node.type === 'number' || node.type === 'integer') {
    return {
      ...base,
      kind: node.type,
      defaultValue,
      minimum: node.minimum ?? node.exclusiveMinimum,
      maximum: node.maximum ?? node.exclusiveMaximum,
    };
  }
  return { ...base, kind: 'text', defaultValue };
}

function groupFrom(key: string, node: JsonSchemaNode): FormGroup {
  const required = new Set(node.required ?? []);
  const children = Object.entries(node.properties ?? {}).map(([childKey, child]): FormField => {
    if (child.type === 'object' && child.properties) return groupFrom(childKey, child);
    if (child.type === 'array' && child.items?.type === 'object')
      return { kind: 'list', key: childKey, label: labelFor(childKey), item: groupFrom(childKey, child.items) };
    return leafFrom(childKey, child, required.has(childKey));
  });
  return { kind: 'group', key, label: labelFor(key), children };
}

/** The form for the workload profile: one group per object, a list for `workloads`. */
export function profileFormSpec(): FormGroup {
  const schema = z.toJSONSchema(profileSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  return groupFrom('', schema);
}

/** Every leaf's dotted path (list items as `[0]`), for tests: the form covers the schema. */
export function leafPaths(field: FormField, prefix = ''): string[] {
  if (field.kind === 'group') {
    const base = field.key === '' ? prefix : join(prefix, field.key);
    return field.children.flatMap((child) => leafPaths(child, base));
  }
  if (field.kind === 'list')
    return field.item.children.flatMap((child) => leafPaths(child, `${join(prefix, field.key)}[0]`));
  return [join(prefix, field.key)];
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}
