import { describe, expect, it } from 'vitest';
import { ProblemsError, UserError } from './errors.ts';
import { loadTraceFile } from './load-trace.ts';

describe('loadTraceFile', () => {
  it('reads the example trace', () => {
    const records = loadTraceFile('examples/trace-sample.csv');
    expect(records).toHaveLength(360);
    expect(records[0]).toEqual({
      timestampMs: Date.parse('2025-03-03T00:24:57.896Z'),
      inputTokens: 1532,
      outputTokens: 466,
    });
  });

  it('names --trace and the file when it cannot be read', () => {
    expect(() => loadTraceFile('examples/none.csv')).toThrow(UserError);
    expect(() => loadTraceFile('examples/none.csv')).toThrow('--trace: examples/none.csv: no such file');
  });

  it('turns the CSV problems into a ProblemsError (exit 2) naming file and line', () => {
    expect(() => loadTraceFile('package.json')).toThrow(ProblemsError);
    expect(() => loadTraceFile('package.json')).toThrow(/^package\.json:1: .* — header is missing column\(s\)/);
  });
});
