import type { ChatCompletionRequest } from '../types.ts';
import { ProviderRequestError } from '../provider-errors.ts';
import type { AnthropicTool } from './anthropic-api-types.ts';

/**
 * Name of the tool that carries a JSON answer. The Messages API has no JSON mode, so
 * `response_format` becomes a tool whose input schema is the requested schema, and the model is
 * made to call it (the approach of the Vercel AI SDK's Anthropic provider, which names its tool
 * `json`); the tool's input is the answer, returned to the client as the message content.
 */
export const JSON_RESPONSE_TOOL_NAME = 'json_response';

/** The tool's input schema for `json_object` (any object) and for a `json_schema` without schema. */
const anyObjectSchema = { type: 'object', additionalProperties: true };

/** Whether the client asked for a JSON answer (`json_object` or `json_schema`). */
export function wantsJsonAnswer(request: ChatCompletionRequest): boolean {
  const type = request.response_format?.type;
  return type === 'json_object' || type === 'json_schema';
}

/**
 * The JSON-answer tool for a request's `response_format`, or undefined for none / `text`.
 *
 * Example: `{type: "json_schema", json_schema: {name: "weather", schema: S}}` gives
 * `{name: "json_response", description: "Respond with the weather JSON object.", input_schema: S}`;
 * `{type: "json_object"}` gives an any-object schema.
 */
export function prepareAnthropicResponseFormat(request: ChatCompletionRequest): AnthropicTool | undefined {
  const format = request.response_format;
  if (format === undefined || format === null || format.type === 'text') return undefined;
  for (const [toolIndex, tool] of (request.tools ?? []).entries()) {
    if (tool.function?.name === JSON_RESPONSE_TOOL_NAME)
      throw new ProviderRequestError(
        `tools[${toolIndex}].function.name`,
        `"${JSON_RESPONSE_TOOL_NAME}" is reserved for the JSON answer when response_format asks for JSON; rename the tool`,
      );
  }
  if (format.type === 'json_object')
    return { name: JSON_RESPONSE_TOOL_NAME, description: 'Respond with a JSON object.', input_schema: anyObjectSchema };
  const jsonSchema = format.json_schema;
  const schema = jsonSchema.schema ?? anyObjectSchema;
  if (schema.type !== undefined && schema.type !== 'object')
    throw new ProviderRequestError(
      'response_format.json_schema.schema.type',
      `the schema's root must be an object for Anthropic (its answer is a tool input), got ${JSON.stringify(schema.type)}`,
    );
  return {
    name: JSON_RESPONSE_TOOL_NAME,
    description: jsonSchema.description ?? `Respond with the ${jsonSchema.name} JSON object.`,
    input_schema: schema,
  };
}
