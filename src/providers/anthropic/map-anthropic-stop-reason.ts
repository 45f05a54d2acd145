/**
 * Maps an Anthropic `stop_reason` to an OpenAI `finish_reason`:
 * end_turn, stop_sequence, pause_turn -> stop; max_tokens -> length; tool_use -> tool_calls;
 * refusal -> content_filter; anything else (or none) -> stop.
 */
export function mapAnthropicStopReason(
  stopReason: string | null | undefined,
): 'stop' | 'length' | 'tool_calls' | 'content_filter' {
  switch (stopReason) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
