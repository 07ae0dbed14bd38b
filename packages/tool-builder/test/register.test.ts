import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import {
  AuthenticationError,
  createLogger,
  createRedactor,
  defineTool,
  InvalidInputError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  type ServerDefinition,
  ToolError,
  type ToolErrorKind,
  ToolTimeoutError,
  TRUNCATED_META_KEY,
  UpstreamUnavailableError,
} from "../src/index.js";
import { createTestClient, type TestClient } from "./helpers/test-client.js";

const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const CANARY = "canary-key-0f9e8d7c6b5a";

class UpstreamRefused extends Error {
  constructor(readonly status: number) {
    super(`upstream said ${status} for key ${CANARY}`);
  }
}

const errorsByKind: Record<ToolErrorKind, () => ToolError> = {
  invalid_input: () => new InvalidInputError("end_date", "must not be before start_date."),
  not_found: () => new NotFoundError("No activity 42 exists; list activities to find its id."),
  authentication: () => new AuthenticationError("The API key was refused; set a valid key."),
  permission: () => new PermissionError("The key may not read this athlete."),
  rate_limited: () => new RateLimitedError("Too many requests; wait 30 seconds.", { retryAfterSeconds: 30 }),
  upstream_unavailable: () => new UpstreamUnavailableError("The API is down (502); try again in a minute."),
  timeout: () => new ToolTimeoutError("The API did not answer within 10 seconds."),
  internal: () => new ToolError("internal", "Something internal."),
};

let stderr: string[] = [];
const tools = [
  defineTool({
    name: "list_rows",
    title: "List rows",
    description: "Returns n rows, some with null fields.",
    input: z.object({ n: z.number().int().min(0).max(10_000) }),
    output: z.object({ rows: z.array(z.object({ id: z.number(), label: z.string().optional() })) }),
    annotations: readOnly,
    handler: ({ n }) => ({
      rows: Array.from({ length: n }, (_, id) => ({ id, label: id % 2 ? `row ${id}` : null })) as never,
    }),
  }),
  defineTool({
    name: "fail_as",
    title: "Fail as",
    description: "Throws the error of a kind.",
    input: z.object({ kind: z.enum(Object.keys(errorsByKind) as [ToolErrorKind, ...ToolErrorKind[]]) }),
    annotations: readOnly,
    handler: ({ kind }) => {
      throw errorsByKind[kind]();
    },
  }),
  defineTool({
    name: "throw_raw",
    title: "Throw raw",
    description: "Throws a plain error with a secret and a stack, or an app error the mapper knows.",
    input: z.object({ status: z.number().optional() }),
    annotations: readOnly,
    handler: ({ status }) => {
      if (status) throw new UpstreamRefused(status);
      throw new TypeError(`cannot read property of undefined (key ${CANARY})`);
    },
  }),
  defineTool({
    name: "bad_output",
    title: "Bad output",
    description: "Returns data that breaks its output schema.",
    input: z.object({}),
    output: z.object({ count: z.number() }),
    annotations: readOnly,
    handler: () => ({ count: "many" }) as never,
  }),
  defineTool({
    name: "slow_count",
    title: "Slow count",
    description: "Counts to n, reporting progress, until cancelled.",
    input: z.object({ to: z.number().int().max(1000), step_ms: z.number().int().max(1000).default(5) }),
    annotations: readOnly,
    handler: async ({ to, step_ms }, { progress, signal }) => {
      for (let i = 1; i <= to; i++) {
        signal.throwIfAborted();
        await new Promise((resolve) => setTimeout(resolve, step_ms));
        await progress(i, to, `counted ${i}`);
      }
      return { counted: to };
    },
  }),
  defineTool({
    name: "custom_text",
    title: "Custom text",
    description: "Renders its own text.",
    input: z.object({}),
    output: z.object({ value: z.number() }),
    annotations: readOnly,
    handler: () => ({ value: 7 }),
    render: (data) => `The value is ${data.value}.`,
  }),
  defineTool({
    name: "credential_echo",
    title: "Credential echo",
    description: "Leaks the request's credential into data, log and error.",
    input: z.object({ fail: z.boolean() }),
    annotations: readOnly,
    handler: ({ fail }, { credential, log }) => {
      log.info(`credential is ${credential}`);
      if (fail) throw new AuthenticationError(`credential ${credential} refused`);
      return { seen: `credential=${credential}`, length: credential?.length ?? 0 };
    },
  }),
];

const definition: ServerDefinition = { name: "test", version: "0.0.1", tools };
let open: TestClient | undefined;

async function connect(credential?: string): Promise<Client> {
  stderr = [];
  const redact = createRedactor([CANARY]);
  open = await createTestClient(definition, {
    redact,
    logger: createLogger({ name: "test", redact, write: (line) => stderr.push(line) }),
    mapError: (error) =>
      error instanceof UpstreamRefused && error.status === 401
        ? new AuthenticationError("The upstream refused the key; set a valid one.")
        : undefined,
    maxOutputChars: 2_000,
    credential,
  });
  return open.client;
}

afterEach(async () => {
  await open?.close();
  open = undefined;
});

const textOf = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;

