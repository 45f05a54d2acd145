/**
 * What `switchyard eval` does (loaded only when it runs): read the eval set, send every
 * item to both routes (a Switchyard gateway, or two OpenAI-compatible base URLs) with
 * bounded concurrency, retries and a progress bar on stderr, grade, summarise, render.
 * Prices: the catalog entry of the model that answered (the gateway's pricing,
 * `attemptCostUsd`); unknown models are "depends on usage" (null), never $0.
 */
import { readFlagFile } from '../read-user-file.ts';
import {
  gradeAnswer,
  judgeMessages,
  parseEvalSet,
  summariseEval,
  type EvalAttempt,
  type EvalItem,
} from '../../app/eval.ts';
import { lookupTokenPriced } from '../../catalog/catalog.ts';
import { loadGatewayFile } from '../../gateway/config-file.ts';
import { attemptCostUsd } from '../../core/routing/pricing.ts';
import { renderEvalText } from '../../report/eval-report.ts';
import { UserError, valueOrThrow } from '../errors.ts';
import { cliIo } from '../io.ts';
import { loadCatalog } from '../load-catalog.ts';
import { checkFormat, positiveNumber, writeOutput } from '../output.ts';
import type { EvalFlags } from './measure.ts';

interface Endpoint {
  route: string;
  baseUrl: string;
  model: string;
}

interface ChatAnswer {
  text: string;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  latencyMs: number;
}

function pairs(flag: string, values: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values) {
    const split = value.indexOf('=');
    if (split <= 0) throw new UserError(`${flag}: '${value}' must be ROUTE=VALUE`);
    map.set(value.slice(0, split), value.slice(split + 1));
  }
  return map;
}

/** `--config FILE`: the gateway's URL from its server settings. */
function gatewayOfConfig(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const loaded = loadGatewayFile(path);
  if (!loaded.ok)
    throw new UserError(`--config: ${path} is not a valid gateway config:\n  ${loaded.errors.join('\n  ')}`);
  const host = loaded.file.server.host === '0.0.0.0' ? '127.0.0.1' : loaded.file.server.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${loaded.file.server.port}`;
}

function endpointsFor(given: EvalFlags, routes: string[]): Endpoint[] {
  if (given.gateway !== undefined && given.config !== undefined)
    throw new UserError('give --gateway or --config, not both');
  const flags = { ...given, gateway: given.gateway ?? gatewayOfConfig(given.config) };
  const baseUrls = pairs('--base-url', flags.baseUrl);
  const models = pairs('--model', flags.model);
  if (flags.gateway !== undefined && baseUrls.size > 0) throw new UserError('give --gateway or --base-url, not both');
  return routes.map((route) => {
    const gateway = flags.gateway?.replace(/\/+$/, '');
    const baseUrl = gateway ? `${gateway}/v1` : baseUrls.get(route)?.replace(/\/+$/, '');
    if (!baseUrl)
      throw new UserError(`--base-url: no URL for route '${route}' (give --base-url ${route}=URL or --gateway URL)`);
    return { route, baseUrl, model: models.get(route) ?? route };
  });
}

const retryable = (status: number) => status === 429 || status >= 500;

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

async function ask(
  endpoint: Endpoint,
  messages: ReadonlyArray<{ role: string; content: string }>,
  options: { apiKey: string | undefined; retries: number; timeoutMs: number; maxTokens?: number },
): Promise<ChatAnswer> {
  let lastError = 'no attempt';
  for (let attempt = 0; attempt <= options.retries; attempt += 1) {
    if (attempt > 0) await sleep(Math.min(2000, 100 * 2 ** attempt));
    const started = performance.now();
    try {
      const response = await fetch(`${endpoint.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: endpoint.model,
          messages,
          temperature: 0,
          ...(options.maxTokens ? { max_tokens: options.maxTokens } : {}),
        }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) {
        lastError = `HTTP ${response.status}: ${text.slice(0, 120)}`;
        if (retryable(response.status)) continue;
        throw new Error(lastError);
      }
      const body = JSON.parse(text) as {
        model?: string;
        choices?: Array<{ message?: { content?: string | null } }>;
        usage?: {
          prompt_tokens?: number;
          completion_tokens?: number;
          prompt_tokens_details?: { cached_tokens?: number };
        };
      };
      return {
        text: body.choices?.[0]?.message?.content ?? '',
        model: body.model ?? null,
        inputTokens: body.usage?.prompt_tokens ?? null,
        outputTokens: body.usage?.completion_tokens ?? null,
        cachedInputTokens: body.usage?.prompt_tokens_details?.cached_tokens ?? null,
        latencyMs: performance.now() - started,
      };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      if (lastError.startsWith('HTTP ')) throw error;
    }
  }
  throw new Error(lastError);
}

/** Runs `tasks` with at most `limit` at once, in order of the list. */
async function boundedAll<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await task(index);
    }
  });
  await Promise.all(workers);
  return results;
}

