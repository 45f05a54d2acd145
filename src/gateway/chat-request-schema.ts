/**
 * The zod schema of a chat-completions request: only the fields the gateway or an adapter
 * reads are checked (model, messages, stream, the sampling and tool fields); every other field
 * passes through untouched (`looseObject`), because clients send many. OpenAI accepts `null` for
 * each optional field, so does this. A bad field is answered 400 in OpenAI's error shape with
 * `param` = its path, e.g. `messages[1].tool_calls[0].function.arguments`, before any upstream
 * sees the request.
 *
 * Cost: the common shape (text messages, the usual sampling fields) passes a hand-written
 * check at least as strict as the schema and skips zod; anything else gets one `safeParse`,
 * no transforms or defaults, ~10 µs for a typical request under load (docs/gateway.md, "Third pass").
 */
import { z } from 'zod';
import type { ChatCompletionRequest } from '../providers/types.ts';
import { GatewayHttpError } from './errors.ts';

const nullableString = z.string().nullish();
const positiveInteger = z.number().int().positive();

const cacheControlSchema = z.looseObject({
  type: z.literal('ephemeral'),
  ttl: z.enum(['5m', '1h']).optional(),
});

/** A content part: whatever its `type`; a text part needs its text; a cache marker must be Anthropic's shape. */
const contentPartSchema = z
  .looseObject({ type: z.string(), cache_control: cacheControlSchema.optional() })
  .refine((part) => part.type !== 'text' || typeof part.text === 'string', {
    message: 'a text part needs `text` as a string',
    path: ['text'],
  });

const contentSchema = z.union([z.string(), z.array(contentPartSchema)], {
  error: 'expected a string or an array of content parts',
});

const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const messageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: contentSchema, name: nullableString }),
  z.looseObject({ role: z.literal('developer'), content: contentSchema, name: nullableString }),
  z.looseObject({ role: z.literal('user'), content: contentSchema, name: nullableString }),
  z.looseObject({
    role: z.literal('assistant'),
    content: contentSchema.nullish(),
    name: nullableString,
    tool_calls: z.array(toolCallSchema).nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), content: contentSchema, tool_call_id: z.string() }),
  z.looseObject({ role: z.literal('function'), content: z.string().nullable(), name: z.string() }),
]);

const toolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string(),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

const responseFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string(),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1, 'must be a non-empty string (a route name)'),
  messages: z.array(messageSchema).min(1, 'must be a non-empty array of chat messages'),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: positiveInteger.nullish(),
  max_completion_tokens: positiveInteger.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string())], { error: 'expected a string or an array of strings' }).nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: z
    .union([z.enum(['none', 'auto', 'required']), z.looseObject({ type: z.string() })], {
      error: 'expected "none", "auto", "required" or an object with a `type`',
    })
    .nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: responseFormatSchema.nullish(),
  n: positiveInteger.nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).nullish(),
  reasoning_effort: nullableString,
  user: nullableString,
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

/** `messages[1].tool_calls[0].function.arguments` from zod's path. */
export function formatRequestPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= 60 ? text : `${text.slice(0, 60)}…`;
}

/**
 * The most specific problem of an issue: for a union (string or list of parts) whose value had
 * the right kind but a bad inside, the inner problem of the branch that matched the kind (its
 * path is longer), so `param` points at the bad part, not at the whole field.
 */
function innermostIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first !== undefined && first.path.length > 0)
      return innermostIssue({ ...first, path: [...issue.path, ...first.path] });
  }
  return issue;
}

/** The OpenAI error for the first problem zod found: the path, what is allowed, the value sent. */
function requestError(firstIssue: z.core.$ZodIssue, input: unknown): GatewayHttpError {
  const issue = innermostIssue(firstIssue);
  const param = formatRequestPath(issue.path);
  const value = valueAt(input, issue.path);
  let allowed = issue.message;
  let code = value === undefined ? 'missing_required_parameter' : 'invalid_type';
  // zod's issue for a discriminated union with no matching option lists the options (not in its types).
  const options: unknown = issue.code === 'invalid_union' ? (issue as { options?: unknown }).options : undefined;
  if (Array.isArray(options)) {
    allowed = `must be one of ${options.map((option: unknown) => JSON.stringify(option)).join(', ')}`;
    code = value === undefined ? 'missing_required_parameter' : 'invalid_value';
  } else if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_value') {
    code = 'invalid_value';
  } else if (issue.code === 'custom') {
    code = 'invalid_value';
  }
  return new GatewayHttpError(
    400,
    `invalid request: ${param || 'body'}: ${allowed}; got ${shown(value)}`,
    'invalid_request_error',
    code,
    param || null,
  );
}

