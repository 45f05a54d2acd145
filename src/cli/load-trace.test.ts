import { describe, expect, it } from 'vitest';
import { loadTraceFile, parseTimestampMs, parseTraceCsv } from './load-trace.ts';

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
    expect(parseTraceCsv(text, 't.csv')).toEqual([
      { timestampMs: 1704101400000, inputTokens: 100, outputTokens: 50 },
      { timestampMs: 1704101460000, inputTokens: 3, outputTokens: 7 },
    ]);
  });

  it('names the file, line, column and value on bad input', () => {
    expect(() => parseTraceCsv('', 't.csv')).toThrow(/t.csv: the trace is empty/);
    expect(() => parseTraceCsv('when,input_tokens,output_tokens\n1,2,3', 't.csv')).toThrow(
      /t.csv:1: header is missing column\(s\) timestamp/,
    );
    expect(() => parseTraceCsv('timestamp,input_tokens,output_tokens\n', 't.csv')).toThrow(
      /has a header but no requests/,
    );
    expect(() => parseTraceCsv('timestamp,input_tokens,output_tokens\n1704101400000,-1,3', 't.csv')).toThrow(
      /t.csv:2: input_tokens '-1' must be a number of tokens, 0 or more/,
    );
    expect(() => parseTraceCsv('timestamp,input_tokens,output_tokens\n1704101400000,1', 't.csv')).toThrow(
      /t.csv:2: output_tokens '' must be a number/,
    );
    expect(() => parseTraceCsv('timestamp,input_tokens,output_tokens\nnoon,1,1', 't.csv')).toThrow(
      /t.csv:2: timestamp 'noon' is not an ISO 8601 time/,
    );
  });

  it('reads the example trace', () => {
    const records = loadTraceFile('examples/trace-sample.csv');
    expect(records).toHaveLength(360);
    expect(records[0]).toEqual({
      timestampMs: Date.parse('2025-03-03T00:24:57.896Z'),
      inputTokens: 1532,
      outputTokens: 466,
    });
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
    expect(parseTraceCsv(csv, 'log.csv')).toEqual([
      { timestampMs: Date.parse('2026-11-25T10:00:00.010Z'), inputTokens: 120, outputTokens: 30 },
      { timestampMs: Date.parse('2026-11-25T10:01:00.000Z'), inputTokens: 200, outputTokens: 50 },
    ]);
  });
});
