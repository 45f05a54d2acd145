/**
 * The eval use-case, pure parts: the eval-set format (JSONL, one item a line; docs/eval.md),
 * graders (exact, regex, JSON-schema valid, numeric tolerance, contains-all, LLM judge),
 * and the summary of a run through two routes: score with a Wilson interval, cost per item
 * and per 1k items, p50/p95 latency, disagreements, the exact McNemar test and a verdict.
 * The CLI sends the requests (bounded concurrency, retries) and passes the answers in.
 */
import { z } from 'zod';
import { mcnemarExactPValue, percentiles, wilsonInterval } from '../core/measure/statistics.ts';
import { fail, problem, succeed, type Outcome, type Problem } from '../core/problem.ts';
import type { EvalAttempt, EvalResult, EvalRouteSummary } from '../report/eval-model.ts';

export type { EvalAttempt, EvalResult, EvalRouteSummary } from '../report/eval-model.ts';

const messageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }).strict();

export const graderSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('exact'), caseSensitive: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('regex'), pattern: z.string().min(1), flags: z.string().default('') }).strict(),
  z.object({ type: z.literal('json-schema'), schema: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ type: z.literal('numeric'), tolerance: z.number().nonnegative().default(0) }).strict(),
  z.object({ type: z.literal('contains-all'), values: z.array(z.string()).min(1) }).strict(),
  z.object({ type: z.literal('judge'), rubric: z.string().min(1) }).strict(),
]);

export const evalItemSchema = z
  .object({
    id: z.string().min(1).optional(),
    messages: z.array(messageSchema).min(1),
    /** The expected answer (exact, numeric; shown to a judge). */
    expected: z.union([z.string(), z.number()]).optional(),
    grader: graderSchema.default({ type: 'exact', caseSensitive: false }),
    maxTokens: z.number().int().positive().optional(),
  })
  .strict();

export type EvalItem = z.output<typeof evalItemSchema> & { id: string };
export type Grader = z.output<typeof graderSchema>;

/**
 * Parses an eval set (JSONL); every bad line is a problem `NAME:LINE`.
 * @example parseEvalSet('{"messages":[{"role":"user","content":"2+2?"}],"expected":"4"}\n', 'e.jsonl').value[0].id === '1'
 */
export function parseEvalSet(text: string, name: string): Outcome<EvalItem[]> {
  const items: EvalItem[] = [];
  const problems: Problem[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      problems.push(problem(`${name}:${index + 1}`, line.slice(0, 60), 'not valid JSON', 'syntax_error'));
      return;
    }
    const result = evalItemSchema.safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push(problem(`${name}:${index + 1} ${issue.path.join('.') || '(item)'}`, undefined, issue.message));
      return;
    }
    const item = result.data;
    const grader = item.grader;
    if ((grader.type === 'exact' || grader.type === 'numeric') && item.expected === undefined)
      problems.push(problem(`${name}:${index + 1} expected`, undefined, `a ${grader.type} grader needs "expected"`));
    if (grader.type === 'numeric' && !Number.isFinite(Number(item.expected)))
      problems.push(problem(`${name}:${index + 1} expected`, item.expected, 'a numeric grader needs a number'));
    if (grader.type === 'regex') {
      try {
        new RegExp(grader.pattern, grader.flags);
      } catch (error) {
        problems.push(problem(`${name}:${index + 1} grader.pattern`, grader.pattern, (error as Error).message));
      }
    }
    items.push({ ...item, id: item.id ?? String(items.length + 1) });
  });
  if (problems.length > 0) return fail(...problems);
  if (items.length === 0) return fail(problem(name, undefined, 'the eval set has no items'));
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) return fail(problem(`${name} id`, item.id, 'item ids must be unique'));
    ids.add(item.id);
  }
  return succeed(items);
}

/** The subset of JSON Schema the json-schema grader checks: type, properties, required, items, enum. */
function matchesSchema(value: unknown, schema: Record<string, unknown>): boolean {
  const type = schema.type;
  if (typeof type === 'string') {
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    if (type === 'integer') {
      if (!(typeof value === 'number' && Number.isInteger(value))) return false;
    } else if (actual !== type) return false;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value)))
    return false;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (Array.isArray(schema.required) && !schema.required.every((key) => typeof key === 'string' && key in record))
      return false;
    const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
    if (properties)
      for (const [key, child] of Object.entries(properties))
        if (key in record && !matchesSchema(record[key], child)) return false;
  }
  if (Array.isArray(value) && schema.items && typeof schema.items === 'object')
    return value.every((entry) => matchesSchema(entry, schema.items as Record<string, unknown>));
  return true;
}

const normalise = (text: string) => text.trim().replace(/\s+/g, ' ');

/** The JSON inside an answer: the whole text, or a ```json fenced block. */
function jsonOf(answer: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(answer);
  try {
    return JSON.parse(fenced ? fenced[1] : answer);
  } catch {
    return undefined;
  }
}

