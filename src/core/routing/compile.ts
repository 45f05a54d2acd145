/**
 * Validates a routing config (schema + cross-references) and compiles it into the shape
 * the planner reads: weight lists, compiled regexes, and flags saying which request facts
 * the rules need (so the gateway tokenizes a prompt only when a rule looks at its size).
 */
import type { z } from 'zod';
import { closestNames } from '../text/suggest.ts';
import {
  defaultRequestTimeoutMs,
  routingConfigSchema,
  type RouteConfig,
  type RoutingConfig,
  type TargetConfig,
} from './schema.ts';
import type { WeightedEntry } from './weighted.ts';

export interface CompiledRule {
  name: string;
  features?: ReadonlySet<string>;
  metadata?: Readonly<Record<string, string | number | boolean>>;
  minPromptTokens?: number;
  maxPromptTokens?: number;
  lastUserMessagePattern?: RegExp;
  weights: WeightedEntry<string>[];
}

/** A route's deadlines: its own request deadline, and overrides of its targets' attempt limits. */
export interface RouteDeadlines {
  requestTimeoutMs: number;
  firstTokenTimeoutMs?: number;
  attemptTimeoutMs?: number;
}

export interface CompiledRoute {
  name: string;
  deadlines: RouteDeadlines;
  weights: WeightedEntry<string>[];
  rules: CompiledRule[];
  fallbacks: string[];
  overflow?: string;
  needsPromptTokens: boolean;
  needsLastUserMessage: boolean;
}

export interface CompiledRouting {
  version: number;
  config: RoutingConfig;
  targets: Readonly<Record<string, TargetConfig>>;
  routes: ReadonlyMap<string, CompiledRoute>;
  defaultRoute?: CompiledRoute;
}

export type CompileResult = { ok: true; routing: CompiledRouting } | { ok: false; errors: string[] };

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? '(top level)' : path.map((part) => String(part)).join('.');
}

/** Turns zod issues into `path: message (got value)` lines. */
export function describeIssues(issues: ReadonlyArray<z.core.$ZodIssue>, input: unknown): string[] {
  return issues.map((issue) => {
    let value: unknown = input;
    for (const part of issue.path)
      value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined;
    const shown = value === undefined || typeof value === 'object' ? '' : ` (got ${JSON.stringify(value)})`;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const hint = keys.includes('apiKey') ? ': put the key in an environment variable and name it with `apiKeyEnv`' : '';
    return `${formatPath(issue.path)}: ${issue.message}${shown}${hint}`;
  });
}

function weightEntries(weights: Record<string, number>): WeightedEntry<string>[] {
  return Object.entries(weights).map(([value, weight]) => ({ value, weight }));
}

function checkTarget(reference: string, path: string, targets: Record<string, TargetConfig>, errors: string[]): void {
  if (targets[reference]) return;
  const suggestions = closestNames(reference, Object.keys(targets), 1);
  const hint = suggestions.length > 0 ? `; did you mean '${suggestions[0]}'?` : '';
  errors.push(`${path}: unknown target '${reference}' (known: ${Object.keys(targets).join(', ') || 'none'})${hint}`);
}

function checkWeights(
  weights: Record<string, number>,
  path: string,
  targets: Record<string, TargetConfig>,
  errors: string[],
): void {
  for (const target of Object.keys(weights)) checkTarget(target, `${path}.${target}`, targets, errors);
  if (!Object.values(weights).some((weight) => weight > 0)) errors.push(`${path}: at least one weight must be > 0`);
}

function compileRoute(
  routeName: string,
  route: RouteConfig,
  targets: Record<string, TargetConfig>,
  errors: string[],
): CompiledRoute {
  const base = `routes.${routeName}`;
  checkWeights(route.weights, `${base}.weights`, targets, errors);
  route.fallbacks.forEach((target, index) => {
    checkTarget(target, `${base}.fallbacks.${index}`, targets, errors);
  });
  if (route.overflow) checkTarget(route.overflow, `${base}.overflow`, targets, errors);
  const rules = route.rules.map((rule, index): CompiledRule => {
    const path = `${base}.rules.${index}`;
    const weights = rule.target !== undefined ? { [rule.target]: 1 } : (rule.weights ?? {});
    checkWeights(weights, rule.target !== undefined ? `${path}.target` : `${path}.weights`, targets, errors);
    let lastUserMessagePattern: RegExp | undefined;
    if (rule.when.lastUserMessageMatches !== undefined) {
      try {
        lastUserMessagePattern = new RegExp(rule.when.lastUserMessageMatches);
      } catch (error) {
        errors.push(
          `${path}.when.lastUserMessageMatches: not a valid regular expression (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    }
    const feature = rule.when.feature;
    return {
      name: rule.name ?? `rule ${index + 1}`,
      features: feature === undefined ? undefined : new Set(typeof feature === 'string' ? [feature] : feature),
      metadata: rule.when.metadata,
      minPromptTokens: rule.when.minPromptTokens,
      maxPromptTokens: rule.when.maxPromptTokens,
      lastUserMessagePattern,
      weights: weightEntries(weights),
    };
  });
  const deadlines: RouteDeadlines = { requestTimeoutMs: route.requestTimeoutMs ?? defaultRequestTimeoutMs };
  if (route.firstTokenTimeoutMs !== undefined) deadlines.firstTokenTimeoutMs = route.firstTokenTimeoutMs;
  if (route.attemptTimeoutMs !== undefined) deadlines.attemptTimeoutMs = route.attemptTimeoutMs;
  return {
    name: routeName,
    deadlines,
    weights: weightEntries(route.weights),
    rules,
    fallbacks: route.fallbacks,
    overflow: route.overflow,
    needsPromptTokens: rules.some((rule) => rule.minPromptTokens !== undefined || rule.maxPromptTokens !== undefined),
    needsLastUserMessage: rules.some((rule) => rule.lastUserMessagePattern !== undefined),
  };
}

/**
 * Validates and compiles a routing config given as plain data (parsed YAML or JSON).
 * Errors name the field path, the bad value and what is allowed.
 */
export function compileRouting(input: unknown): CompileResult {
  const parsed = routingConfigSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: describeIssues(parsed.error.issues, input) };
  const config = parsed.data;
  const errors: string[] = [];
  if (Object.keys(config.routes).length === 0) errors.push('routes: at least one route is needed');
  const routes = new Map<string, CompiledRoute>();
  for (const [routeName, route] of Object.entries(config.routes))
    routes.set(routeName, compileRoute(routeName, route, config.targets, errors));
  if (config.defaultRoute !== undefined && !routes.has(config.defaultRoute)) {
    errors.push(`defaultRoute: unknown route '${config.defaultRoute}' (known: ${[...routes.keys()].join(', ')})`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    routing: {
      version: config.version,
      config,
      targets: config.targets,
      routes,
      defaultRoute: config.defaultRoute === undefined ? undefined : routes.get(config.defaultRoute),
    },
  };
}

/** The route serving a model name: the route of that name, else the default route. */
export function resolveRoute(routing: CompiledRouting, model: string): CompiledRoute | undefined {
  return routing.routes.get(model) ?? routing.defaultRoute;
}
