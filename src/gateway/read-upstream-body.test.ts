import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoundedBody, readErrorText, ResponseTooLargeError } from './read-upstream-body.ts';
import { type AbortSource, sendUpstreamRequest } from './upstream-exchange.ts';

/**
 * A loopback upstream whose answers are chosen by path: `/pieces/COUNT/BYTES` writes COUNT
 * pieces of BYTES each (waiting for the socket to drain), with `?length=1` a content-length;
 * `/info` sends a 102 before its answer; `/hang` sends headers and never ends the body.
 */
let server: Server;
let pool: Pool;
const written = new Map<string, number>();

async function writePieces(response: ServerResponse, path: string, count: number, pieceBytes: number): Promise<void> {
  written.set(path, 0);
  for (let index = 0; index < count; index += 1) {
    if (response.destroyed) return;
    written.set(path, index + 1);
    if (!response.write(Buffer.alloc(pieceBytes, 120)))
      await new Promise<void>((done) => {
        response.once('drain', done);
        response.once('close', done);
      });
  }
  response.end();
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    request.resume();
    const match = /^\/pieces\/(\d+)\/(\d+)$/.exec(url.pathname);
    if (match) {
      const count = Number(match[1]);
      const pieceBytes = Number(match[2]);
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'x-request-id': 'up-1' };
      if (url.searchParams.get('length') === '1') headers['content-length'] = String(count * pieceBytes);
      response.writeHead(200, headers);
      void writePieces(response, url.pathname + url.search, count, pieceBytes);
    } else if (url.pathname === '/info') {
      response.writeProcessing();
      response.writeHead(201, { 'content-type': 'text/plain' }).end('created');
    } else if (url.pathname === '/hang') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('partial');
    } else response.writeHead(404).end('no such path');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
});

afterAll(async () => {
  await pool.close();
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

/** A stand-in for the attempt's deadline: `abort(reason)` stops the exchange. */
function abortSource(): AbortSource & { abort(reason: Error): void } {
  const source = {
    aborted: false,
    reason: undefined as Error | undefined,
    abortHook: undefined as ((reason: Error) => void) | undefined,
    abort(reason: Error) {
      source.aborted = true;
      source.reason = reason;
      source.abortHook?.(reason);
    },
  };
  return source;
}

function send(path: string, source = abortSource()) {
  return sendUpstreamRequest(
    pool,
    {
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    },
    source,
  );
}

/** The connection is free again: the pool has one, so a second request only answers if it is. */
async function connectionIsFree(): Promise<boolean> {
  const answer = await send('/pieces/1/10');
  return (await answer.body.readAll(100, () => new Error('too large'))).length === 10;
}

describe('readBoundedBody', () => {
  it('reads a body under the cap whole, with its status and lazily parsed headers', async () => {
    const answer = await send('/pieces/4/1000');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['x-request-id']).toBe('up-1');
    expect((await readBoundedBody(answer.body, answer.headers['content-length'], 4000, 'vllm')).length).toBe(4000);
  });

  it('refuses a declared content-length over the cap and frees the connection', async () => {
    const answer = await send('/pieces/100/1000?length=1');
    await expect(readBoundedBody(answer.body, answer.headers['content-length'], 65_536, 'vllm')).rejects.toThrow(
      new ResponseTooLargeError('vllm', 65_536),
    );
    expect(await connectionIsFree()).toBe(true);
  });

  it('stops a body without content-length as soon as it passes the cap', async () => {
    // 64 MiB: far more than loopback socket buffers hold, so a body read on would show.
    const answer = await send('/pieces/4096/16384');
    await expect(readBoundedBody(answer.body, undefined, 10_000, 'vllm')).rejects.toThrow(
      'upstream vllm sent more than 10000 bytes (targets.vllm.maxResponseBytes)',
    );
    expect(written.get('/pieces/4096/16384')).toBeLessThan(2048);
    expect(await connectionIsFree()).toBe(true);
  });

  it('skips an informational 1xx answer', async () => {
    const answer = await send('/info');
    expect(answer.statusCode).toBe(201);
    expect((await readBoundedBody(answer.body, undefined, 100, 'vllm')).toString()).toBe('created');
  });
});

describe('readErrorText', () => {
  it('keeps at most the limit of an error body and stops reading', async () => {
    const answer = await send('/pieces/4096/16384');
    expect((await readErrorText(answer.body, 2_500)).length).toBe(2_500);
    expect(written.get('/pieces/4096/16384')).toBeLessThan(2048);
    expect(await connectionIsFree()).toBe(true);
  });
});

describe('sendUpstreamRequest', () => {
  it('iterates a long body chunk by chunk, holding the upstream back while the reader is slow', async () => {
    const answer = await send('/pieces/4096/16384');
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of answer.body) {
      bytes += chunk.length;
      chunks += 1;
      // A slow reader for the first chunks: the upstream must not have run far ahead.
      if (chunks === 3) {
        await new Promise((done) => setTimeout(done, 200));
        expect(written.get('/pieces/4096/16384')).toBeLessThan(2048);
      }
    }
    expect(bytes).toBe(4096 * 16384);
  });

  it('stops the body when the reader breaks out of the loop', async () => {
    const answer = await send('/pieces/1000/1000');
    for await (const chunk of answer.body) if (chunk.length > 0) break;
    expect(await connectionIsFree()).toBe(true);
  });

  it('rejects the answer with the abort reason when aborted before the headers', async () => {
    const source = abortSource();
    source.abort(new Error('deadline passed'));
    await expect(send('/pieces/1/10', source)).rejects.toThrow('deadline passed');
    expect(await connectionIsFree()).toBe(true);
  });

  it('fails the body with the abort reason when aborted while it streams', async () => {
    const source = abortSource();
    const answer = await send('/hang', source);
    const reading = answer.body.readAll(1_000, () => new Error('too large'));
    setTimeout(() => source.abort(new Error('attempt timeout')), 20);
    await expect(reading).rejects.toThrow('attempt timeout');
    expect(await connectionIsFree()).toBe(true);
  });

  it('answers an error status with its body readable as text', async () => {
    const answer = await send('/nowhere');
    expect(answer.statusCode).toBe(404);
    expect(await readErrorText(answer.body)).toBe('no such path');
  });
});