/**
 * Grades an answer with the item's grader (all but `judge`, which needs a judge's verdict:
 * pass it as `judgeVerdict`, the judge's reply, PASS or FAIL on its first line).
 * @example gradeAnswer({ grader: { type: 'numeric', tolerance: 0.5 }, expected: 42 }, 'The answer is 42.3') === true
 */
export function gradeAnswer(
  item: Pick<EvalItem, 'grader' | 'expected'>,
  answer: string,
  judgeVerdict?: string,
): boolean {
  const grader = item.grader;
  switch (grader.type) {
    case 'exact':
      return grader.caseSensitive
        ? normalise(answer) === normalise(String(item.expected))
        : normalise(answer).toLowerCase() === normalise(String(item.expected)).toLowerCase();
    case 'regex':
      return new RegExp(grader.pattern, grader.flags).test(answer);
    case 'json-schema': {
      const value = jsonOf(answer);
      return value !== undefined && matchesSchema(value, grader.schema);
    }
    case 'numeric': {
      const numbers = answer.replace(/,(?=\d{3})/g, '').match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi) ?? [];
      const expected = Number(item.expected);
      return numbers.some((text) => Math.abs(Number(text) - expected) <= grader.tolerance);
    }
    case 'contains-all':
      return grader.values.every((value) => answer.toLowerCase().includes(value.toLowerCase()));
    case 'judge':
      return judgeVerdict !== undefined && /^\s*PASS\b/i.test(judgeVerdict);
  }
}

/** The judge prompt for a `judge` item: the rubric, the question, the expected answer if any, the answer. */
export function judgeMessages(item: EvalItem, answer: string): Array<{ role: 'system' | 'user'; content: string }> {
  const rubric = item.grader.type === 'judge' ? item.grader.rubric : '';
  const question = item.messages.map((message) => `${message.role}: ${message.content}`).join('\n');
  return [
    {
      role: 'system',
      content:
        'You grade an answer against a rubric. Reply with PASS or FAIL on the first line, then one sentence why.',
    },
    {
      role: 'user',
      content: `Rubric: ${rubric}\n\nConversation:\n${question}\n${item.expected !== undefined ? `\nReference answer: ${String(item.expected)}\n` : ''}\nAnswer to grade:\n${answer}`,
    },
  ];
}

function summariseRoute(route: string, attempts: ReadonlyArray<EvalAttempt>): EvalRouteSummary {
  const correct = attempts.filter((attempt) => attempt.correct).length;
  const costs = attempts.map((attempt) => attempt.costUsd);
  const knownCosts = costs.every((cost) => cost !== null);
  const totalCost = costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0);
  const latencies = percentiles(attempts.flatMap((attempt) => (attempt.latencyMs === null ? [] : [attempt.latencyMs])));
  const costUsdPerItem = knownCosts && attempts.length > 0 ? totalCost / attempts.length : null;
  return {
    route,
    items: attempts.length,
    correct,
    failedRequests: attempts.filter((attempt) => attempt.error !== null).length,
    score: wilsonInterval(correct, attempts.length),
    costUsdPerItem,
    costUsdPer1kItems: costUsdPerItem === null ? null : costUsdPerItem * 1000,
    latencyMs: latencies ? { p50: latencies.p50, p95: latencies.p95 } : null,
    inputTokens: attempts.reduce((sum, attempt) => sum + (attempt.inputTokens ?? 0), 0),
    outputTokens: attempts.reduce((sum, attempt) => sum + (attempt.outputTokens ?? 0), 0),
  };
}

/**
 * Summarises a paired run: per-route scores (Wilson 95%), cost, latency, the McNemar test
 * on the items where the routes disagree, and a verdict.
 * @example
 * // 200 items: baseline right on 180, candidate on 160, every candidate-right item also baseline-right:
 * summariseEval(...).paired // { onlyBaseline: 20, onlyCandidate: 0, gapPoints: 10, pValue: ≈1.9e-6, significant: true }
 */
