import { timeOrderedRequestId } from './request-id.ts';
import { describe, expect, it } from 'vitest';
import { bearerToken, hashKey, KeyRing, matchesHash } from './auth.ts';
import { addClientKey, editRoute } from './config-edit.ts';
import { isLoopbackHost, parseGatewayYaml } from './config-file.ts';
import { labels } from './metrics.ts';
import { parseUpstreamFlag, quickStartRouting } from './quick-start.ts';
import { compileRouting, resolveRoute } from '../core/routing/compile.ts';
import { resolveRates } from './state.ts';
import { chatRequestSchema, validateChatRequest } from './chat-request-schema.ts';

const minimal = `version: 1
targets:
  vllm: { provider: openai-compatible, baseUrl: "http://127.0.0.1:9001/v1", model: llama }
routes:
  chat: { weights: { vllm: 1 } }
`;

describe('auth', () => {
  it('checks the doc example and identifies keys by hash', () => {
    expect(hashKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const ring = new KeyRing([{ id: 'team-a', sha256: hashKey('sy-1') }]);
    expect(ring.identify('sy-1')?.id).toBe('team-a');
    expect(ring.identify('sy-1')?.id).toBe('team-a');
    expect(ring.identify('sy-2')).toBeUndefined();
    expect(matchesHash('sy-1', hashKey('sy-1'))).toBe(true);
    expect(matchesHash('sy-1', 'short')).toBe(false);
    expect(bearerToken({ authorization: 'Bearer sy-1' })).toBe('sy-1');
    expect(bearerToken({ 'x-api-key': 'sy-3' })).toBe('sy-3');
    expect(bearerToken({})).toBeUndefined();
  });
});

describe('metrics labels', () => {
  it('checks the doc example and escapes values', () => {
    expect(labels({ route: 'a', status: '200' })).toBe('route="a",status="200"');
    expect(labels({ route: 'a"b\\c\nd' })).toBe('route="a\\"b\\\\c\\nd"');
  });
});

describe('gateway file', () => {
  it('applies server defaults and validates keys, server and catalog prices', () => {
    const parsed = parseGatewayYaml(minimal);
    expect(parsed.ok && parsed.file.server).toEqual({
      host: '127.0.0.1',
      port: 8787,
      bodyLimitBytes: 1_048_576,
      logPrompts: false,
      preloadTokenizer: false,
      db: './switchyard.db',
      retentionDays: 30,
      adminKeyEnv: 'SWITCHYARD_ADMIN_KEY',
      auth: true,
    });
    const headers = parseGatewayYaml(`${minimal}server: { maxHeaderBytes: 16384 }\n`);
    expect(headers.ok && headers.file.server.maxHeaderBytes).toBe(16_384);
    expect(parseGatewayYaml(`${minimal}server: { maxHeaderBytes: 10 }\n`).ok).toBe(false);
    const bad = parseGatewayYaml(`${minimal}server: { port: 99999 }\nkeys: [{ id: a, sha256: nothex }]\n`);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.some((line) => line.startsWith('server.port:') && line.includes('(got 99999)'))).toBe(true);
      expect(bad.errors.some((line) => line.startsWith('keys.0.sha256:'))).toBe(true);
    }
    const price = parseGatewayYaml(
      minimal.replace('model: llama }', 'model: llama, pricing: { catalog: openai/gpt-4.1-mni } }'),
    );
    expect(!price.ok && price.errors[0]).toContain(
      "targets.vllm.pricing.catalog: unknown catalog model 'openai/gpt-4.1-mni'; did you mean",
    );
    expect(!price.ok && price.errors[0]).toContain("'openai/gpt-4.1-mini'");
    expect(parseGatewayYaml('version: [').ok).toBe(false);
  });
  it('knows loopback hosts', () => {
    expect(['127.0.0.1', 'localhost', '::1', '127.1.2.3'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});

describe('pricing resolution', () => {
  it('uses configured prices, GPU-hour share, catalog ids, or the catalog entry of the model', () => {
    const target = { provider: 'openai' as const, baseUrl: 'http://x/v1', timeoutMs: 1000 };
    expect(
      resolveRates({ ...target, pricing: { usdPerGpuHour: 2.5, gpus: 2, expectedTokensPerHour: 5_000_000 } })
        ?.usdPerMillionOutputTokens,
    ).toBe(1);
    expect(
      resolveRates({ ...target, pricing: { usdPerMillionInputTokens: 1, usdPerMillionOutputTokens: 2 } })
        ?.usdPerMillionCachedInputTokens,
    ).toBe(1);
    expect(resolveRates({ ...target, pricing: { catalog: 'openai/gpt-4.1' } })).toEqual({
      usdPerMillionInputTokens: 2,
      usdPerMillionOutputTokens: 8,
      usdPerMillionCachedInputTokens: 0.5,
    });
    expect(resolveRates({ ...target, model: 'gpt-4.1-mini' })?.usdPerMillionInputTokens).toBe(0.4);
    expect(resolveRates({ ...target, model: 'my-private-model' })).toBeUndefined();
  });
});

describe('config edits', () => {
  it('sets weights with a version bump and keeps comments; refuses invalid results', () => {
    const edited = editRoute(`# mine\n${minimal}`, { route: 'chat', weights: { vllm: 3 } });
    expect(edited.previousVersion).toBe(1);
    expect(edited.file.routing.version).toBe(2);
    expect(edited.text).toContain('# mine');
    expect(() => editRoute(minimal, { route: 'nope', weights: { vllm: 1 } })).toThrow(
      "--route: no route 'nope' in the file (routes: chat)",
    );
    expect(() => editRoute(minimal, { route: 'chat', weights: { vllm: 0 } })).toThrow(
      'at least one weight must be > 0',
    );
  });
  it('adds keys once per id', () => {
    const added = addClientKey(minimal, { id: 'a', sha256: hashKey('k'), createdAt: '2025-06-01T00:00:00Z' });
    expect(added.file.keys.map((key) => key.id)).toEqual(['a']);
    expect(() => addClientKey(added.text, { id: 'a', sha256: hashKey('k2'), createdAt: 'x' })).toThrow(
      "a key with id 'a' already exists",
    );
  });
});

describe('quick start', () => {
  it('builds one default route spread evenly that answers any model', () => {
    const config = quickStartRouting([
      parseUpstreamFlag('a=http://127.0.0.1:1/v1'),
      parseUpstreamFlag('b=http://127.0.0.1:2/v1'),
    ]);
    const compiled = compileRouting(config);
    expect(compiled.ok && resolveRoute(compiled.routing, 'any-model')?.weights).toEqual([
      { value: 'a', weight: 1 },
      { value: 'b', weight: 1 },
    ]);
    expect(() => parseUpstreamFlag('a:http://x')).toThrow('--upstream');
    expect(() => quickStartRouting([parseUpstreamFlag('a=http://x/v1'), parseUpstreamFlag('a=http://y/v1')])).toThrow(
      'given twice',
    );
  });
});

describe('validateChatRequest fast path', () => {
  it('accepts what the schema accepts and refuses what it refuses, with the same words', () => {
    const plain = {
      model: 'chat',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi', name: 'ann' },
        { role: 'assistant', content: 'hello', name: null },
      ],
      stream: false,
      max_tokens: 32,
      temperature: 0.5,
      top_p: 1,
      seed: 7,
    };
    expect(validateChatRequest(structuredClone(plain))).toEqual(chatRequestSchema.parse(plain));
    const bad: Array<Record<string, unknown>> = [
      { ...plain, temperature: 3 },
      { ...plain, max_tokens: 0 },
      { ...plain, max_tokens: 1.5 },
      { ...plain, top_p: -1 },
      { ...plain, stream: 'yes' },
      { ...plain, model: '' },
      { ...plain, messages: [] },
      { ...plain, messages: [null] },
      { ...plain, messages: [{ role: 'user', content: 5 }] },
      { ...plain, messages: [{ role: 'robot', content: 'x' }] },
      { ...plain, messages: [{ role: 'user', content: 'x', name: 5 }] },
      { ...plain, stop: 5 },
    ];
    for (const body of bad) {
      const schemaError = chatRequestSchema.safeParse(body).error?.issues[0]?.path.join('.');
      expect(schemaError, JSON.stringify(body)).toBeDefined();
      expect(() => validateChatRequest(body)).toThrow();
    }
    // Fields the fast check leaves to zod still go through it (a tool message, tools, metadata).
    const withTools = {
      ...plain,
      messages: [...plain.messages, { role: 'tool', content: 'ok', tool_call_id: 'call-1' }],
      tools: [{ type: 'function', function: { name: 'f' } }],
      metadata: { team: 'a' },
    };
    expect(validateChatRequest(structuredClone(withTools))).toEqual(chatRequestSchema.parse(withTools));
  });
});

describe('timeOrderedRequestId', () => {
  it('is a version-7 UUID whose first 48 bits are the time, so ids sort by time', () => {
    const atMs = Date.UTC(2026, 11, 1);
    const id = timeOrderedRequestId(atMs);
    expect(id).toMatch(/^01a22ee6-b000-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const later = [
      timeOrderedRequestId(atMs + 1),
      timeOrderedRequestId(atMs + 1000),
      timeOrderedRequestId(atMs + 86_400_000),
    ];
    expect([...later, id].sort()).toEqual([id, ...later]);
    expect(new Set(Array.from({ length: 1000 }, () => timeOrderedRequestId(atMs))).size).toBe(1000);
  });
});
