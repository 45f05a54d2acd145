/**
 * Choosing where a request goes, as a pure seeded function. Carrying the plan out
 * (HTTP, timeouts, streaming) is the gateway executor's job.
 *
 * Order of a plan: the first matching rule's targets (else the route's weights) in
 * weighted order, then the route's fallbacks, then its overflow target; duplicates
 * dropped. Targets whose circuit is open, or that are at their max concurrency, stay in
 * the plan marked as skipped, so the executor logs one row for each.
 */
import { circuitDecision, closedCircuit, type CircuitSettings, type CircuitState } from './circuit.ts';
import type { CompiledRoute, CompiledRule, RouteDeadlines } from './compile.ts';
import type { TargetConfig } from './schema.ts';
import { weightedOrder } from './weighted.ts';

/** What the rules may look at; the gateway fills only the fields the route needs. */
export interface RequestFacts {
  feature?: string;
  metadata?: Readonly<Record<string, unknown>>;
  promptTokens?: number;
  lastUserMessage?: string;
}

export type AttemptRole = 'primary' | 'fallback' | 'overflow';
export type SkipReason = 'circuit-open' | 'saturated';

export interface PlannedAttempt {
  target: string;
  role: AttemptRole;
  /** Set when the target must not be tried; the executor logs it and moves on. */
  skip?: SkipReason;
  /** True when this attempt is the half-open probe of an open circuit. */
  probe: boolean;
}

export interface AttemptPlan {
  /** The rule that chose the targets, when one matched. */
  ruleName?: string;
  attempts: PlannedAttempt[];
  /** The route's deadlines (the compiled route's own object). */
  deadlines: RouteDeadlines;
}

export interface PlanInput {
  route: CompiledRoute;
  targets: Readonly<Record<string, TargetConfig>>;
  facts: RequestFacts;
  circuits: ReadonlyMap<string, CircuitState>;
  circuitSettings: CircuitSettings;
  inFlight: ReadonlyMap<string, number>;
  nowMs: number;
  random: () => number;
}

/** Whether every condition of a rule holds for the request. */
export function ruleMatches(rule: CompiledRule, facts: RequestFacts): boolean {
  if (rule.features && (facts.feature === undefined || !rule.features.has(facts.feature))) return false;
  if (rule.metadata) {
    const metadata = facts.metadata;
    if (!metadata) return false;
    for (const [key, expected] of Object.entries(rule.metadata))
      if (String(metadata[key]) !== String(expected) || metadata[key] === undefined) return false;
  }
  if (rule.minPromptTokens !== undefined && (facts.promptTokens ?? 0) < rule.minPromptTokens) return false;
  if (rule.maxPromptTokens !== undefined && (facts.promptTokens ?? 0) > rule.maxPromptTokens) return false;
  if (rule.lastUserMessagePattern && !rule.lastUserMessagePattern.test(facts.lastUserMessage ?? '')) return false;
  return true;
}

/**
 * The ordered attempt plan for one request.
 * @example with weights {vllm: 70, openai: 30}, fallbacks [openai], overflow openai and random() = 0.5,
 *   the plan is vllm (primary) then openai (fallback): 0.5 * 100 = 50 lands in vllm's slice [0, 70).
 */
export function planAttempts(input: PlanInput): AttemptPlan {
  const { route, facts } = input;
  const rule = firstMatchingRule(route.rules, facts);
  const weighted = weightedOrder(rule ? rule.weights : route.weights, input.random);
  const attempts: PlannedAttempt[] = [];
  // Plain loops and a helper instead of per-call closures: this runs on every request.
  for (let index = 0; index < weighted.length; index += 1)
    addAttempt(input, attempts, weighted[index], index === 0 ? 'primary' : 'fallback');
  for (const target of route.fallbacks) addAttempt(input, attempts, target, 'fallback');
  if (route.overflow !== undefined) addAttempt(input, attempts, route.overflow, 'overflow');
  return { ruleName: rule?.name, attempts, deadlines: route.deadlines };
}

function firstMatchingRule(rules: ReadonlyArray<CompiledRule>, facts: RequestFacts): CompiledRule | undefined {
  for (const rule of rules) if (ruleMatches(rule, facts)) return rule;
  return undefined;
}

/** Appends a target unless the plan has it already (plans hold a handful of targets, so a scan beats a Set). */
function addAttempt(input: PlanInput, attempts: PlannedAttempt[], target: string, role: AttemptRole): void {
  for (const attempt of attempts) if (attempt.target === target) return;
  const decision = circuitDecision(input.circuits.get(target) ?? closedCircuit, input.nowMs, input.circuitSettings);
  const maxConcurrency = input.targets[target]?.maxConcurrency;
  const saturated = maxConcurrency !== undefined && (input.inFlight.get(target) ?? 0) >= maxConcurrency;
  const skip: SkipReason | undefined = decision === 'reject' ? 'circuit-open' : saturated ? 'saturated' : undefined;
  attempts.push({ target, role, skip, probe: decision === 'probe' && !skip });
}