export function summariseEval(
  set: string,
  routes: [string, string],
  attempts: [ReadonlyArray<EvalAttempt>, ReadonlyArray<EvalAttempt>],
  items: ReadonlyArray<EvalItem>,
): EvalResult {
  const [baseline, candidate] = routes;
  const byId = (list: ReadonlyArray<EvalAttempt>) => new Map(list.map((attempt) => [attempt.itemId, attempt]));
  const baselineById = byId(attempts[0]);
  const candidateById = byId(attempts[1]);
  let bothRight = 0;
  let onlyBaseline = 0;
  let onlyCandidate = 0;
  let bothWrong = 0;
  const disagreements: EvalResult['disagreements'] = [];
  for (const item of items) {
    const left = baselineById.get(item.id);
    const right = candidateById.get(item.id);
    const leftCorrect = left?.correct ?? false;
    const rightCorrect = right?.correct ?? false;
    if (leftCorrect && rightCorrect) bothRight += 1;
    else if (leftCorrect) onlyBaseline += 1;
    else if (rightCorrect) onlyCandidate += 1;
    else bothWrong += 1;
    if (leftCorrect !== rightCorrect)
      disagreements.push({
        itemId: item.id,
        baselineCorrect: leftCorrect,
        candidateCorrect: rightCorrect,
        baselineAnswer: left?.answer ?? null,
        candidateAnswer: right?.answer ?? null,
      });
  }
  const count = items.length;
  const summaries: [EvalRouteSummary, EvalRouteSummary] = [
    summariseRoute(baseline, attempts[0]),
    summariseRoute(candidate, attempts[1]),
  ];
  const gap = count > 0 ? (onlyBaseline - onlyCandidate) / count : 0;
  // Paired difference of shares: variance ((b + c) - (b - c)^2 / n) / n^2.
  const variance =
    count > 0 ? (onlyBaseline + onlyCandidate - (onlyBaseline - onlyCandidate) ** 2 / count) / count ** 2 : 0;
  const halfWidth = 1.96 * Math.sqrt(Math.max(0, variance));
  const pValue = mcnemarExactPValue(onlyBaseline, onlyCandidate);
  const costA = summaries[0].costUsdPerItem;
  const costB = summaries[1].costUsdPerItem;
  const costRatio = costA !== null && costB !== null && costA > 0 ? costB / costA : null;
  const gapPoints = gap * 100;
  const upperGapPoints = (gap + halfWidth) * 100;
  const costText =
    costRatio === null ? 'at an unknown cost (a price is missing)' : `at ${(costRatio * 100).toFixed(0)}% of the cost`;
  const verdict =
    gapPoints <= 0
      ? `${candidate} scores ${(-gapPoints).toFixed(1)} points ${gapPoints < 0 ? 'above' : 'level with'} ${baseline} ${costText} (p = ${pValue.toPrecision(2)}${pValue < 0.05 ? '' : ', not significant'})`
      : `${candidate} is within ${upperGapPoints.toFixed(1)} points of ${baseline} (95% upper bound; measured gap ${gapPoints.toFixed(1)} points, p = ${pValue.toPrecision(2)}${pValue < 0.05 ? ', significant' : ', not significant'}) ${costText}`;
  return {
    report: 'switchyard.eval',
    set,
    routes: summaries,
    paired: {
      items: count,
      bothRight,
      onlyBaseline,
      onlyCandidate,
      bothWrong,
      pValue,
      gapPoints,
      gapIntervalPoints: { low: (gap - halfWidth) * 100, high: upperGapPoints },
      significant: pValue < 0.05,
    },
    costRatio,
    verdict,
    disagreements,
    qualityGap: {
      points: Math.round(gapPoints * 100) / 100,
      baselineRoute: baseline,
      candidateRoute: candidate,
      items: count,
      intervalPoints: {
        low: Math.round((gap - halfWidth) * 10_000) / 100,
        high: Math.round(upperGapPoints * 100) / 100,
      },
      pValue,
      source: `switchyard eval ${set}`,
    },
    attempts: { [baseline]: [...attempts[0]], [candidate]: [...attempts[1]] },
  };
}

/**
 * A mock "model" for trying evals without an API (`switchyard mock-upstream --eval-set FILE
 * --accuracy SHARE`): it knows the set and answers item i right when
 * floor((i + 1) x share) > floor(i x share), so exactly round(share x n) items, spread
 * evenly, are right; the rest get "I do not know". Right means the expected answer (or, for
 * contains-all, the values). Items it cannot answer right (regex, json-schema and judge
 * items without `expected`) always get "I do not know".
 * @example mockEvalAnswerer(items /* 10 exact items *\/, 0.8)({ model: 'm', lastUserText: lastUserMessageOf(items[0]) }) === 'I do not know' // items 1 and 6 are the wrong ones
 */
export function mockEvalAnswerer(
  items: ReadonlyArray<EvalItem>,
  accuracyShare: number,
): (request: { model: string; lastUserText: string }) => string | undefined {
  const byPrompt = new Map<string, string>();
  items.forEach((item, index) => {
    const lastUser = [...item.messages].reverse().find((message) => message.role === 'user');
    if (!lastUser) return;
    const right = Math.floor((index + 1) * accuracyShare) > Math.floor(index * accuracyShare);
    const answer =
      item.expected !== undefined
        ? String(item.expected)
        : item.grader.type === 'contains-all'
          ? item.grader.values.join(', ')
          : undefined;
    byPrompt.set(lastUser.content, right && answer !== undefined ? answer : 'I do not know');
  });
  return (request) => byPrompt.get(request.lastUserText);
}
