import { describe, expect, it } from 'vitest';
import {
  circuitDecision,
  circuitOnAttemptStart,
  circuitOnFailure,
  circuitOnSuccess,
  circuitTrip,
  closedCircuit,
  type CircuitState,
} from './circuit.ts';
import { compileRouting, resolveRoute } from './compile.ts';
import { planAttempts, type PlanInput } from './plan.ts';
import { attemptCostUsd, gpuShareRates } from './pricing.ts';
import { createSeededRandom } from './random.ts';
import { pickWeightedIndex, weightedOrder } from './weighted.ts';

const baseConfig = {
  version: 3,
  targets: {
    vllm: { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9001/v1', model: 'llama', maxConcurrency: 2 },
    openai: {
      provider: 'openai',
      baseUrl: 'http://127.0.0.1:9002/v1',
      model: 'gpt-4.1-mini',
      apiKeyEnv: 'OPENAI_API_KEY',
    },
    claude: { provider: 'anthropic', baseUrl: 'http://127.0.0.1:9003/v1', model: 'claude-sonnet-4-20250514' },
  },
  routes: {
    'chat-default': {
      weights: { vllm: 70, openai: 30 },
      rules: [
        { name: 'support', when: { feature: 'support-bot' }, target: 'claude' },
        { name: 'long', when: { minPromptTokens: 8000 }, target: 'openai' },
        { name: 'premium', when: { metadata: { tier: 'premium' } }, target: 'claude' },
        { name: 'code', when: { lastUserMessageMatches: '```' }, weights: { openai: 1 } },
      ],
      fallbacks: ['openai'],
      overflow: 'openai',
    },
  },
};

function compiled() {
  const result = compileRouting(baseConfig);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.routing;
}

function planFor(overrides: Partial<PlanInput>) {
  const routing = compiled();
  return planAttempts({
    route: routing.routes.get('chat-default')!,
    targets: routing.targets,
    facts: {},
    circuits: new Map(),
    circuitSettings: { failureThreshold: 5, cooldownMs: 30_000 },
    inFlight: new Map(),
    nowMs: 0,
    random: () => 0.5,
    ...overrides,
  });
}

describe('weighted picker', () => {
  it('pickWeightedIndex and weightedOrder: the doc examples', () => {
    expect(pickWeightedIndex([70, 30], 0.69)).toBe(0);
    expect(pickWeightedIndex([70, 30], 0.7)).toBe(1);
    expect(pickWeightedIndex([0, 0], 0.3)).toBe(-1);
    expect(
      weightedOrder(
        [
          { value: 'a', weight: 70 },
          { value: 'b', weight: 30 },
        ],
        () => 0.8,
      ),
    ).toEqual(['b', 'a']);
  });
  it('splits close to the weights over many seeded draws', () => {
    const random = createSeededRandom(7);
    let first = 0;
    for (let index = 0; index < 10_000; index += 1) if (pickWeightedIndex([70, 30], random()) === 0) first += 1;
    expect(first / 10_000).toBeGreaterThan(0.67);
    expect(first / 10_000).toBeLessThan(0.73);
  });
  it('createSeededRandom is reproducible with a seed (doc example: 0.6011037519201636 for seed 42)', () => {
    const left = createSeededRandom(42);
    const right = createSeededRandom(42);
    expect([left(), left(), left()]).toEqual([right(), right(), right()]);
    expect(createSeededRandom(42)()).toBe(0.6011037519201636);
  });
});

describe('compileRouting', () => {
  it('accepts the example and applies defaults', () => {
    const routing = compiled();
    expect(routing.version).toBe(3);
    expect(routing.config.circuitBreaker).toEqual({ failureThreshold: 5, cooldownMs: 30_000 });
    expect(routing.targets.vllm.timeoutMs).toBe(60_000);
    expect(routing.routes.get('chat-default')?.needsPromptTokens).toBe(true);
    expect(resolveRoute(routing, 'nope')).toBeUndefined();
  });
  it('names the field, the value and the fix', () => {
    const result = compileRouting({ ...baseConfig, routes: { r: { weights: { vlm: 1 } } } });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]).toBe(
        "routes.r.weights.vlm: unknown target 'vlm' (known: vllm, openai, claude); did you mean 'vllm'?",
      );
    const bad = compileRouting({ ...baseConfig, version: 0 });
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^version: .* \(got 0\)/);
    const secret = compileRouting({
      ...baseConfig,
      targets: { x: { provider: 'openai', baseUrl: 'http://h/v1', apiKey: 'sk-123' } },
    });
    if (!secret.ok) expect(secret.errors.join()).toContain('apiKeyEnv');
    const regex = compileRouting({
      ...baseConfig,
      routes: { r: { weights: { vllm: 1 }, rules: [{ when: { lastUserMessageMatches: '(' }, target: 'vllm' }] } },
    });
    if (!regex.ok)
      expect(regex.errors[0]).toContain('routes.r.rules.0.when.lastUserMessageMatches: not a valid regular expression');
    expect(regex.ok || secret.ok || bad.ok).toBe(false);
  });
  it('compiles route deadlines with their default, and checks deadline and cap values', () => {
    const routing = compiled();
    expect(routing.routes.get('chat-default')?.deadlines).toEqual({ requestTimeoutMs: 600_000 });
    const custom = compileRouting({
      ...baseConfig,
      targets: {
        ...baseConfig.targets,
        vllm: { ...baseConfig.targets.vllm, firstTokenTimeoutMs: 5_000, maxEventBytes: 65_536 },
      },
      routes: { r: { weights: { vllm: 1 }, requestTimeoutMs: 30_000, attemptTimeoutMs: 20_000 } },
    });
    expect(custom.ok && custom.routing.routes.get('r')?.deadlines).toEqual({
      requestTimeoutMs: 30_000,
      attemptTimeoutMs: 20_000,
    });
    expect(custom.ok && custom.routing.targets.vllm.firstTokenTimeoutMs).toBe(5_000);
    const bad = compileRouting({
      ...baseConfig,
      targets: { ...baseConfig.targets, vllm: { ...baseConfig.targets.vllm, maxResponseBytes: 10 } },
      routes: { r: { weights: { vllm: 1 }, firstTokenTimeoutMs: 0 } },
    });
    expect(!bad.ok && bad.errors).toEqual([
      'targets.vllm.maxResponseBytes: at least 1024 bytes (got 10)',
      expect.stringMatching(/^routes\.r\.firstTokenTimeoutMs: .* \(got 0\)$/),
    ]);
  });
  it('resolves the default route for unknown model names', () => {
    const result = compileRouting({ ...baseConfig, defaultRoute: 'chat-default' });
    expect(result.ok && resolveRoute(result.routing, 'gpt-whatever')?.name).toBe('chat-default');
  });
});

