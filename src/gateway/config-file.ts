/**
 * The gateway file (gateway.yaml): the routing config (version, targets, routes, ...)
 * plus `server` settings and hashed client `keys`. Routing and keys reload at run time;
 * `server` settings apply at start.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { builtInCatalog, lookupTokenPriced } from '../catalog/catalog.ts';
import { compileRouting, describeIssues, type CompiledRouting } from '../core/routing/compile.ts';
import { closestNames } from '../core/text/suggest.ts';

export const serverSettingsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8787),
    /** Largest request body accepted, in bytes. */
    bodyLimitBytes: z.number().int().positive().default(1_048_576),
    /** Largest request header block accepted, in bytes (larger: 431). Default 8,192. */
    maxHeaderBytes: z.number().int().min(1024).max(1_048_576).optional(),
    /** Store prompt text in the request log (off by default). */
    logPrompts: z.boolean().default(false),
    /**
     * Load the usage tokenizer (~130 MB) at start instead of on the first answer without usage;
     * for fleets whose upstreams report no usage, so no request pays for loading it.
     */
    preloadTokenizer: z.boolean().default(false),
    /**
     * Request log: a SQLite file (relative paths are relative to the working directory) or a
     * `postgres://` URL shared by several gateways. SWITCHYARD_DB overrides it (keeps a password out of the file).
     */
    db: z.string().min(1).default('./switchyard.db'),
    /**
     * `redis://` URL of the state several gateways share (breakers, in-flight counts, routing
     * version, key limits); unset: in-process. SWITCHYARD_REDIS_URL overrides it.
     */
    redis: z
      .string()
      .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
      .optional(),
    /**
     * Virtual-keys file (`switchyard keys create`); default: next to a SQLite `db`
     * (`switchyard.db` -> `switchyard.keys.json`), or `./switchyard.keys.json` for a URL.
     */
    keysFile: z.string().min(1).optional(),
    /** Delete log rows older than this many days; 0 keeps everything. */
    retentionDays: z.number().int().nonnegative().default(30),
    /** NAME of the environment variable holding the admin key. */
    adminKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .default('SWITCHYARD_ADMIN_KEY'),
    /** Require client keys (false is allowed only on a loopback host). */
    auth: z.boolean().default(true),
  })
  .strict();

/**
 * `telemetry`: OpenTelemetry traces and metrics over OTLP/HTTP (off unless an endpoint is
 * set here, by `--otel-endpoint` or by OTEL_EXPORTER_OTLP_ENDPOINT). Applies at start.
 */
export const telemetrySettingsSchema = z
  .object({
    /** Base URL of an OTLP/HTTP receiver; `/v1/traces` and `/v1/metrics` are appended. */
    otlpEndpoint: z
      .string()
      .regex(/^https?:\/\/[^\s]+$/, 'an http:// or https:// URL (e.g. http://127.0.0.1:4318)')
      .optional(),
    /** `service.name` of the resource (OTEL_SERVICE_NAME overrides it). */
    serviceName: z.string().min(1).default('switchyard-gateway'),
    /** How often metrics are exported, in milliseconds. */
    metricsIntervalMs: z.number().int().min(1000).max(3_600_000).default(10_000),
    /** Extra HTTP headers on every export (OTEL_EXPORTER_OTLP_HEADERS keeps secrets out of the file). */
    headers: z.record(z.string().min(1), z.string()).default({}),
    /**
     * Share of requests whose attempts become spans, 0 to 1 (the trace id decides, so all the
     * attempts of a request are traced or none; OTEL_TRACES_SAMPLER overrides it). Metrics
     * count every attempt whatever this is.
     */
    traceSampleRatio: z.number().min(0).max(1).default(1),
  })
  .strict();

export const clientKeySchema = z
  .object({
    id: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256 (create keys with `switchyard keys create`)'),
    createdAt: z.string().optional(),
  })
  .strict();

