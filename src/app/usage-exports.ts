/**
 * Provider usage exports -> usage buckets, in the shapes their Admin APIs document:
 *
 * - OpenAI `GET /v1/organization/usage/completions` (platform.openai.com/docs/api-reference/usage,
 *   read 2026-12-01): `{ object: "page", data: [{ object: "bucket", start_time, end_time,
 *   results: [{ object: "organization.usage.completions.result", input_tokens,
 *   input_cached_tokens, output_tokens, num_model_requests, model, project_id, ... }] }],
 *   has_more, next_page }`; times in Unix seconds; `input_tokens` includes cached tokens.
 * - Anthropic `GET /v1/organizations/usage_report/messages`
 *   (platform.claude.com/docs/en/api/admin/usage_report/retrieve_messages, read 2026-12-01):
 *   `{ data: [{ starting_at, ending_at, results: [{ uncached_input_tokens,
 *   cache_creation: { ephemeral_1h_input_tokens, ephemeral_5m_input_tokens },
 *   cache_read_input_tokens, output_tokens, model, workspace_id, api_key_id, ... }] }],
 *   has_more, next_page }`; RFC 3339 times; no request count.
 *
 * A file may hold one page or an array of pages (what a script that follows `next_page`
 * collects). Results are grouped by model, else by project/workspace, else "all".
 */
import { z } from 'zod';
import { problemsFromZod } from '../core/workload/parse.ts';
import { fail, succeed, type Outcome } from '../core/problem.ts';
import type { UsageBucket } from '../core/measure/usage.ts';

const count = z.number().nonnegative().nullable().optional();

const openAiResult = z.object({
  input_tokens: z.number().nonnegative(),
  input_cached_tokens: count,
  output_tokens: z.number().nonnegative(),
  num_model_requests: z.number().nonnegative(),
  model: z.string().nullable().optional(),
  project_id: z.string().nullable().optional(),
});
const openAiPage = z.object({
  data: z.array(z.object({ start_time: z.number(), end_time: z.number(), results: z.array(openAiResult) })),
});

const anthropicResult = z.object({
  uncached_input_tokens: z.number().nonnegative(),
  cache_read_input_tokens: count,
  cache_creation: z
    .object({ ephemeral_1h_input_tokens: count, ephemeral_5m_input_tokens: count })
    .nullable()
    .optional(),
  /** The flat spelling some versions of the report use. */
  cache_creation_1h_input_tokens: count,
  cache_creation_5m_input_tokens: count,
  output_tokens: z.number().nonnegative(),
  model: z.string().nullable().optional(),
  workspace_id: z.string().nullable().optional(),
});
const anthropicPage = z.object({
  data: z.array(z.object({ starting_at: z.string(), ending_at: z.string(), results: z.array(anthropicResult) })),
});

export type UsageExportKind = 'openai' | 'anthropic';

function pagesOf(input: unknown): unknown[] {
  return Array.isArray(input) ? input : [input];
}

/**
 * Buckets of an OpenAI completions usage export.
 * @example openAiUsageBuckets({ object: 'page', data: [{ start_time: 1730419200, end_time: 1730505600, results: [{ input_tokens: 1000, input_cached_tokens: 800, output_tokens: 500, num_model_requests: 5, model: 'gpt-4.1' }] }] })
 * // { ok: true, value: [{ key: 'gpt-4.1', requests: 5, inputTokens: 1000, cachedInputTokens: 800, outputTokens: 500, ... }] }
 */
export function openAiUsageBuckets(input: unknown): Outcome<UsageBucket[]> {
  const buckets: UsageBucket[] = [];
  for (const page of pagesOf(input)) {
    const parsed = openAiPage.safeParse(page);
    if (!parsed.success) return fail(...problemsFromZod(parsed.error, page));
    for (const bucket of parsed.data.data)
      for (const result of bucket.results)
        buckets.push({
          key: result.model ?? result.project_id ?? 'all',
          startMs: bucket.start_time * 1000,
          endMs: bucket.end_time * 1000,
          requests: result.num_model_requests,
          inputTokens: result.input_tokens,
          cachedInputTokens: result.input_cached_tokens ?? 0,
          outputTokens: result.output_tokens,
          costUsd: null,
        });
  }
  return succeed(buckets);
}

/**
 * Buckets of an Anthropic messages usage report. Input tokens = uncached + cache reads +
 * cache writes; cached input = cache reads. Requests are not reported (null).
 * @example anthropicUsageBuckets({ data: [{ starting_at: '2025-08-01T00:00:00Z', ending_at: '2025-08-02T00:00:00Z', results: [{ uncached_input_tokens: 1500, cache_creation: { ephemeral_1h_input_tokens: 1000, ephemeral_5m_input_tokens: 500 }, cache_read_input_tokens: 200, output_tokens: 500, model: 'claude-sonnet-4-20250514' }] }] })
 * // { ok: true, value: [{ key: 'claude-sonnet-4-20250514', requests: null, inputTokens: 3200, cachedInputTokens: 200, outputTokens: 500, ... }] }
 */
