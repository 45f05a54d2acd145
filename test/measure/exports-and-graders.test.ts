import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeAnswer, mockEvalAnswerer, parseEvalSet } from '../../src/app/eval.ts';
import { anthropicUsageBuckets, openAiUsageBuckets, withOpenAiCosts } from '../../src/app/usage-exports.ts';
import { toCsv, toJsonl } from '../../src/store/export.ts';
import { parseLogCsv, parseLogJsonl } from '../../src/store/import-log.ts';
import { runCliInProcess } from '../cli/run-cli.ts';
import { repoRoot } from '../cli/run-cli.ts';
import { MONDAY_MS, syntheticRows, twoFeatures } from './synthetic-log.ts';

const fixture = (name: string) => join(repoRoot, 'test/fixtures/usage', name);

describe('provider usage exports', () => {
  it('openAiUsageBuckets: the documented completions page (1000 in, 800 cached, 500 out, 5 requests)', () => {
    const outcome = openAiUsageBuckets(JSON.parse(readFileSync(fixture('openai-usage-completions.json'), 'utf8')));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value[0]).toMatchObject({
      key: 'gpt-4.1-2025-04-14',
      requests: 5,
      inputTokens: 1000,
      cachedInputTokens: 800,
      outputTokens: 500,
    });
    expect(outcome.value[0].endMs - outcome.value[0].startMs).toBe(86_400_000);
  });

  it('anthropicUsageBuckets: input = uncached + cache reads + writes (3,200), no request count', () => {
    const outcome = anthropicUsageBuckets(JSON.parse(readFileSync(fixture('anthropic-usage-report.json'), 'utf8')));
    expect(outcome.ok && outcome.value[0]).toMatchObject({
      key: 'claude-sonnet-4-20250514',
      requests: null,
      inputTokens: 3200,
      cachedInputTokens: 200,
      outputTokens: 500,
    });
    expect(anthropicUsageBuckets({ data: [{ starting_at: 'x' }] }).ok).toBe(false);
  });

  it('profile from an OpenAI export: daily buckets, the frontier model matched, TODOs for what it cannot say', async () => {
    const run = await runCliInProcess(['profile', '--openai-usage', fixture('openai-usage-completions.json')]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('apiModel: openai/gpt-4.1');
    expect(run.stdout).toContain('requestsPerDay: 6 # measured: 12 requests in 2 days, extrapolated x15 to 30 days');
    expect(run.stdout).toContain('TODO: not measured');
    expect(run.stderr).toContain('extrapolated');
  });

  it('withOpenAiCosts: a costs export attaches to the only usage workload ($0.15 in 2 days = $2.25/month)', async () => {
    const run = await runCliInProcess([
      'profile',
      '--openai-usage',
      fixture('openai-usage-completions.json'),
      '--openai-costs',
      fixture('openai-costs.json'),
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('costUsdPerMonth: 2.25');
    const euro = withOpenAiCosts([], {
      data: [{ start_time: 0, end_time: 1, results: [{ amount: { value: 1, currency: 'eur' } }] }],
    });
    expect(euro.ok).toBe(false);
    const alone = await runCliInProcess(['profile', '--openai-costs', fixture('openai-costs.json')]);
    expect(alone.exitCode).toBe(2);
  });

  it('profile from an Anthropic export: tokens per month, tokens per request assumed with a TODO', async () => {
    const run = await runCliInProcess(['profile', '--anthropic-usage', fixture('anthropic-usage-report.json')]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('tokensPerMonth: 111000 # measured: 3,700 tokens in 1 days');
    expect(run.stdout).toContain('TODO: the source does not count requests');
  });
});

describe('request-log exports read back', () => {
  it('parseLogJsonl and parseLogCsv are the inverse of toJsonl and toCsv', () => {
    const rows = syntheticRows(twoFeatures, MONDAY_MS, 1).slice(0, 50);
    expect(parseLogJsonl(toJsonl(rows)).rows).toEqual(rows);
    expect(parseLogCsv(toCsv(rows)).rows).toEqual(rows);
    const bad = parseLogJsonl('{"id":"x"}\nnot json\n');
    expect(bad.badLines).toBe(2);
  });
});

describe('eval graders', () => {
  it('gradeAnswer: each grader type', () => {
    expect(gradeAnswer({ grader: { type: 'exact', caseSensitive: false }, expected: 'Paris' }, ' paris ')).toBe(true);
    expect(gradeAnswer({ grader: { type: 'regex', pattern: '^\\d{4}-\\d{2}$', flags: '' } }, '2025-06')).toBe(true);
    expect(gradeAnswer({ grader: { type: 'numeric', tolerance: 0.5 }, expected: 42 }, 'The answer is 42.3')).toBe(true);
    expect(gradeAnswer({ grader: { type: 'numeric', tolerance: 0 }, expected: 1200 }, 'about 1,200 units')).toBe(true);
    expect(
      gradeAnswer({ grader: { type: 'contains-all', values: ['refund', '14 days'] } }, 'A refund within 14 days.'),
    ).toBe(true);
    const schema = {
      type: 'object',
      required: ['label'],
      properties: { label: { type: 'string', enum: ['spam', 'ham'] } },
    };
    expect(gradeAnswer({ grader: { type: 'json-schema', schema } }, '```json\n{"label":"spam"}\n```')).toBe(true);
    expect(gradeAnswer({ grader: { type: 'json-schema', schema } }, '{"label":"other"}')).toBe(false);
    expect(gradeAnswer({ grader: { type: 'judge', rubric: 'polite' } }, 'hi', 'PASS: polite')).toBe(true);
    expect(gradeAnswer({ grader: { type: 'judge', rubric: 'polite' } }, 'hi', 'FAIL')).toBe(false);
  });

  it('parseEvalSet: line-numbered problems', () => {
    const outcome = parseEvalSet(
      '{"messages":[]}\nnot json\n{"messages":[{"role":"user","content":"x"}],"grader":{"type":"numeric"}}\n',
      'e.jsonl',
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((entry) => entry.path)).toEqual([
      'e.jsonl:1 messages',
      'e.jsonl:2',
      'e.jsonl:3 expected',
      'e.jsonl:3 expected',
    ]);
  });
});

describe('mock eval model', () => {
  it('mockEvalAnswerer: right on exactly round(share x n) items, spread evenly (doc example: items 1 and 6 of 10 at 0.8 are wrong)', () => {
    const text = readFileSync(join(repoRoot, 'examples/eval-support.jsonl'), 'utf8');
    const parsed = parseEvalSet(text, 'eval-support.jsonl');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const items = parsed.value;
    expect(items).toHaveLength(200);
    const answer = mockEvalAnswerer(items.slice(0, 10), 0.8);
    const right = items.slice(0, 10).filter((item) => {
      const lastUser = item.messages[item.messages.length - 1].content;
      return gradeAnswer(item, answer({ model: 'm', lastUserText: lastUser }) ?? '');
    });
    expect(right).toHaveLength(8);
    expect(answer({ model: 'm', lastUserText: items[0].messages[items[0].messages.length - 1].content })).toBe(
      'I do not know',
    );
    const all = mockEvalAnswerer(items, 0.9);
    const score = items.filter((item) =>
      gradeAnswer(item, all({ model: 'm', lastUserText: item.messages[item.messages.length - 1].content }) ?? ''),
    ).length;
    expect(score).toBe(180);
  });
});
