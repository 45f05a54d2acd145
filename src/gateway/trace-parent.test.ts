import { describe, expect, it } from 'vitest';
import {
  attemptSpanId,
  parseTraceParent,
  traceDecision,
  traceHeadersOf,
  upstreamTraceHeaders,
} from './trace-parent.ts';

describe('parseTraceParent', () => {
  it('reads the trace, the parent span and the sampled flag of a version 00 header', () => {
    expect(parseTraceParent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      sampled: true,
    });
    expect(parseTraceParent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')?.sampled).toBe(false);
    // Bit 0 is the sampled flag; other bits are other flags.
    expect(parseTraceParent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03')?.sampled).toBe(true);
    expect(parseTraceParent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02')?.sampled).toBe(false);
  });

  it('refuses what the specification calls invalid', () => {
    for (const header of [
      '',
      'garbage',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01', // upper case
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01', // all-zero trace id
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', // all-zero parent id
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', // version ff
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', // version 00 has four fields
      '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01', // 31 digits
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01, 00-4bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b7-01',
    ])
      expect(parseTraceParent(header), header).toBeUndefined();
    expect(parseTraceParent(undefined)).toBeUndefined();
  });

  it('accepts a later version with more fields, reading the first four', () => {
    expect(parseTraceParent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      sampled: true,
    });
  });

  it('traceHeadersOf passes on a valid traceparent with its tracestate, and nothing else', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(traceHeadersOf({ headers: { traceparent, tracestate: 'vendor=x' } })).toEqual({
      traceparent,
      tracestate: 'vendor=x',
    });
    expect(traceHeadersOf({ headers: { traceparent: ` ${traceparent} ` } })).toEqual({ traceparent });
    expect(traceHeadersOf({ headers: { traceparent: 'garbage', tracestate: 'vendor=x' } })).toBeUndefined();
    expect(traceHeadersOf({ headers: { traceparent: [traceparent, traceparent] } })).toBeUndefined();
    expect(traceHeadersOf({ headers: { tracestate: 'vendor=x' } })).toBeUndefined();
  });
});

describe('trace decisions and upstream trace headers', () => {
  const parent = parseTraceParent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00');

  it('traceDecision uses the client trace, and its flag only under parent-based sampling', () => {
    expect(
      traceDecision(undefined, '019ad2a4-c1e0-7a3f-9b5e-000040000000', {
        traceSampleRatio: 0.3,
        followParentSampling: true,
      }),
    ).toEqual({
      traceId: '019ad2a4c1e07a3f9b5e000040000000',
      sampled: true,
    });
    expect(traceDecision(parent, 'r', { traceSampleRatio: 1, followParentSampling: true })).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      sampled: false,
    });
    expect(traceDecision(parent, 'r', { traceSampleRatio: 1, followParentSampling: false }).sampled).toBe(true);
  });

  it('attemptSpanId takes 14 hex digits of the request and the attempt in 2', () => {
    expect(attemptSpanId('019ad2a4-c1e0-7a3f-9b5e-7c1d2e3f4a5b', 2)).toBe('9b5e7c1d2e3f4a02');
    expect(attemptSpanId('019ad2a4-c1e0-7a3f-9b5e-7c1d2e3f4a5b', 1)).not.toBe(
      attemptSpanId('019ad2a4-c1e0-7a3f-9b5e-7c1d2e3f4a5b', 2),
    );
  });

  it('upstreamTraceHeaders names the attempt span with telemetry on, and passes the client headers on without', () => {
    const requestId = '019ad2a4-c1e0-7a3f-9b5e-7c1d2e3f4a5b';
    expect(upstreamTraceHeaders(undefined, requestId, 1, { traceSampleRatio: 1, followParentSampling: true })).toEqual({
      traceparent: '00-019ad2a4c1e07a3f9b5e7c1d2e3f4a5b-9b5e7c1d2e3f4a01-01',
    });
    const client = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'v=1' };
    expect(upstreamTraceHeaders(client, requestId, 3, { traceSampleRatio: 0, followParentSampling: true })).toEqual({
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-9b5e7c1d2e3f4a03-01',
      tracestate: 'v=1',
    });
    expect(upstreamTraceHeaders(client, requestId, 1, undefined)).toBe(client);
    expect(upstreamTraceHeaders(undefined, requestId, 1, undefined)).toBeUndefined();
  });
});
