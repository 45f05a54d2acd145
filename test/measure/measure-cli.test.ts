/**
 * Done-when tests of issue 10: profile --from-log (synthetic rows with a known shape in the
 * SQLite store, and one real gateway run), drift on a doubled volume, eval on two mock
 * routes of known accuracy (directly and through the gateway), plan --eval.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SqliteLogBackend, createSqliteLogSink, queryRequestLog } from '../../src/store/sqlite.ts';
import { renderDriftText } from '../../src/report/drift-report.ts';
import { runCliInProcess } from '../cli/run-cli.ts';
import { chat, clientKey, gatewayFor, mock, openAiTarget, tempDir } from '../gateway/harness.ts';
import { DAY_MS, HOUR_MS, MONDAY_MS, syntheticRows, twoFeatures } from './synthetic-log.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function writeLog(path: string, rows: ReturnType<typeof syntheticRows>): void {
  const backend = new SqliteLogBackend(path);
  backend.writeBatch(rows);
  backend.close();
}

interface ProfileWorkload {
  name: string;
  volume: { requestsPerDay: number };
  tokens: { inputPerRequest: number; outputPerRequest: number; cachedInputShare: number };
  traffic: { peakToMeanRatio: number; hourOfWeek: number[] };
  measured: { tokensPerMonth: { input: number; cachedInput: number; output: number } };
}

describe('profile --from-log', () => {
  it('matches the log: tokens per month per feature within 1%, peak-to-mean and hour-of-week as sent; plan accepts it', async () => {
    const directory = tempDir();
    const db = join(directory, 'log.db');
    const rows = syntheticRows(twoFeatures, MONDAY_MS, 28);
    writeLog(db, rows);
    const out = join(directory, 'measured.yaml');
    const run = await runCliInProcess(['profile', '--from-log', '--db', db, '--out', out]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain('extrapolated');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('# measured:');
    expect(text).toContain('TODO');
    const profile = parse(text) as { workloads: ProfileWorkload[] };
    for (const spec of twoFeatures) {
      const workload = profile.workloads.find((entry) => entry.name === spec.feature);
      expect(workload).toBeDefined();
      if (!workload) continue;
      const answered = rows.filter((row) => row.feature === spec.feature && row.outcome === 'success');
      const logInput = answered.reduce((sum, row) => sum + (row.inputTokens ?? 0), 0);
      const logOutput = answered.reduce((sum, row) => sum + (row.outputTokens ?? 0), 0);
      const perMonth = 30 / 28;
      const profileTokens =
        workload.volume.requestsPerDay * 30 * (workload.tokens.inputPerRequest + workload.tokens.outputPerRequest);
      expect(Math.abs(profileTokens / ((logInput + logOutput) * perMonth) - 1)).toBeLessThan(0.01);
      expect(Math.abs(workload.measured.tokensPerMonth.input / (logInput * perMonth) - 1)).toBeLessThan(0.01);
      expect(Math.abs(workload.measured.tokensPerMonth.output / (logOutput * perMonth) - 1)).toBeLessThan(0.01);
      const meanLevel = spec.levels.reduce((sum, level) => sum + level, 0) / 168;
      expect(workload.traffic.peakToMeanRatio).toBeCloseTo(Math.max(...spec.levels) / meanLevel, 2);
      workload.traffic.hourOfWeek.forEach((level, hour) => {
        expect(level).toBeCloseTo(spec.levels[hour] / meanLevel, 2);
      });
    }
    const plan = await runCliInProcess(['plan', out]);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('openai/gpt-4.1: measured latency replaces the catalog estimate');
  });

  it('one real gateway run: two features through the gateway into SQLite, then profile --from-log', async () => {
    const directory = tempDir();
    const db = join(directory, 'gateway.db');
    const upstream = await mock({ name: 'up', cachedInputTokens: 2 });
    const test = await gatewayFor(
      {
        version: 1,
        targets: { primary: openAiTarget(upstream) },
        routes: { chat: { weights: { primary: 1 } } },
      },
      { logSink: createSqliteLogSink(db) },
    );
    cleanups.push(() => upstream.close());
    const sent = { 'support-chat': 12, summarize: 8 };
    for (const [feature, count] of Object.entries(sent))
      for (let index = 0; index < count; index += 1) {
        const answer = await chat(
          test.gateway.url,
          {
            model: 'chat',
            messages: [{ role: 'user', content: `${feature} question number ${index} ${'x'.repeat(index * 8)}` }],
          },
          { 'x-switchyard-feature': feature },
        );
        expect(answer.status).toBe(200);
      }
    await test.gateway.close();
    const rows = queryRequestLog(db);
    const out = join(directory, 'measured.yaml');
    const run = await runCliInProcess(['profile', '--from-log', '--db', db, '--out', out]);
    expect(run.exitCode, run.stderr).toBe(0);
    const profile = parse(readFileSync(out, 'utf8')) as { workloads: ProfileWorkload[] };
    const firstHour = Math.floor(Math.min(...rows.map((row) => Date.parse(row.time))) / HOUR_MS) * HOUR_MS;
    const lastHour = Math.floor(Math.max(...rows.map((row) => Date.parse(row.time))) / HOUR_MS) * HOUR_MS + HOUR_MS;
    const perMonth = (30 * DAY_MS) / (lastHour - firstHour);
    for (const [feature, count] of Object.entries(sent)) {
      const mine = rows.filter((row) => row.feature === feature && row.outcome === 'success');
      expect(mine).toHaveLength(count);
      const logTokens = mine.reduce((sum, row) => sum + (row.inputTokens ?? 0) + (row.outputTokens ?? 0), 0);
      const workload = profile.workloads.find((entry) => entry.name === feature);
      const measured = workload ? workload.measured.tokensPerMonth.input + workload.measured.tokensPerMonth.output : 0;
      expect(Math.abs(measured / (logTokens * perMonth) - 1)).toBeLessThan(0.01);
    }
    expect((await runCliInProcess(['plan', out])).exitCode).toBe(0);
  });
});

describe('drift', () => {
  it('a plan from last month and a log whose volume doubled: says so and re-plans', async () => {
    const directory = tempDir();
    const planMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 28 * DAY_MS;
    const lastMonth = join(directory, 'last.db');
    const thisMonth = join(directory, 'this.db');
    writeLog(lastMonth, syntheticRows(twoFeatures, planMs - 28 * DAY_MS, 28));
    writeLog(thisMonth, syntheticRows(twoFeatures, planMs, 28, 2));
    const profilePath = join(directory, 'last.yaml');
    expect((await runCliInProcess(['profile', '--from-log', '--db', lastMonth, '--out', profilePath])).exitCode).toBe(
      0,
    );
    const planPath = join(directory, 'plan.json');
    const previous = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = String(planMs / 1000);
    const plan = await runCliInProcess(['plan', profilePath, '--format', 'json', '--out', planPath]);
    if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = previous;
    expect(plan.exitCode, plan.stderr).toBe(0);
    const written = JSON.parse(readFileSync(planPath, 'utf8')) as { input: { generatedAt: string } };
    expect(written.input.generatedAt).toBe(new Date(planMs).toISOString());
    const drift = await runCliInProcess(['drift', '--plan', planPath, '--log', thisMonth, '--format', 'json']);
    expect(drift.exitCode, drift.stderr).toBe(0);
    const report = JSON.parse(drift.stdout) as {
      workloads: Array<{
        name: string;
        volumeRatio: number;
        volumeDrifted: boolean;
        options: Array<{ plannedMonthlyCostUsd: number; measuredMonthlyCostUsd: number; optionId: string }>;
      }>;
      replan: { workloads: Array<{ tokensPerMonth: number }> } | null;
    };
    for (const workload of report.workloads) {
      expect(workload.volumeDrifted).toBe(true);
      expect(workload.volumeRatio).toBeGreaterThan(1.95);
      expect(workload.volumeRatio).toBeLessThan(2.05);
      const frontier = workload.options.find((option) => option.optionId.startsWith('frontier-api'));
      expect(frontier && frontier.measuredMonthlyCostUsd / frontier.plannedMonthlyCostUsd).toBeGreaterThan(1.9);
    }
    expect(report.replan?.workloads.length).toBe(2);
    const text = renderDriftText(JSON.parse(drift.stdout) as Parameters<typeof renderDriftText>[0]);
    expect(text).toContain('volume 2.00x the plan');
    expect(text).toMatch(/re-plan: (still|.* -> .*flipped)/);
  }, 90_000);
});

describe('drift flips', () => {
  it('measured latency makes the API meet a TTFT SLO the catalog said it missed: the recommendation flips', async () => {
    const directory = tempDir();
    const planMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 28 * DAY_MS;
    const log = join(directory, 'this.db');
    writeLog(log, syntheticRows(twoFeatures, planMs, 28));
    const profilePath = join(directory, 'support.yaml');
    writeFileSync(
      profilePath,
      [
        'workloads:',
        '  - name: support-chat',
        '    volume: { requestsPerDay: 740 }',
        '    tokens: { inputPerRequest: 1200, outputPerRequest: 300, cachedInputShare: 0.33 }',
        '    latency: { percentile: p95, ttftMs: 700 }',
        '    requirements: { minimumQuality: frontier }',
        '',
      ].join('\n'),
    );
    const planPath = join(directory, 'plan.json');
    process.env.SOURCE_DATE_EPOCH = String(planMs / 1000);
    const plan = await runCliInProcess(['plan', profilePath, '--format', 'json', '--out', planPath]);
    delete process.env.SOURCE_DATE_EPOCH;
    expect(plan.exitCode, plan.stderr).toBe(0);
    const drift = await runCliInProcess(['drift', '--plan', planPath, '--log', log, '--format', 'json']);
    expect(drift.exitCode, drift.stderr).toBe(0);
    const report = JSON.parse(drift.stdout) as {
      recommendationChanged: boolean;
      workloads: Array<{
        flipped: boolean;
        plannedChoice: { feasible: boolean };
        replannedChoice: { optionId: string; feasible: boolean };
        latency: Array<{ plannedTtftMs: number; measuredTtftP95Ms: number }>;
      }>;
      unplanned: Array<{ name: string }>;
    };
    expect(report.recommendationChanged).toBe(true);
    const [workload] = report.workloads;
    expect(workload.plannedChoice.feasible).toBe(false);
    expect(workload.replannedChoice).toMatchObject({ optionId: 'frontier-api:openai/gpt-4.1', feasible: true });
    expect(workload.latency[0].plannedTtftMs).toBe(1100);
    expect(workload.latency[0].measuredTtftP95Ms).toBeLessThan(700);
    expect(report.unplanned.map((entry) => entry.name)).toEqual(['summarize']);
  }, 90_000);
});

/** A mock model right on the items whose index mod 10 is below `rightOutOfTen`: it repeats the code, else says WRONG. */
function answerer(rightOutOfTen: number) {
  return ({ lastUserText }: { lastUserText: string }) => {
    const match = /code (\S+) \[item (\d+)\]/.exec(lastUserText);
    if (!match) return undefined;
    return Number(match[2]) % 10 < rightOutOfTen ? match[1] : 'WRONG';
  };
}