export function anthropicUsageBuckets(input: unknown): Outcome<UsageBucket[]> {
  const buckets: UsageBucket[] = [];
  for (const page of pagesOf(input)) {
    const parsed = anthropicPage.safeParse(page);
    if (!parsed.success) return fail(...problemsFromZod(parsed.error, page));
    for (const bucket of parsed.data.data) {
      const startMs = Date.parse(bucket.starting_at);
      const endMs = Date.parse(bucket.ending_at);
      if (!Number.isFinite(startMs) || !Number.isFinite(endMs))
        return fail({
          path: 'data[].starting_at',
          value: bucket.starting_at,
          message: 'must be an RFC 3339 time',
          code: 'invalid_value',
        });
      for (const result of bucket.results) {
        const cacheWrites =
          (result.cache_creation?.ephemeral_1h_input_tokens ?? result.cache_creation_1h_input_tokens ?? 0) +
          (result.cache_creation?.ephemeral_5m_input_tokens ?? result.cache_creation_5m_input_tokens ?? 0);
        const cacheReads = result.cache_read_input_tokens ?? 0;
        buckets.push({
          key: result.model ?? result.workspace_id ?? 'all',
          startMs,
          endMs,
          requests: null,
          inputTokens: result.uncached_input_tokens + cacheReads + cacheWrites,
          cachedInputTokens: cacheReads,
          outputTokens: result.output_tokens,
          costUsd: null,
        });
      }
    }
  }
  return succeed(buckets);
}

const openAiCostsPage = z.object({
  data: z.array(
    z.object({
      start_time: z.number(),
      end_time: z.number(),
      results: z.array(
        z.object({
          amount: z.object({ value: z.number(), currency: z.string() }).nullable().optional(),
          line_item: z.string().nullable().optional(),
          project_id: z.string().nullable().optional(),
        }),
      ),
    }),
  ),
});

/**
 * The usage buckets with the costs of an OpenAI costs export (`GET /v1/organization/costs`:
 * `{ data: [{ start_time, end_time, results: [{ amount: { value, currency }, line_item,
 * project_id }] }] }`) attached. A cost goes to the usage workload of its project_id when
 * the usage is grouped by project, or to the only workload when there is one; otherwise
 * it is not attributed (a warning gives the total). Non-USD amounts are a problem.
 * @example withOpenAiCosts([gpt41Bucket], { data: [{ start_time: 1730419200, end_time: 1730505600, results: [{ amount: { value: 0.06, currency: 'usd' } }] }] })
 * // { ok: true, value: { buckets: [{ ...gpt41Bucket, costUsd: 0.06 }], warnings: [] } }
 */
export function withOpenAiCosts(
  buckets: ReadonlyArray<UsageBucket>,
  input: unknown,
): Outcome<{ buckets: UsageBucket[]; warnings: string[] }> {
  const keys = [...new Set(buckets.map((bucket) => bucket.key))];
  const result = buckets.map((bucket) => ({ ...bucket }));
  let unattributedUsd = 0;
  for (const page of pagesOf(input)) {
    const parsed = openAiCostsPage.safeParse(page);
    if (!parsed.success) return fail(...problemsFromZod(parsed.error, page));
    for (const bucket of parsed.data.data)
      for (const cost of bucket.results) {
        if (!cost.amount) continue;
        if (cost.amount.currency.toLowerCase() !== 'usd')
          return fail({
            path: 'data[].results[].amount.currency',
            value: cost.amount.currency,
            message: 'only usd amounts can be read (Switchyard money is USD)',
            code: 'invalid_value',
          });
        const key =
          cost.project_id && keys.includes(cost.project_id) ? cost.project_id : keys.length === 1 ? keys[0] : null;
        if (key === null) {
          unattributedUsd += cost.amount.value;
          continue;
        }
        const startMs = bucket.start_time * 1000;
        const target = result.find((entry) => entry.key === key && entry.startMs === startMs);
        if (target) target.costUsd = (target.costUsd ?? 0) + cost.amount.value;
        else
          result.push({
            key,
            startMs,
            endMs: bucket.end_time * 1000,
            requests: 0,
            inputTokens: 0,
            cachedInputTokens: 0,
            outputTokens: 0,
            costUsd: cost.amount.value,
          });
      }
  }
  const warnings =
    unattributedUsd > 0
      ? [
          `costs export: $${unattributedUsd.toFixed(2)} not attributed to a workload (group both exports by project_id to split it)`,
        ]
      : [];
  return succeed({ buckets: result, warnings });
}
