import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Arbitrary } from "fast-check";
import type { FastCheck } from "./fuzz.js";

/** One tool call a client made, with what it sent and what came back. */
export interface RecordedCall {
  tool: string;
  arguments: Record<string, unknown> | undefined;
  result: CallToolResult;
  /** The result's text parts, joined. */
  text: string;
}

/**
 * Records every `callTool` the client makes from now on (fuzzing included), so a test can check each
 * result after the fact. Returns the live list.
 */
export function recordToolCalls(client: Client): RecordedCall[] {
  const calls: RecordedCall[] = [];
  const callTool = client.callTool.bind(client);
  client.callTool = async (params, resultSchema, options) => {
    const result = (await callTool(params, resultSchema, options)) as CallToolResult;
    const text = result.content?.map((part) => (part.type === "text" ? part.text : "")).join("\n") ?? "";
    calls.push({ tool: params.name, arguments: params.arguments, result, text });
    return result;
  };
  return calls;
}

/**
 * The argument names an invalid-input error names, as the SDK words a schema failure (`… at start_date`)
 * and as `InvalidInputError` does (`Invalid end_date: …`), and the unknown keys a strict schema refuses; a
 * nested path counts as its top-level name.
 * Empty when the text names none.
 */
export function fieldsNamed(text: string): string[] {
  const names = [
    ...[...text.matchAll(/ at ([\w$]+)(?:[.[][\w.[\]]*)?(?=[;,\n]|$)/g)].map((match) => match[1]),
    ...(/^Invalid ([\w$]+):/.exec(text)?.slice(1) ?? []),
    ...[...(/Unrecognized keys?: (.+)/.exec(text)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map(
      (match) => match[1],
    ),
  ];
  return [...new Set(names.filter((name): name is string => name !== undefined))];
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

function inSchema(fc: FastCheck, schema: JsonSchema): Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = [schema.type ?? []].flat();
  if (types.includes("array")) {
    return fc.array(schema.items ? inSchema(fc, schema.items) : fc.string(), { maxLength: 4 });
  }
  if (types.includes("integer")) {
    return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000 });
  }
  if (types.includes("number")) {
    const min = schema.minimum ?? -1_000;
    return fc.double({ min, max: schema.maximum ?? min + 1_000_000, noNaN: true });
  }
  if (types.includes("boolean")) return fc.boolean();
  return fc.string({ maxLength: Math.min(schema.maxLength ?? 40, 40) });
}

/**
 * Arguments that pass a tool's advertised schema in shape but probe its edges: in-range numbers, enum
 * members and, for the names given in `values`, the app's own plausible values (real ids, dates far in
 * the past or future, start after end). Any field may be missing. Fuzzing with these reaches the handler
 * and the upstream, where {@link argumentsFor}'s hostile values mostly stop at the schema.
 */
export function plausibleArgumentsFor(
  fc: FastCheck,
  tool: Pick<Tool, "inputSchema">,
  values: Record<string, Arbitrary<unknown>> = {},
): Arbitrary<Record<string, unknown>> {
  const properties = (tool.inputSchema as JsonSchema).properties ?? {};
  const model: Record<string, Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties))
    model[name] = values[name] ?? inSchema(fc, property);
  return fc.record(model, { requiredKeys: [] });
}