describe('planAttempts', () => {
  it('checks the doc example: weighted primary, then fallback, overflow deduplicated', () => {
    expect(planFor({}).attempts.map((attempt) => [attempt.target, attempt.role])).toEqual([
      ['vllm', 'primary'],
      ['openai', 'fallback'],
    ]);
  });
  it('applies rules: feature, prompt size, metadata, regex', () => {
    expect(planFor({ facts: { feature: 'support-bot' } }).attempts[0].target).toBe('claude');
    expect(planFor({ facts: { feature: 'support-bot' } }).ruleName).toBe('support');
    expect(planFor({ facts: { promptTokens: 9000 } }).attempts[0].target).toBe('openai');
    expect(planFor({ facts: { metadata: { tier: 'premium' } } }).attempts[0].target).toBe('claude');
    expect(planFor({ facts: { lastUserMessage: 'fix ```x```' } }).ruleName).toBe('code');
    expect(planFor({ facts: { feature: 'other' } }).ruleName).toBeUndefined();
  });
  it('marks saturated and circuit-open targets as skipped', () => {
    const saturated = planFor({ inFlight: new Map([['vllm', 2]]) });
    expect(saturated.attempts[0]).toMatchObject({ target: 'vllm', skip: 'saturated' });
    expect(saturated.attempts[1]).toMatchObject({ target: 'openai', skip: undefined });
    const open = planFor({
      circuits: new Map<string, CircuitState>([['vllm', { phase: 'open', openedAtMs: 0 }]]),
      nowMs: 10,
    });
    expect(open.attempts[0]).toMatchObject({ target: 'vllm', skip: 'circuit-open' });
    const probe = planFor({
      circuits: new Map<string, CircuitState>([['vllm', { phase: 'open', openedAtMs: 0 }]]),
      nowMs: 30_000,
    });
    expect(probe.attempts[0]).toMatchObject({ target: 'vllm', probe: true });
  });
});

describe('circuit breaker', () => {
  const settings = { failureThreshold: 5, cooldownMs: 30_000 };
  it('circuitDecision and circuitOnFailure: the doc examples', () => {
    expect(circuitDecision({ phase: 'open', openedAtMs: 1000 }, 30_999, settings)).toBe('reject');
    expect(circuitDecision({ phase: 'open', openedAtMs: 1000 }, 31_000, settings)).toBe('probe');
    expect(circuitOnFailure({ phase: 'closed', consecutiveFailures: 4 }, 5000, settings)).toEqual({
      phase: 'open',
      openedAtMs: 5000,
    });
  });
  it('circuitTrip: opens at once (doc example: open at 5000, probe from 35_000)', () => {
    const tripped = circuitTrip(5000);
    expect(tripped).toEqual({ phase: 'open', openedAtMs: 5000 });
    expect(circuitDecision(tripped, 34_999, settings)).toBe('reject');
    expect(circuitDecision(tripped, 35_000, settings)).toBe('probe');
  });
  it('goes closed -> open -> half-open -> closed, and reopens on a failed probe', () => {
    let state: CircuitState = closedCircuit;
    for (let index = 0; index < 5; index += 1) state = circuitOnFailure(state, 100, settings);
    expect(state.phase).toBe('open');
    expect(circuitOnAttemptStart(state, 200, settings)).toBe(state);
    state = circuitOnAttemptStart(state, 30_100, settings);
    expect(state).toEqual({ phase: 'half-open', probeStartedAtMs: 30_100 });
    expect(circuitDecision(state, 30_200, settings)).toBe('reject');
    expect(circuitOnFailure(state, 30_300, settings)).toEqual({ phase: 'open', openedAtMs: 30_300 });
    expect(circuitOnSuccess(state)).toEqual(closedCircuit);
    expect(circuitOnSuccess({ phase: 'closed', consecutiveFailures: 3 })).toEqual(closedCircuit);
  });
});

describe('pricing', () => {
  it('gpuShareRates and attemptCostUsd: the doc examples', () => {
    expect(
      gpuShareRates({ usdPerGpuHour: 2.5, gpus: 2, expectedTokensPerHour: 5_000_000 }).usdPerMillionInputTokens,
    ).toBe(1);
    expect(
      attemptCostUsd(
        { inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 },
        { usdPerMillionInputTokens: 2, usdPerMillionCachedInputTokens: 0.5, usdPerMillionOutputTokens: 8 },
      ),
    ).toBeCloseTo(0.0057, 10);
  });
});
