import { afterEach, describe, expect, it } from 'vitest';
import { clientKey, chat, gatewayFor, hello, mock, openAiTarget } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('bad input gets an OpenAI-style error and nothing reaches an upstream', () => {
  it('rejects malformed JSON, unknown routes, missing/wrong keys, oversized bodies', async () => {
    const upstream = await mock();
    const test = await gatewayFor(
      { version: 1, targets: { only: openAiTarget(upstream) }, routes: { chat: { weights: { only: 1 } } } },
      { bodyLimitBytes: 2_000 },
    );
    cleanups.push(
      () => upstream.close(),
      () => test.gateway.close(),
    );
    const url = test.gateway.url;

    const malformed = await chat(url, '{"model": "chat", "messages": [');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json', param: null });

    const unknown = await chat(url, { ...hello, model: 'caht' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    expect((unknown.json.error as { message: string }).message).toContain("did you mean 'chat'?");

    const noMessages = await chat(url, { model: 'chat', messages: [] });
    expect(noMessages.status).toBe(400);
    expect(noMessages.json.error).toMatchObject({ param: 'messages' });

    const missingKey = await chat(url, hello, { authorization: '' });
    expect(missingKey.status).toBe(401);
    expect(missingKey.json.error).toMatchObject({ type: 'authentication_error', code: 'missing_api_key' });

    const wrongKey = await chat(url, hello, { authorization: 'Bearer sy-wrong' });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.json.error).toMatchObject({ code: 'invalid_api_key' });

    const big = await chat(url, { ...hello, messages: [{ role: 'user', content: 'x'.repeat(5_000) }] });
    expect(big.status).toBe(413);
    expect(big.json.error).toMatchObject({ code: 'request_too_large' });
    expect((big.json.error as { message: string }).message).toContain('2000 bytes');

    const notFound = await fetch(`${url}/v1/audio/speech`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clientKey}` },
    });
    expect(notFound.status).toBe(404);

    expect(upstream.stats().requests).toBe(0);
    expect(test.rows()).toEqual([]);

    // The gateway still serves after all that.
    expect((await chat(url, hello)).status).toBe(200);
    const models = (await (
      await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${clientKey}` } })
    ).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((model) => model.id)).toEqual(['chat']);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});