function evalSet(directory: string): string {
  const path = join(directory, 'evals.jsonl');
  const lines = Array.from({ length: 200 }, (_, index) =>
    JSON.stringify({
      id: `item-${index}`,
      messages: [{ role: 'user', content: `Repeat exactly the code C${index * 7919} [item ${index}]` }],
      expected: `C${index * 7919}`,
      grader: { type: 'exact' },
    }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

interface EvalJson {
  routes: Array<{
    route: string;
    correct: number;
    score: { share: number; low: number; high: number };
    costUsdPerItem: number;
  }>;
  paired: { onlyBaseline: number; onlyCandidate: number; pValue: number };
  costRatio: number;
  verdict: string;
}

function checkEval(result: EvalJson): void {
  const [a, b] = result.routes;
  expect(a.correct).toBe(180);
  expect(b.correct).toBe(160);
  expect(a.score.low).toBeLessThan(0.9);
  expect(a.score.high).toBeGreaterThan(0.9);
  expect(b.score.low).toBeLessThan(0.8);
  expect(b.score.high).toBeGreaterThan(0.8);
  expect(result.paired.onlyBaseline).toBe(20);
  expect(result.paired.onlyCandidate).toBe(0);
  expect(result.paired.pValue).toBeLessThan(0.001);
  // gpt-4.1-mini costs a fifth of gpt-4.1 per token ($0.40/$1.60 vs $2/$8) and the mock's tokens match.
  expect(result.costRatio).toBeGreaterThan(0.15);
  expect(result.costRatio).toBeLessThan(0.25);
  expect(result.verdict).toMatch(/is within \d+\.\d points of .* at \d+% of the cost/);
}

describe('eval', () => {
  it('two OpenAI-compatible base URLs with known accuracy (90% and 80% on 200 items)', async () => {
    const directory = tempDir();
    const a = await mock({ name: 'a', answer: answerer(9) });
    const b = await mock({ name: 'b', answer: answerer(8) });
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const set = evalSet(directory);
    const out = join(directory, 'eval.json');
    const run = await runCliInProcess([
      'eval',
      '--set',
      set,
      '--route',
      'A',
      '--route',
      'B',
      '--base-url',
      `A=${a.url}`,
      '--base-url',
      `B=${b.url}`,
      '--model',
      'A=gpt-4.1',
      '--model',
      'B=gpt-4.1-mini',
      '--concurrency',
      '8',
      '--out',
      out,
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain('400/400 requests');
    expect(run.stdout).toContain('verdict: B is within');
    checkEval(JSON.parse(readFileSync(out, 'utf8')) as EvalJson);

    const profile = join(directory, 'p.yaml');
    writeFileSync(
      profile,
      'workloads:\n  - name: w\n    volume: { requestsPerDay: 10000 }\n    tokens: { inputPerRequest: 1000, outputPerRequest: 200 }\n    requirements: { maxQualityGapPoints: 5 }\n',
    );
    const plan = await runCliInProcess(['plan', profile, '--eval', out, '--format', 'json']);
    expect(plan.exitCode, plan.stderr).toBe(0);
    const report = JSON.parse(plan.stdout) as {
      workloads: Array<{ options: Array<{ kind: string; ineligibleReasons: string[] }> }>;
    };
    const hosted = report.workloads[0].options.find((option) => option.kind === 'hosted-open');
    expect(hosted?.ineligibleReasons.join(' ')).toContain('measured gap of 10 points');
  });

  it('the same through the gateway: each route is a model name sent to it', async () => {
    const directory = tempDir();
    const a = await mock({ name: 'a', answer: answerer(9) });
    const b = await mock({ name: 'b', answer: answerer(8) });
    const test = await gatewayFor({
      version: 1,
      targets: {
        big: openAiTarget(a, { model: 'gpt-4.1' }),
        small: openAiTarget(b, { model: 'gpt-4.1-mini' }),
      },
      routes: { 'route-a': { weights: { big: 1 } }, 'route-b': { weights: { small: 1 } } },
    });
    cleanups.push(
      () => a.close(),
      () => b.close(),
      () => test.gateway.close(),
    );
    process.env.SWITCHYARD_EVAL_TEST_KEY = clientKey;
    const run = await runCliInProcess([
      'eval',
      '--set',
      evalSet(directory),
      '--route',
      'route-a',
      '--route',
      'route-b',
      '--gateway',
      test.gateway.url,
      '--key-env',
      'SWITCHYARD_EVAL_TEST_KEY',
      '--format',
      'json',
    ]);
    delete process.env.SWITCHYARD_EVAL_TEST_KEY;
    expect(run.exitCode, run.stderr).toBe(0);
    checkEval(JSON.parse(run.stdout) as EvalJson);
    expect(test.rows().length).toBe(400);

    // --config FILE: the same gateway found through its config's server settings.
    const port = new URL(test.gateway.url).port;
    const config = join(directory, 'gateway.yaml');
    writeFileSync(
      config,
      `version: 1\ntargets:\n  big: { provider: openai-compatible, baseUrl: '${a.url}', model: gpt-4.1 }\nroutes:\n  route-a: { weights: { big: 1 } }\nserver: { host: 127.0.0.1, port: ${port} }\n`,
    );
    const small = join(directory, 'small.jsonl');
    writeFileSync(small, readFileSync(evalSet(directory), 'utf8').split('\n').slice(0, 10).join('\n'));
    process.env.SWITCHYARD_EVAL_TEST_KEY = clientKey;
    const viaConfig = await runCliInProcess([
      'eval',
      '--set',
      small,
      '--route',
      'route-a',
      '--route',
      'route-b',
      '--config',
      config,
      '--key-env',
      'SWITCHYARD_EVAL_TEST_KEY',
      '--format',
      'json',
    ]);
    delete process.env.SWITCHYARD_EVAL_TEST_KEY;
    expect(viaConfig.exitCode, viaConfig.stderr).toBe(0);
    expect((JSON.parse(viaConfig.stdout) as EvalJson).routes.map((route) => route.correct)).toEqual([9, 8]);
  });

  it('judge items are graded by a third route with the rubric', async () => {
    const directory = tempDir();
    const a = await mock({ name: 'a', answer: answerer(9) });
    const b = await mock({ name: 'b', answer: answerer(5) });
    const judge = await mock({
      name: 'judge',
      answer: ({ lastUserText }) => {
        const reference = /Reference answer: (\S+)/.exec(lastUserText)?.[1];
        const graded = lastUserText.split('Answer to grade:\n')[1] ?? '';
        return lastUserText.startsWith('Rubric: the code repeated exactly') && reference && graded.trim() === reference
          ? 'PASS: the code matches'
          : 'FAIL: not the code';
      },
    });
    cleanups.push(
      () => a.close(),
      () => b.close(),
      () => judge.close(),
    );
    const path = join(directory, 'judge.jsonl');
    const lines = Array.from({ length: 20 }, (_, index) =>
      JSON.stringify({
        messages: [{ role: 'user', content: `Repeat exactly the code K${index} [item ${index}]` }],
        expected: `K${index}`,
        grader: { type: 'judge', rubric: 'the code repeated exactly, nothing else' },
      }),
    );
    writeFileSync(path, `${lines.join('\n')}\n`);
    const run = await runCliInProcess([
      'eval',
      '--set',
      path,
      '--route',
      'A',
      '--route',
      'B',
      '--judge',
      'J',
      '--base-url',
      `A=${a.url}`,
      '--base-url',
      `B=${b.url}`,
      '--base-url',
      `J=${judge.url}`,
      '--format',
      'json',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as EvalJson;
    expect(result.routes.map((route) => route.correct)).toEqual([18, 10]);
    expect(result.costRatio).toBeNull();
    expect(result.verdict).toContain('at an unknown cost');
    const missingJudge = await runCliInProcess([
      'eval',
      '--set',
      path,
      '--route',
      'A',
      '--route',
      'B',
      '--base-url',
      `A=${a.url}`,
      '--base-url',
      `B=${b.url}`,
    ]);
    expect(missingJudge.exitCode).toBe(2);
    expect(missingJudge.stderr).toContain('--judge');
  });
});
