import { describe, expect, it } from 'vitest';
import { formatProblems, type Outcome } from '../problem.ts';
import { parseTimestampMs, parseTraceCsv } from './trace-csv.ts';
import type { TraceRecord } from './trace.ts';

/** The problems as the CLI prints them (one `path: value — message` line each). */
function problemText(outcome: Outcome<TraceRecord[]>): string {
  if (outcome.ok) throw new Error('expected problems');
  return formatProblems(outcome.problems);
}

describe('parseTimestampMs', () => {
  it('reads ISO 8601 (UTC without an offset) and epoch milliseconds', () => {
    expect(parseTimestampMs('2024-01-01T09:30:00Z')).toBe(1704101400000);
    expect(parseTimestampMs('1704101400000')).toBe(1704101400000);
    expect(parseTimestampMs('2024-01-01T09:30:00')).toBe(1704101400000);
    expect(parseTimestampMs('2024-01-01 09:30:00')).toBe(1704101400000);
    expect(parseTimestampMs('2024-01-01T10:30:00+01:00')).toBe(1704101400000);
  });

  it('explains epoch seconds and garbage', () => {
    expect(parseTimestampMs('1704101400')).toMatch(/looks like epoch seconds/);
    expect(parseTimestampMs('yesterday')).toMatch(/is not an ISO 8601 time/);
  });
});

describe('parseTraceCsv', () => {
  it('reads columns by name, in any order, skipping blanks and comments', () => {
    const text =
      '# recorded by the gateway\nmodel,output_tokens,timestamp,input_tokens\nx,50,1704101400000,100\n\ny,"7",2024-01-01T09:31:00Z,3\n';
    expect(parseTraceCsv(text, 't.csv')).toEqual({
      ok: true,
      value: [
        { timestampMs: 1704101400000, inputTokens: 100, outputTokens: 50 },
        { timestampMs: 1704101460000, inputTokens: 3, outputTokens: 7 },
      ],
    });
  });

  it('checks the doc examples', () => {
    expect(parseTraceCsv('timestamp,input_tokens,output_tokens\n1704101400000,100,50', 't.csv')).toEqual({
      ok: true,
      value: [{ timestampMs: 1704101400000, inputTokens: 100, outputTokens: 50 }],
    });
    expect(parseTraceCsv('timestamp,input_tokens,output_tokens\n1704101400000,-1,3', 't.csv')).toEqual({
      ok: false,
      problems: [
        {
          path: 't.csv:2',
          value: '-1',
          message: 'input_tokens must be a number of tokens, 0 or more',
          code: 'invalid_value',
        },
      ],
    });
  });

  it('names the file, line, column and value on bad input', () => {
    expect(problemText(parseTraceCsv('', 't.csv'))).toMatch(/^t.csv: \(missing\) — the trace is empty/);
    expect(problemText(parseTraceCsv('when,input_tokens,output_tokens\n1,2,3', 't.csv'))).toBe(
      't.csv:1: "when,input_tokens,output_tokens" — header is missing column(s) timestamp; expected \'timestamp,input_tokens,output_tokens\'',
    );
    expect(problemText(parseTraceCsv('timestamp,input_tokens,output_tokens\n', 't.csv'))).toMatch(
      /has a header but no requests/,
    );
    expect(problemText(parseTraceCsv('timestamp,input_tokens,output_tokens\n1704101400000,1', 't.csv'))).toBe(
      't.csv:2: "" — output_tokens must be a number of tokens, 0 or more',
    );
    expect(problemText(parseTraceCsv('timestamp,input_tokens,output_tokens\nnoon,1,1', 't.csv'))).toMatch(
      /^t.csv:2: "noon" — timestamp is not an ISO 8601 time/,
    );
  });

  it('reports every bad line, up to 20, then counts the rest', () => {
    const lines = Array.from({ length: 25 }, (_, index) => `${1704101400000 + index},x,1`);
    const outcome = parseTraceCsv(['timestamp,input_tokens,output_tokens', ...lines].join('\n'), 't.csv');
    const text = problemText(outcome).split('\n');
    expect(text).toHaveLength(21);
    expect(text[0]).toBe('t.csv:2: "x" — input_tokens must be a number of tokens, 0 or more');
    expect(text[20]).toBe('t.csv: 25 — lines with problems in all; the first 20 are listed above');
  });
});

describe('the gateway request log as a trace', () => {
  it('reads `switchyard logs --format csv` output: time/inputTokens/outputTokens, successful attempts only, quoted cells', () => {
    const csv = [
      'id,requestId,time,route,routingVersion,feature,keyId,provider,providerKind,model,attempt,outcome,status,stream,inputTokens,outputTokens,cachedInputTokens,usageEstimated,ttftMs,totalMs,costUsd,errorClass,prompt',
      'a.1,a,2026-11-25T10:00:00.000Z,chat,2,,k,vllm,openai-compatible,llama,1,error,500,false,0,0,0,false,,3,0,upstream_5xx,',
      'a.2,a,2026-11-25T10:00:00.010Z,chat,2,,k,openai,openai,gpt-4.1-mini,2,success,200,false,120,30,0,false,25,40,0.0001,,"hello, ""world"""',
      'b.1,b,2026-11-25T10:01:00.000Z,chat,2,,k,vllm,openai-compatible,llama,1,success,200,true,200,50,0,false,11,90,0.0002,,',
    ].join('\n');
    expect(parseTraceCsv(csv, 'log.csv')).toEqual({
      ok: true,
      value: [
        { timestampMs: Date.parse('2026-11-25T10:00:00.010Z'), inputTokens: 120, outputTokens: 30 },
        { timestampMs: Date.parse('2026-11-25T10:01:00.000Z'), inputTokens: 200, outputTokens: 50 },
      ],
    });
  });
});
