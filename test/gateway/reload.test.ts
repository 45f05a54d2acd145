import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hashKey } from '../../src/gateway/auth.ts';
import { adminKey, chat, clientKey, eventually, gatewayFor, hello, mock, openAiTarget, tempDir } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('routing reload', () => {
  it('switches routing by file change and admin endpoint under load with no failed request; rejects invalid configs and keeps the running version', async () => {
    const blue = await mock({ name: 'blue' });
    const green = await mock({ name: 'green' });
    const routingFor = (version: number, weights: Record<string, number>) => ({
      version,
      targets: { blue: openAiTarget(blue), green: openAiTarget(green) },
      routes: { chat: { weights } },
    });
    const fileFor = (version: number, weights: Record<string, number>) =>
      stringify({ ...routingFor(version, weights), keys: [{ id: 'team-a', sha256: hashKey(clientKey) }] });
    const folder = tempDir();
    const configPath = join(folder, 'gateway.yaml');
    const initialText = fileFor(1, { blue: 1 });
    writeFileSync(configPath, initialText);
    const test = await gatewayFor(routingFor(1, { blue: 1 }), {
      configPath,
      configText: initialText,
      reloadDebounceMs: 30,
    });
    cleanups.push(
      () => blue.close(),
      () => green.close(),
      () => test.gateway.close(),
    );

    let stop = false;
    const statuses: number[] = [];
    const worker = async (): Promise<void> => {
      for (let count = 0; count < 500 && !stop; count += 1) statuses.push((await chat(test.gateway.url, hello)).status);
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);

    // 1. File change: version 2 sends everything to green.
    writeFileSync(configPath, fileFor(2, { green: 1 }));
    await eventually(() => test.gateway.state.routing.version === 2);

    // 2. An invalid file is rejected with the reason; version 2 stays.
    writeFileSync(configPath, fileFor(3, { grene: 1 }));
    await eventually(() => test.logLines.some((line) => line.includes('rejected')));
    expect(test.logLines.find((line) => line.includes('rejected'))).toContain(
      "routes.chat.weights.grene: unknown target 'grene'",
    );
    expect(test.gateway.state.routing.version).toBe(2);

    // 3. Admin endpoint: version 4 splits 50/50.
    const post = (body: unknown, key = adminKey) =>
      fetch(`${test.gateway.url}/admin/routing`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const applied = await post(routingFor(4, { blue: 1, green: 1 }));
    expect(applied.status).toBe(200);
    expect(await applied.json()).toEqual({ version: 4, previousVersion: 2 });

    // 4. Admin: invalid and stale versions are rejected with the reason.
    const invalid = await post({ ...routingFor(5, { blue: 1 }), routes: { chat: { weights: { blue: -1 } } } });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain('routes.chat.weights.blue');
    const stale = await post(routingFor(3, { blue: 1 }));
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { message: string } }).error.message).toContain(
      'must be greater than the running version 4',
    );
    expect((await post(routingFor(6, { blue: 1 }), 'wrong')).status).toBe(401);
    // 5. Admin: a no-op (the routing in force with a higher version) is refused and bumps nothing.
    const noOp = await post(routingFor(7, { green: 1, blue: 1 }));
    expect(noOp.status).toBe(409);
    expect(((await noOp.json()) as { error: { code: string } }).error.code).toBe('routing_unchanged');
    expect(test.gateway.state.routing.version).toBe(4);
    const shown = (await (
      await fetch(`${test.gateway.url}/admin/routing`, { headers: { authorization: `Bearer ${adminKey}` } })
    ).json()) as { version: number };
    expect(shown.version).toBe(4);

    // Let some traffic run on version 4, then stop the load.
    const before = statuses.length;
    await eventually(() => statuses.length >= before + 20);
    stop = true;
    await load;
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const versions = new Set(test.rows().map((row) => row.routingVersion));
    expect(versions.has(4)).toBe(true);
    expect([...versions].every((version) => [1, 2, 4].includes(version))).toBe(true);
    expect(
      test
        .rows()
        .filter((row) => row.routingVersion === 2)
        .every((row) => row.provider === 'green'),
    ).toBe(true);
    const metricsText = await (await fetch(`${test.gateway.url}/metrics`)).text();
    expect(metricsText).toContain('switchyard_routing_version 4');
    expect(metricsText).toMatch(/switchyard_routing_reloads_total\{result="rejected"\} [1-9]/);
  });
});