/** The top-level fields the fast check below reads itself; every other field the schema checks sends the request to zod. */
const fastFields = new Set([
  'model',
  'messages',
  'stream',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
]);
const slowFields = new Set(Object.keys(chatRequestSchema.shape).filter((field) => !fastFields.has(field)));
const plainRoles = new Set(['system', 'developer', 'user', 'assistant']);

function isNullishOr(value: unknown, check: (present: unknown) => boolean): boolean {
  return value === undefined || value === null || check(value);
}

const isPositiveInteger = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) > 0;

/**
 * The hot path's check: true only for the common shape that the schema certainly accepts
 * (text messages of the plain roles, the usual sampling fields, nothing else the schema
 * checks). Anything else, valid or not, goes to `chatRequestSchema`, which also words the
 * errors. Saves zod's walk and its copy of the body (~10 µs a request under load). Every
 * condition here is at least as strict as the schema's, so a request it passes the schema passes.
 */
function isPlainChatRequest(value: Record<string, unknown>): boolean {
  for (const field in value) if (slowFields.has(field)) return false;
  const { model, messages } = value;
  if (typeof model !== 'string' || model.length === 0) return false;
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const message of messages) {
    if (message === null || typeof message !== 'object' || Array.isArray(message)) return false;
    const { role, content, name, tool_calls: toolCalls } = message as Record<string, unknown>;
    if (typeof role !== 'string' || !plainRoles.has(role) || typeof content !== 'string') return false;
    if (!isNullishOr(name, (present) => typeof present === 'string')) return false;
    if (toolCalls !== undefined) return false;
  }
  return (
    isNullishOr(value.stream, (present) => typeof present === 'boolean') &&
    isNullishOr(value.max_tokens, isPositiveInteger) &&
    isNullishOr(value.max_completion_tokens, isPositiveInteger) &&
    isNullishOr(value.temperature, (present) => typeof present === 'number' && present >= 0 && present <= 2) &&
    isNullishOr(value.top_p, (present) => typeof present === 'number' && present >= 0 && present <= 1)
  );
}

/**
 * Checks a parsed request body; returns it (zod's copy: the checked fields and every unknown
 * one) or throws a 400 naming the first bad field.
 */
export function validateChatRequest(value: unknown): ChatCompletionRequest {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new GatewayHttpError(400, 'request body must be a JSON object', 'invalid_request_error', 'invalid_request');
  if (isPlainChatRequest(value as Record<string, unknown>)) return value as ChatCompletionRequest;
  const parsed = chatRequestSchema.safeParse(value);
  if (!parsed.success) throw requestError(parsed.error.issues[0], value);
  const checked: ChatCompletionRequest = parsed.data; // the schema's type must fit the providers' type
  return checked;
}

const tokenArray = z.array(z.number().int().nonnegative());
/** A prompt or embedding input: text, texts, tokens, or lists of tokens (OpenAI's four forms), not empty. */
const textOrTokens = z.union([
  z.string(),
  z.array(z.string()).min(1),
  tokenArray.min(1),
  z.array(tokenArray.min(1)).min(1),
]);
const optionalFlag = z.boolean().nullable().optional();

const passThroughSchemas = {
  embeddings: z.looseObject({
    model: z.string().min(1),
    input: textOrTokens,
    encoding_format: z.enum(['float', 'base64']).nullable().optional(),
    dimensions: z.number().int().positive().nullable().optional(),
  }),
  completions: z.looseObject({
    model: z.string().min(1),
    prompt: textOrTokens,
    stream: optionalFlag,
    stream_options: z.looseObject({ include_usage: optionalFlag }).nullable().optional(),
    max_tokens: z.number().int().nonnegative().nullable().optional(),
  }),
  responses: z.looseObject({
    model: z.string().min(1),
    input: z.union([z.string(), z.array(z.unknown())]).optional(),
    stream: optionalFlag,
  }),
} as const;

export type PassThroughKind = keyof typeof passThroughSchemas;

/**
 * Checks the fields the gateway reads of an embeddings, completions or responses body (the
 * rest goes upstream untouched); returns it or throws a 400 naming the first bad field.
 */
export function validatePassThroughRequest(kind: PassThroughKind, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new GatewayHttpError(400, 'request body must be a JSON object', 'invalid_request_error', 'invalid_request');
  const parsed = passThroughSchemas[kind].safeParse(value);
  if (!parsed.success) throw requestError(parsed.error.issues[0], value);
  return parsed.data;
}