export type ServerSettings = z.infer<typeof serverSettingsSchema>;
export type TelemetrySettings = z.infer<typeof telemetrySettingsSchema>;
export type ClientKeyEntry = z.infer<typeof clientKeySchema>;

export interface GatewayFile {
  routing: CompiledRouting;
  server: ServerSettings;
  keys: ClientKeyEntry[];
  telemetry: TelemetrySettings;
}

export type GatewayFileResult = { ok: true; file: GatewayFile } | { ok: false; errors: string[] };

/** Catalog ids named in `pricing.catalog` must exist (with a suggestion when they do not). */
export function checkCatalogPricing(routing: CompiledRouting): string[] {
  const errors: string[] = [];
  for (const [name, target] of Object.entries(routing.targets)) {
    const pricing = target.pricing;
    if (pricing && 'catalog' in pricing && !lookupTokenPriced(builtInCatalog, pricing.catalog)) {
      const suggestions = closestNames(
        pricing.catalog,
        builtInCatalog.tokenPriced.map((entry) => entry.id),
      );
      errors.push(
        `targets.${name}.pricing.catalog: unknown catalog model '${pricing.catalog}'; did you mean ${suggestions.map((entry) => `'${entry}'`).join(' or ')}?`,
      );
    }
  }
  return errors;
}

/** Validates a routing config given as data, catalog prices included. */
export function validateRouting(
  input: unknown,
): { ok: true; routing: CompiledRouting } | { ok: false; errors: string[] } {
  const compiled = compileRouting(input);
  if (!compiled.ok) return compiled;
  const errors = checkCatalogPricing(compiled.routing);
  return errors.length > 0 ? { ok: false, errors } : compiled;
}

/** Validates a parsed gateway file (routing + server + keys). */
export function parseGatewayFile(document: unknown): GatewayFileResult {
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    return { ok: false, errors: ['(top level): expected a mapping with version, targets and routes'] };
  const { server, keys, telemetry, ...routingInput } = document as Record<string, unknown>;
  const errors: string[] = [];
  const routing = validateRouting(routingInput);
  if (!routing.ok) errors.push(...routing.errors);
  const serverParsed = serverSettingsSchema.safeParse(server ?? {});
  if (!serverParsed.success)
    errors.push(...describeIssues(serverParsed.error.issues, server).map((line) => `server.${line}`));
  const telemetryParsed = telemetrySettingsSchema.safeParse(telemetry ?? {});
  if (!telemetryParsed.success)
    errors.push(...describeIssues(telemetryParsed.error.issues, telemetry).map((line) => `telemetry.${line}`));
  const keysParsed = z.array(clientKeySchema).safeParse(keys ?? []);
  if (!keysParsed.success) errors.push(...describeIssues(keysParsed.error.issues, keys).map((line) => `keys.${line}`));
  if (keysParsed.success) {
    const seen = new Set<string>();
    for (const key of keysParsed.data) {
      if (seen.has(key.id)) errors.push(`keys: duplicate key id '${key.id}'`);
      seen.add(key.id);
    }
  }
  if (errors.length > 0 || !routing.ok || !serverParsed.success || !keysParsed.success || !telemetryParsed.success)
    return { ok: false, errors };
  return {
    ok: true,
    file: {
      routing: routing.routing,
      server: serverParsed.data,
      keys: keysParsed.data,
      telemetry: telemetryParsed.data,
    },
  };
}

/** Parses gateway YAML text (YAML syntax errors come back with their line). */
export function parseGatewayYaml(text: string): GatewayFileResult {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    return { ok: false, errors: [`YAML: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return parseGatewayFile(document);
}

/** Reads and validates a gateway file. */
export function loadGatewayFile(path: string): GatewayFileResult & { text?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`${path}: cannot read (${error instanceof Error ? error.message : String(error)})`] };
  }
  return { ...parseGatewayYaml(text), text };
}

/** Whether a host name or address is loopback-only (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
