import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type fastCheck from "fast-check";
import type { Arbitrary } from "fast-check";

/**
 * The fast-check module (`import fc from "fast-check"`), passed in so that fast-check stays an optional
 * peer dependency used only by tests.
 */
export type FastCheck = typeof fastCheck;

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
}

/** Values a model (or an attacker) may send: each breaks some rule a careless server trusts. */
const HOSTILE_STRINGS = [
  "",
  " ",
  "'; DROP TABLE activities; --",
  "../../../../etc/passwd",
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  "${process.env}",
  "{{7*7}}",
  "2024-02-30",
  "9999-99-99",
  "0000-00-00",
  "2024-13-01",
  "-1",
  "NaN",
  "Infinity",
  "null",
  "🚴‍♀️🏃🏽‍♂️ café Ω",
  "\u0000\u001f\u202e",
];
const HUGE_STRING = "x".repeat(100_000);

function valueFor(fc: FastCheck, schema: JsonSchema): Arbitrary<unknown> {
  const plausible: Arbitrary<unknown>[] = [];
  if (schema.enum) plausible.push(fc.constantFrom(...schema.enum));
  const types = [schema.type ?? []].flat();
  if (types.includes("string")) plausible.push(fc.string({ maxLength: 30 }));
  if (types.includes("integer") || types.includes("number")) {
    plausible.push(fc.integer({ min: (schema.minimum ?? -10) - 5, max: (schema.maximum ?? 1000) + 5 }));
  }
  if (types.includes("boolean")) plausible.push(fc.boolean());
  if (types.includes("array"))
    plausible.push(fc.array(schema.items ? valueFor(fc, schema.items) : fc.jsonValue(), { maxLength: 5 }));
  const hostile: Arbitrary<unknown>[] = [
    fc.constantFrom<unknown>(...HOSTILE_STRINGS),
    fc.constant<unknown>(HUGE_STRING),
    fc.constantFrom<unknown>(null, -1, 0, 1e308, -1e308, 2 ** 53 + 1, 3.5, true, [], {}, [null]),
    fc.jsonValue(),
  ];
  return fc.oneof(...plausible, ...plausible, ...hostile);
}

/**
 * A fast-check arbitrary of argument objects for a tool, built from its advertised input schema: plausible
 * values, wrong types, missing and unknown fields, huge and odd strings, out-of-range numbers and
 * impossible dates. (Arguments that are not an object are the protocol layer's to refuse, not a tool's.)
 */
export function argumentsFor(fc: FastCheck, tool: Pick<Tool, "inputSchema">): Arbitrary<unknown> {
  const schema = tool.inputSchema as JsonSchema;
  const model: Record<string, Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {}))
    model[name] = valueFor(fc, property);
  const objects = fc.record(model, { requiredKeys: [] });
  const withExtra = fc.dictionary(
    fc.constantFrom("__proto__", "constructor", "extra", "$where"),
    fc.jsonValue(),
    { maxKeys: 2 },
  );
  // Arguments that are not an object at all are refused by the protocol layer (the SDK), not by tools.
  return fc.oneof(objects, objects, objects, withExtra);
}

/** What went wrong with one fuzzed call. */
export interface FuzzFailure {
  tool: string;
  arguments: unknown;
  problem: string;
}

/**
 * Calls every tool the client lists with fuzzed arguments and checks each call ends in a valid result:
 * structured success, or `isError: true` with one non-empty sentence; never a protocol error, a hang
 * (each call has `timeoutMs`) or a dead server (a ping follows every call). Resolves with the failures.
 */
export async function fuzzTools(
  client: Client,
  fc: FastCheck,
  options: {
    runs?: number;
    seed?: number;
    timeoutMs?: number;
    tools?: readonly string[];
    /** The arguments to try on a tool; default {@link argumentsFor}. */
    argumentsFor?: (tool: Tool) => Arbitrary<unknown>;
  } = {},
): Promise<FuzzFailure[]> {
  const failures: FuzzFailure[] = [];
  const { tools } = await client.listTools();
  for (const tool of tools.filter((t) => !options.tools || options.tools.includes(t.name))) {
    const candidates = options.argumentsFor?.(tool) ?? argumentsFor(fc, tool);
    const property = fc.asyncProperty(candidates, async (args) => {
      const fail = (problem: string) => {
        failures.push({ tool: tool.name, arguments: args, problem });
        return true;
      };
      let result: CallToolResult;
      try {
        result = (await client.callTool(
          { name: tool.name, arguments: args as Record<string, unknown> },
          undefined,
          {
            timeout: options.timeoutMs ?? 10_000,
          },
        )) as CallToolResult;
      } catch (error) {
        return fail(`the call threw: ${(error as Error).message.slice(0, 300)}`);
      }
      const text = result.content?.map((part) => (part.type === "text" ? part.text : "")).join("") ?? "";
      if (result.isError) {
        if (text.trim() === "") fail("an error result without a message");
        if (/\n\s+at .+\(.+:\d+:\d+\)/.test(text)) fail("an error result with a stack trace");
      } else if (result.structuredContent === undefined) {
        fail("a success without structuredContent");
      }
      try {
        await client.ping({ timeout: 5_000 });
      } catch {
        fail("the server stopped answering after this call");
      }
      return true;
    });
    await fc.assert(property, { numRuns: options.runs ?? 40, seed: options.seed });
  }
  return failures;
}
