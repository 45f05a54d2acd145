import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBoundedBody, readErrorText, ResponseTooLargeError } from './read-upstream-body.ts';

/** A body of `count` pieces of `pieceBytes` bytes each, and how many pieces were read from it. */
function pieces(count: number, pieceBytes: number): { body: Readable; piecesRead: () => number } {
  let sent = 0;
  const body = new Readable({
    read() {
      if (sent >= count) this.push(null);
      else {
        sent += 1;
        this.push(Buffer.alloc(pieceBytes, 120));
      }
    },
  });
  return { body, piecesRead: () => sent };
}

describe('readBoundedBody', () => {
  it('reads a body under the cap whole', async () => {
    const { body } = pieces(4, 1000);
    expect((await readBoundedBody(body, undefined, 4000, 'vllm')).length).toBe(4000);
  });

  it('refuses a declared content-length over the cap before reading a byte', async () => {
    const { body, piecesRead } = pieces(100, 1000);
    await expect(readBoundedBody(body, '100000', 65_536, 'vllm')).rejects.toThrow(
      new ResponseTooLargeError('vllm', 65_536),
    );
    expect(piecesRead()).toBe(0);
    expect(body.destroyed).toBe(true);
  });

  it('stops a body without content-length as soon as it passes the cap', async () => {
    const { body, piecesRead } = pieces(1000, 1000);
    await expect(readBoundedBody(body, undefined, 10_000, 'vllm')).rejects.toThrow(
      'upstream vllm sent more than 10000 bytes (targets.vllm.maxResponseBytes)',
    );
    expect(piecesRead()).toBeLessThan(100);
    expect(body.destroyed).toBe(true);
  });
});

describe('readErrorText', () => {
  it('keeps at most the limit of an error body', async () => {
    const { body, piecesRead } = pieces(1000, 1000);
    expect((await readErrorText(body, 2_500)).length).toBe(2_500);
    expect(piecesRead()).toBeLessThan(100);
  });
});
