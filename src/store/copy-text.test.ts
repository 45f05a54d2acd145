import { describe, expect, it } from 'vitest';
import { logRowWith } from '../../test/fixtures/log-rows.ts';
import { copyText } from './copy-text.ts';
import { requestLogColumns } from './types.ts';

describe('copyText', () => {
  it('checks the doc example: tabs between columns, \\N for null, t/f, escaped text, one line a row', () => {
    const text = copyText([logRowWith({ feature: null, stream: false, prompt: 'a\tb' })]);
    expect(text.endsWith('\n')).toBe(true);
    const fields = text.slice(0, -1).split('\t');
    expect(fields).toHaveLength(requestLogColumns.length);
    const at = (column: (typeof requestLogColumns)[number]): string => fields[requestLogColumns.indexOf(column)];
    expect(text.startsWith('r.1\tr\t2026-12-01T00:00:00.000Z\tchat\t1\t\\N\t')).toBe(true);
    expect(at('stream')).toBe('f');
    expect(at('usageEstimated')).toBe('f');
    expect(at('costUsd')).toBe('0.002');
    expect(text).toContain('\ta\\tb\t');
  });

  it('escapes backslash and line ends, writes a number that is not finite as null, keeps other text as is', () => {
    const text = copyText([
      logRowWith({ prompt: 'x\\N\r\ny', costUsd: Number.NaN, ttftMs: Number.POSITIVE_INFINITY, model: 'ünï 模型' }),
      logRowWith({ id: 'r.2' }),
    ]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const fields = lines[0].split('\t');
    expect(fields[requestLogColumns.indexOf('prompt')]).toBe('x\\\\N\\r\\ny');
    expect(fields[requestLogColumns.indexOf('costUsd')]).toBe('\\N');
    expect(fields[requestLogColumns.indexOf('ttftMs')]).toBe('\\N');
    expect(fields[requestLogColumns.indexOf('model')]).toBe('ünï 模型');
    expect(lines[1].startsWith('r.2\t')).toBe(true);
    expect(copyText([])).toBe('');
  });
});
