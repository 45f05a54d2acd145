import { describe, expect, it } from 'vitest';
import { targetServes } from './schema.ts';

describe('targetServes', () => {
  it('serves every endpoint from OpenAI-compatible targets and chat only from Anthropic, unless endpoints says', () => {
    expect(targetServes({ provider: 'anthropic' }, 'embeddings')).toBe(false);
    expect(targetServes({ provider: 'anthropic' }, 'chat.completions')).toBe(true);
    expect(targetServes({ provider: 'openai-compatible' }, 'responses')).toBe(true);
    expect(targetServes({ provider: 'openai', endpoints: ['embeddings'] }, 'chat.completions')).toBe(false);
    expect(targetServes({ provider: 'openai', endpoints: ['embeddings'] }, 'embeddings')).toBe(true);
  });
});
