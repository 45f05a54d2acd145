import { describe, expect, it } from 'vitest';
import { ProviderRequestError } from '../provider-errors.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { prepareAnthropicTools } from './prepare-anthropic-tools.ts';

describe('convertToAnthropicMessages', () => {
  it('matches the documented example: system lifted, user and tool result merged into one user turn', () => {
    expect(
      convertToAnthropicMessages([
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Hi' },
        { role: 'tool', content: '42', tool_call_id: 't1' },
      ]),
    ).toEqual({
      system: 'Be brief',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hi' },
            { type: 'tool_result', tool_use_id: 't1', content: '42' },
          ],
        },
      ],
    });
  });

  it('joins system and developer messages, converts tool calls and images, merges same-role turns', () => {
    const converted = convertToAnthropicMessages([
      { role: 'system', content: 'You are helpful.' },
      { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } }] },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '12:00' }] },
      { role: 'assistant', content: null },
      { role: 'assistant', content: 'Sunny at noon.' },
    ]);
    expect(converted.system).toBe('You are helpful.\n\nAnswer in French.');
    expect(converted.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 'call_2', content: '12:00' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Sunny at noon.' }] },
    ]);
  });

  it('names the field when a message cannot be converted', () => {
    expect(() =>
      convertToAnthropicMessages([
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{bad' } }],
        },
      ]),
    ).toThrow('messages[0].tool_calls[0].function.arguments: tool call arguments must be a JSON object');
    expect(() => convertToAnthropicMessages([{ role: 'tool', content: 'x' }])).toThrow(ProviderRequestError);
    expect(() =>
      convertToAnthropicMessages([{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }]),
    ).toThrow('messages[0].content[0].type');
  });
});

describe('prepareAnthropicTools', () => {
  const tools = [
    {
      type: 'function' as const,
      function: {
        name: 'get_weather',
        description: 'Weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    },
  ];

  it('converts function tools to input_schema tools', () => {
    expect(prepareAnthropicTools(tools, undefined, undefined)).toEqual({
      tools: [
        {
          name: 'get_weather',
          description: 'Weather',
          input_schema: { type: 'object', properties: { city: { type: 'string' } } },
        },
      ],
      toolChoice: undefined,
    });
  });

  it('maps tool_choice and parallel_tool_calls', () => {
    expect(prepareAnthropicTools(tools, 'required', undefined).toolChoice).toEqual({ type: 'any' });
    expect(prepareAnthropicTools(tools, 'none', undefined).toolChoice).toEqual({ type: 'none' });
    expect(prepareAnthropicTools(tools, 'auto', false).toolChoice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(
      prepareAnthropicTools(tools, { type: 'function', function: { name: 'get_weather' } }, undefined).toolChoice,
    ).toEqual({ type: 'tool', name: 'get_weather' });
    expect(() => prepareAnthropicTools(tools, 'sometimes', undefined)).toThrow(
      'tool_choice: "sometimes" is not supported',
    );
  });
});
