import { describe, expect, it } from 'vitest';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';

describe('mapAnthropicStopReason', () => {
  it('maps every documented reason and keeps an unknown one as it came', () => {
    const reasons = [
      'end_turn',
      'stop_sequence',
      'max_tokens',
      'model_context_window_exceeded',
      'tool_use',
      'refusal',
      'pause_turn',
      'a_reason_added_later',
      null,
      undefined,
    ];
    expect(reasons.map((reason) => mapAnthropicStopReason(reason))).toEqual([
      'stop',
      'stop',
      'length',
      'length',
      'tool_calls',
      'content_filter',
      'pause_turn',
      'a_reason_added_later',
      'stop',
      'stop',
    ]);
  });

  it('a tool_use stop of the JSON-answer tool is a finished answer', () => {
    expect(mapAnthropicStopReason('tool_use', { answeredWithJsonTool: true })).toBe('stop');
    expect(mapAnthropicStopReason('max_tokens', { answeredWithJsonTool: true })).toBe('length');
  });
});