describe("results", () => {
  test("every result has structuredContent and compact text, with nulls dropped", async () => {
    const client = await connect();
    const result = await client.callTool({ name: "list_rows", arguments: { n: 3 } });
    expect(result.structuredContent).toEqual({ rows: [{ id: 0 }, { id: 1, label: "row 1" }, { id: 2 }] });
    expect(textOf(result)).toBe("rows (3):\n  id | label\n  0 | \n  1 | row 1\n  2 | ");
  });

  test("a result over the size budget is shortened with an explicit truncated marker", async () => {
    const client = await connect();
    // Listing first makes the SDK client validate results against the advertised output schemas.
    const listed = await client.listTools();
    expect(listed.tools.find((tool) => tool.name === "list_rows")?.outputSchema).toBeDefined();
    const result = await client.callTool({ name: "list_rows", arguments: { n: 500 } });
    const structured = result.structuredContent as { rows: unknown[] };
    const truncated = result._meta?.[TRUNCATED_META_KEY] as Record<string, number>;
    expect(structured.rows.length).toBeGreaterThan(10);
    expect(structured.rows.length + (truncated.rows ?? 0)).toBe(500);
    expect(textOf(result)).toMatch(new RegExp(`truncated: ${truncated.rows} more rows`));
  });

  test("a custom renderer writes the text", async () => {
    const client = await connect();
    const result = await client.callTool({ name: "custom_text", arguments: {} });
    expect(textOf(result)).toBe("The value is 7.");
    expect(result.structuredContent).toEqual({ value: 7 });
  });

  test("output that breaks the output schema becomes a generic error, with details only in the log", async () => {
    const client = await connect();
    const result = await client.callTool({ name: "bad_output", arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/failed unexpectedly/);
    expect(stderr.join("")).toMatch(/does not match its output schema.*count/);
  });

  test("invalid input names the field and the rule", async () => {
    const client = await connect();
    const result = await client.callTool({ name: "list_rows", arguments: { n: -1 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/n/);
    expect(textOf(result)).toMatch(/>=\s*0/);
    const missing = await client.callTool({ name: "list_rows", arguments: {} });
    expect(textOf(missing)).toMatch(/expected number.* at n|at n/);
  });
});

describe("errors", () => {
  test.each(Object.keys(errorsByKind) as ToolErrorKind[])(
    "a %s error becomes an isError result with its sentence",
    async (kind) => {
      const client = await connect();
      const result = await client.callTool({ name: "fail_as", arguments: { kind } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(errorsByKind[kind]().message);
    },
  );

  test("an unknown error becomes a generic message without stack or secret", async () => {
    const client = await connect();
    const result = await client.callTool({ name: "throw_raw", arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "The tool failed unexpectedly; try again, and report it if it keeps happening.",
    );
    expect(stderr.join("")).toContain("cannot read property");
    expect(stderr.join("")).not.toContain(CANARY);
  });

  test("the app's error mapper turns its own errors into tool errors", async () => {
    const client = await connect();
    const result = await client.callTool({ name: "throw_raw", arguments: { status: 401 } });
    expect(textOf(result)).toBe("The upstream refused the key; set a valid one.");
    const unmapped = await client.callTool({ name: "throw_raw", arguments: { status: 500 } });
    expect(textOf(unmapped)).toMatch(/failed unexpectedly/);
  });
});

describe("progress and cancellation", () => {
  test("progress notifications reach a client that asked for them", async () => {
    const client = await connect();
    const seen: number[] = [];
    const result = await client.callTool({ name: "slow_count", arguments: { to: 4 } }, undefined, {
      onprogress: (progress) => seen.push(progress.progress),
    });
    expect(result.structuredContent).toEqual({ counted: 4 });
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  test("a cancelled call stops the handler", async () => {
    const client = await connect();
    const controller = new AbortController();
    const seen: number[] = [];
    const call = client.callTool({ name: "slow_count", arguments: { to: 1000, step_ms: 10 } }, undefined, {
      signal: controller.signal,
      onprogress: (progress) => {
        seen.push(progress.progress);
        if (progress.progress === 3) controller.abort();
      },
    });
    await expect(call).rejects.toThrow(/abort/i);
    const countAtAbort = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.length).toBe(countAtAbort);
    expect(countAtAbort).toBeLessThan(10);
  });
});

describe("secrets", () => {
  test("configured secrets never appear in results or logs", async () => {
    const client = await connect();
    const results = [
      await client.callTool({ name: "throw_raw", arguments: {} }),
      await client.callTool({ name: "throw_raw", arguments: { status: 500 } }),
    ];
    for (const result of results) expect(JSON.stringify(result)).not.toContain(CANARY);
    expect(stderr.join("")).not.toContain(CANARY);
  });

  test("a per-request credential reaches the handler but never its output", async () => {
    const credential = "per-request-credential-5a6b7c";
    const client = await connect(credential);
    const ok = await client.callTool({ name: "credential_echo", arguments: { fail: false } });
    expect(ok.structuredContent).toEqual({ seen: "credential=[redacted]", length: credential.length });
    const failed = await client.callTool({ name: "credential_echo", arguments: { fail: true } });
    expect(textOf(failed)).toBe("credential [redacted] refused");
    expect(JSON.stringify([ok, failed])).not.toContain(credential);
    expect(stderr.join("")).toContain("credential is [redacted]");
    expect(stderr.join("")).not.toContain(credential);
  });
});
