import { afterEach, describe, expect, it } from 'vitest';
import { chat, gatewayFor, hello, mock, openAiTarget } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('circuit breaker', () => {
  it('opens after N consecutive failures, skips the target, then probes and closes', async () => {
    const flaky = await mock({ name: 'flaky' });
    const steady = await mock({ name: 'steady' });
    let clockMs = 1_000_000;
    const test = await gatewayFor(
      {
        version: 1,
        circuitBreaker: { failureThreshold: 3, cooldownMs: 10_000 },
        targets: { flaky: openAiTarget(flaky), steady: openAiTarget(steady) },
        routes: { chat: { weights: { flaky: 1 }, fallbacks: ['steady'] } },
      },
      { nowMs: () => clockMs },
    );
    cleanups.push(
      () => flaky.close(),
      () => steady.close(),
      () => test.gateway.close(),
    );
    flaky.setFault('500');
    for (let index = 0; index < 3; index += 1) expect((await chat(test.gateway.url, hello)).status).toBe(200);
    expect(test.gateway.state.circuit('flaky').phase).toBe('open');
    expect(flaky.stats().chatCompletions).toBe(3);

    // Open: flaky is not called at all, the row says why.
    expect((await chat(test.gateway.url, hello)).status).toBe(200);
    expect(flaky.stats().chatCompletions).toBe(3);
    expect(test.rows().at(-2)).toMatchObject({ provider: 'flaky', outcome: 'circuit-open', status: null });
    const metricsText = await (await fetch(`${test.gateway.url}/metrics`)).text();
    expect(metricsText).toContain('switchyard_circuit_open{provider="flaky"} 1');

    // After the cool-down one probe goes through; it succeeds and the circuit closes.
    flaky.setFault(undefined);
    clockMs += 10_000;
    const probe = await chat(test.gateway.url, hello);
    expect(probe.headers.get('x-switchyard-target')).toBe('flaky');
    expect(test.gateway.state.circuit('flaky').phase).toBe('closed');
    expect(flaky.stats().chatCompletions).toBe(4);
  });

  it('a failed probe reopens the circuit', async () => {
    const flaky = await mock({ name: 'flaky' });
    const steady = await mock({ name: 'steady' });
    let clockMs = 0;
    const test = await gatewayFor(
      {
        version: 1,
        circuitBreaker: { failureThreshold: 1, cooldownMs: 5_000 },
        targets: { flaky: openAiTarget(flaky), steady: openAiTarget(steady) },
        routes: { chat: { weights: { flaky: 1 }, fallbacks: ['steady'] } },
      },
      { nowMs: () => clockMs },
    );
    cleanups.push(
      () => flaky.close(),
      () => steady.close(),
      () => test.gateway.close(),
    );
    flaky.setFault('500');
    await chat(test.gateway.url, hello);
    expect(test.gateway.state.circuit('flaky')).toEqual({ phase: 'open', openedAtMs: 0 });
    clockMs = 6_000;
    await chat(test.gateway.url, hello);
    expect(test.gateway.state.circuit('flaky')).toEqual({ phase: 'open', openedAtMs: 6_000 });
    expect(flaky.stats().chatCompletions).toBe(2);
  });
});

describe('overflow', () => {
  it('sends to the overflow target when the self-hosted target is at its max concurrency', async () => {
    const selfHosted = await mock({ name: 'self', latencyMs: 300 });
    const api = await mock({ name: 'api' });
    const test = await gatewayFor({
      version: 1,
      targets: { self: openAiTarget(selfHosted, { maxConcurrency: 2 }), api: openAiTarget(api) },
      routes: { chat: { weights: { self: 1 }, overflow: 'api' } },
    });
    cleanups.push(
      () => selfHosted.close(),
      () => api.close(),
      () => test.gateway.close(),
    );
    const answers = await Promise.all(Array.from({ length: 5 }, () => chat(test.gateway.url, hello)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const targets = answers.map((answer) => answer.headers.get('x-switchyard-target'));
    expect(targets.filter((target) => target === 'self')).toHaveLength(2);
    expect(targets.filter((target) => target === 'api')).toHaveLength(3);
    expect(selfHosted.stats().maxInFlight).toBe(2);
    const overflowRows = test.rows().filter((row) => row.outcome === 'overflow');
    expect(overflowRows).toHaveLength(3);
    expect(overflowRows[0]).toMatchObject({ provider: 'self', errorClass: 'saturated' });
  });
});
