/**
 * Maps an Anthropic `stop_reason` to an OpenAI `finish_reason`, saying what happened and no more
 * (reasons from Anthropic's "Stop reasons" guide, platform.claude.com/docs/en/build-with-claude/handling-stop-reasons):
 *
 * | Anthropic | OpenAI | why |
 * | --- | --- | --- |
 * | `end_turn`, `stop_sequence` | `stop` | finished (the stop sequence was one the client sent) |
 * | `max_tokens`, `model_context_window_exceeded` | `length` | cut by a token limit: the answer is truncated |
 * | `tool_use` | `tool_calls`, or `stop` when the only tool called is the JSON-answer tool of `response_format` | |
 * | `refusal` | `content_filter` | the safety classifiers stopped the answer |
 * | anything else (`pause_turn`, reasons added later) | the raw value | not finished in a way OpenAI has a word for; a client sees what happened instead of a false `stop` |
 * | none | `stop` | |
 *
 * Example: `mapAnthropicStopReason('model_context_window_exceeded')` is `'length'`;
 * `mapAnthropicStopReason('tool_use', { answeredWithJsonTool: true })` is `'stop'`;
 * `mapAnthropicStopReason('pause_turn')` is `'pause_turn'`.
 */
export function mapAnthropicStopReason(
  stopReason: string | null | undefined,
  options: { answeredWithJsonTool?: boolean } = {},
): string {
  switch (stopReason) {
    case undefined:
    case null:
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return options.answeredWithJsonTool === true ? 'stop' : 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return stopReason;
  }
}
