import { describe, expect, it } from 'vitest';
import { countTokens, estimatePromptTokens, estimateUsage } from './tokenizer.ts';

describe('tokenizer', () => {
  it('counts o200k_base tokens (documented example)', () => {
    expect(countTokens('Hello world')).toBe(2);
    expect(countTokens('')).toBe(0);
    expect(countTokens('<|endoftext|>')).toBe(1);
  });

  it('estimates usage as in the documented example', () => {
    expect(estimateUsage({ model: 'm', messages: [{ role: 'user', content: 'Hello world' }] }, 'Hi there')).toEqual({
      inputTokens: 9,
      outputTokens: 2,
      cachedInputTokens: 0,
      estimated: true,
    });
  });

  it('counts names, tool calls, tool definitions and text parts', () => {
    const plain = estimateUsage({ model: 'm', messages: [{ role: 'user', content: 'Hello world' }] }, '').inputTokens;
    const richer = estimateUsage(
      {
        model: 'm',
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Hello world' }], name: 'ana' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
          },
        ],
        tools: [{ type: 'function', function: { name: 'f' } }],
      },
      '',
    ).inputTokens;
    expect(richer).toBeGreaterThan(plain + 3);
  });

  it('estimates prompt tokens from characters / 4 (documented example)', () => {
    expect(
      estimatePromptTokens({ model: 'm', messages: [{ role: 'user', content: 'Hello, how are you today?' }] }),
    ).toBe(7);
    expect(estimatePromptTokens({ model: 'm', messages: [] })).toBe(0);
  });
});
