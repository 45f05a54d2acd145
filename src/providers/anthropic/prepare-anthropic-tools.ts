import type { ChatTool } from '../types.ts';
import { asRecord, ProviderRequestError } from '../provider-errors.ts';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-api-types.ts';

/**
 * Converts OpenAI function tools and `tool_choice` to Anthropic's: `parameters` becomes
 * `input_schema` (an empty object schema when absent); "auto" -> auto, "required" -> any,
 * "none" -> none, `{type: "function", function: {name}}` -> `{type: "tool", name}`;
 * `parallel_tool_calls: false` sets `disable_parallel_tool_use`.
 */
export function prepareAnthropicTools(
  tools: readonly ChatTool[] | null | undefined,
  toolChoice: unknown,
  parallelToolCalls: unknown,
): { tools: AnthropicTool[] | undefined; toolChoice: AnthropicToolChoice | undefined } {
  if (tools === undefined || tools === null || tools.length === 0) return { tools: undefined, toolChoice: undefined };
  const converted = tools.map((tool, toolIndex): AnthropicTool => {
    if (tool.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw new ProviderRequestError(
        `tools[${toolIndex}]`,
        'only function tools ({type: "function", function: {name, parameters}}) are supported',
      );
    }
    const anthropicTool: AnthropicTool = {
      name: tool.function.name,
      input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
    };
    if (tool.function.description !== undefined) anthropicTool.description = tool.function.description;
    return anthropicTool;
  });
  const disableParallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (toolChoice === undefined || toolChoice === null || toolChoice === 'auto') {
    return {
      tools: converted,
      toolChoice: parallelToolCalls === false ? { type: 'auto', ...disableParallel } : undefined,
    };
  }
  if (toolChoice === 'required') return { tools: converted, toolChoice: { type: 'any', ...disableParallel } };
  if (toolChoice === 'none') return { tools: converted, toolChoice: { type: 'none' } };
  const name = asRecord(asRecord(toolChoice)?.function)?.name;
  if (typeof name === 'string') return { tools: converted, toolChoice: { type: 'tool', name, ...disableParallel } };
  throw new ProviderRequestError(
    'tool_choice',
    `${JSON.stringify(toolChoice)} is not supported; allowed: "auto", "required", "none" or {"type": "function", "function": {"name": ...}}`,
  );
}
