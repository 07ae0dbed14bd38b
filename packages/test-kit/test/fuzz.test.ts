import { defineTool, InvalidInputError } from "@mcp-connectors/tool-builder";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { argumentsFor, fuzzTools } from "../src/fuzz-entry.js";
import { createTestClient, type TestClient } from "../src/index.js";

const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD");

const tools = [
  defineTool({
    name: "window",
    title: "Window",
    description: "Checks a date window.",
    input: z.object({
      start_date: isoDate,
      end_date: isoDate.optional(),
      limit: z.number().int().min(1).max(500).default(30),
    }),
    annotations: readOnly,
    handler: ({ start_date, end_date, limit }) => {
      if (end_date && end_date < start_date)
        throw new InvalidInputError("end_date", "must not be before start_date.");
      return { start_date, limit };
    },
  }),
  defineTool({
    name: "fragile",
    title: "Fragile",
    description: "Hangs on long text, as a careless handler might.",
    input: z.object({ text: z.string() }),
    annotations: readOnly,
    handler: async ({ text }) => {
      if (text.length > 1000) await new Promise(() => {});
      return { length: text.length };
    },
  }),
];

let test_client: TestClient;
beforeAll(async () => {
  test_client = await createTestClient({ name: "fuzz", version: "1", tools });
});
afterAll(() => test_client.close());

describe("fuzzTools", () => {
  test("a well-behaved tool survives fuzzing: every call ends in a result or a clear error", async () => {
    const failures = await fuzzTools(test_client.client, fc, { runs: 60, seed: 42, tools: ["window"] });
    expect(failures).toEqual([]);
  });

  test("a tool that hangs on some input is reported, with the arguments that did it", async () => {
    const failures = await fuzzTools(test_client.client, fc, {
      runs: 60,
      seed: 7,
      tools: ["fragile"],
      timeoutMs: 200,
    });
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatchObject({
      tool: "fragile",
      problem: expect.stringMatching(/the call threw: .*timed out/i),
    });
    const culprit = failures[0]?.arguments as { text?: string } | undefined;
    expect(culprit?.text?.length).toBeGreaterThan(1000);
  });
});

test("argumentsFor mixes plausible values with wrong types, missing fields and hostile strings", () => {
  const schema = {
    inputSchema: {
      type: "object" as const,
      properties: { start_date: { type: "string" }, limit: { type: "integer", minimum: 1, maximum: 500 } },
      required: ["start_date"],
    },
  };
  const samples = fc.sample(argumentsFor(fc, schema), { numRuns: 400, seed: 1 });
  const objects = samples.filter(
    (s): s is Record<string, unknown> => typeof s === "object" && s !== null && !Array.isArray(s),
  );
  expect(objects).toHaveLength(samples.length);
  expect(objects.some((s) => "extra" in s || "$where" in s || "constructor" in s)).toBe(true);
  expect(objects.some((s) => !("start_date" in s))).toBe(true);
  expect(objects.some((s) => typeof s.start_date === "number" || typeof s.start_date === "boolean")).toBe(
    true,
  );
  expect(objects.some((s) => typeof s.start_date === "string" && s.start_date.length >= 100_000)).toBe(true);
  expect(objects.some((s) => typeof s.limit === "number" && (s.limit < 1 || s.limit > 500))).toBe(true);
  expect(objects.some((s) => typeof s.limit === "number" && s.limit >= 1 && s.limit <= 500)).toBe(true);
});