function progressBar(total: number, enabled: boolean): { tick: () => void; done: () => void } {
  let finished = 0;
  const draw = () => {
    const width = 30;
    const filled = Math.round((finished / total) * width);
    cliIo().stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${finished}/${total} requests`);
  };
  return {
    tick: () => {
      finished += 1;
      if (enabled && (finished === total || finished % Math.max(1, Math.floor(total / 50)) === 0)) draw();
    },
    done: () => {
      if (enabled) cliIo().stderr.write('\n');
    },
  };
}

export async function runEval(flags: EvalFlags): Promise<void> {
  const format = checkFormat(flags.format, ['table', 'json'] as const);
  if (flags.route.length !== 2 || flags.route[0] === flags.route[1])
    throw new UserError('--route: give two different routes, the baseline (A) first: --route A --route B');
  const text = readFlagFile('--set', flags.set);
  const items = valueOrThrow(parseEvalSet(text, flags.set));
  const routes = flags.route as [string, string];
  const endpoints = endpointsFor(flags, routes);
  const judge = flags.judge ? endpointsFor({ ...flags, route: [flags.judge] }, [flags.judge])[0] : undefined;
  if (!judge && items.some((item) => item.grader.type === 'judge'))
    throw new UserError('--judge: the set has judge items; name the route that grades them (--judge ROUTE)');
  const concurrency = Math.floor(positiveNumber('--concurrency', flags.concurrency));
  const retries = Math.max(0, Math.floor(Number(flags.retries)));
  if (!Number.isFinite(retries)) throw new UserError(`--retries: '${flags.retries}' must be a whole number`);
  const timeoutMs = positiveNumber('--timeout-ms', flags.timeoutMs);
  const apiKey = process.env[flags.keyEnv];
  const catalog = loadCatalog(undefined);
  const prices = new Map(
    [...pairs('--price', flags.price ?? [])].map(([route, text]) => {
      const [input, output] = text.split('/').map(Number);
      if (!(input >= 0) || !(output >= 0))
        throw new UserError(`--price: '${route}=${text}' must be ROUTE=IN/OUT in USD per 1M tokens, e.g. B=0.2/0.8`);
      return [
        route,
        { usdPerMillionInputTokens: input, usdPerMillionOutputTokens: output, usdPerMillionCachedInputTokens: input },
      ];
    }),
  );
  const progress = progressBar(items.length * 2, flags.progress && format === 'table');
  const runOne = async (endpoint: Endpoint, item: EvalItem): Promise<EvalAttempt> => {
    try {
      const answer = await ask(endpoint, item.messages, { apiKey, retries, timeoutMs, maxTokens: item.maxTokens });
      let verdict: string | undefined;
      if (item.grader.type === 'judge' && judge)
        verdict = (await ask(judge, judgeMessages(item, answer.text), { apiKey, retries, timeoutMs })).text;
      const priced =
        prices.get(endpoint.route) ??
        lookupTokenPriced(catalog, answer.model ?? endpoint.model) ??
        lookupTokenPriced(catalog, endpoint.model);
      const costUsd =
        priced && answer.inputTokens !== null && answer.outputTokens !== null
          ? attemptCostUsd(
              {
                inputTokens: answer.inputTokens,
                cachedInputTokens: answer.cachedInputTokens ?? 0,
                outputTokens: answer.outputTokens,
              },
              priced,
            )
          : null;
      return {
        itemId: item.id,
        answer: answer.text,
        error: null,
        correct: gradeAnswer(item, answer.text, verdict),
        inputTokens: answer.inputTokens,
        outputTokens: answer.outputTokens,
        cachedInputTokens: answer.cachedInputTokens,
        costUsd,
        latencyMs: answer.latencyMs,
        model: answer.model,
      };
    } catch (error) {
      return {
        itemId: item.id,
        answer: null,
        error: error instanceof Error ? error.message : String(error),
        correct: false,
        inputTokens: null,
        outputTokens: null,
        cachedInputTokens: null,
        costUsd: null,
        latencyMs: null,
        model: null,
      };
    } finally {
      progress.tick();
    }
  };
  const all = await boundedAll(items.length * 2, concurrency, (index) =>
    runOne(endpoints[index % 2], items[Math.floor(index / 2)]),
  );
  progress.done();
  const baseline = all.filter((_, index) => index % 2 === 0);
  const candidate = all.filter((_, index) => index % 2 === 1);
  for (const [route, attempts] of [
    [routes[0], baseline],
    [routes[1], candidate],
  ] as const)
    if (attempts.every((attempt) => attempt.error !== null))
      throw new UserError(`route ${route}: every request failed (${attempts[0]?.error ?? 'no items'})`, 1);
  const result = summariseEval(flags.set, routes, [baseline, candidate], items);
  if (flags.out) writeOutput(JSON.stringify(result, null, 2), flags.out);
  cliIo().stdout.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderEvalText(result));
}
