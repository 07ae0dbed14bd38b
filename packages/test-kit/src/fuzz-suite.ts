import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Arbitrary } from "fast-check";
import { type FastCheck, fuzzTools } from "./fuzz.js";
import { fieldsNamed, plausibleArgumentsFor, type RecordedCall, recordToolCalls } from "./fuzz-checks.js";
import type { SuiteApi } from "./http-hardening-suite.js";
import { type ConnectedClient, connectClient } from "./process.js";

/** An app's fake API, started for the fuzz suite. */
export interface FuzzFake {
  /** Environment of a server reading the fake with its credential configured. */
  env(): Record<string, string | undefined>;
  /** How many requests the fake has received so far. */
  requestCount(): number;
  close(): Promise<void>;
}

/** One fuzzing run: how many runs per tool, the seed, and the time limit of one call. */
interface FuzzRun {
  runs: number;
  seed: number;
  timeoutMs?: number;
}

/** What the fuzz suite needs to know about one app. */
export interface FuzzSuiteSpec<Fake extends FuzzFake = FuzzFake> {
  /** The built bin, spawned over stdio. */
  bin: string;
  /** Flags for the bin, e.g. to enable every tool. */
  args?: string[];
  startFake(): Promise<Fake>;
  /**
   * Checks the requests the fake received since `from` (an index into its record): what "no invalid request
   * reached the API" means for this API.
   */
  checkUpstream(fake: NoInfer<Fake>, from: number): void;
  /** Error texts that need not name an argument: refusals only the API can know (no such id, no access). */
  exempt?: RegExp[];
  /** Names an error may give besides the tool's arguments and the keys it was sent. */
  extraFieldNames?: string[];
  /** The fewest characters an error must have beyond the SDK's prefix: the rule said in words. */
  minRuleLength: number;
  /** Whether a tool with one argument may leave its name out of an error (every input error is about it). */
  singleArgumentMayGoUnnamed?: boolean;
  /** Arbitrary arguments from the tools' schemas. */
  hostile: FuzzRun;
  /** Arguments drawn from plausible values per argument name, most of which should succeed. */
  plausible: FuzzRun & {
    title: string;
    values(fake: NoInfer<Fake>, fc: FastCheck): Record<string, Arbitrary<unknown>>;
  };
  /** Time limit of each test. Default 60 s. */
  timeoutMs?: number;
}

/**
 * Registers fast-check fuzzing of every tool of a built bin through a real client, against the app's fake
 * API: every call ends in a result or an error that names the argument and the rule, and nothing invalid
 * reaches the API (`checkUpstream`). Call it at the top level of a test file, with `import * as vitest from
 * "vitest"` and fast-check's default export.
 */
export function fuzzSuite<Fake extends FuzzFake>(
  vitest: SuiteApi,
  fc: FastCheck,
  spec: FuzzSuiteSpec<Fake>,
): void {
  const { afterAll, beforeAll, describe, expect, it } = vitest;
  let fake: Fake;
  let server: ConnectedClient;
  let calls: RecordedCall[];
  let tools: Tool[];

  beforeAll(async () => {
    fake = await spec.startFake();
    server = await connectClient({ transport: "stdio", script: spec.bin, args: spec.args, env: fake.env() });
    calls = recordToolCalls(server.client);
    ({ tools } = await server.client.listTools());
  });

  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  /** Every error result names an argument of the tool and the rule it broke, or is an exempt refusal. */
  function expectErrorsNameAField(recorded: RecordedCall[]) {
    for (const call of recorded.filter((c) => c.result.isError)) {
      if (spec.exempt?.some((refusal) => refusal.test(call.text))) continue;
      const tool = tools.find((t) => t.name === call.tool);
      const parameters = Object.keys(tool?.inputSchema.properties ?? {});
      // A strict schema names the unknown keys it was sent.
      const known = [...parameters, ...Object.keys(call.arguments ?? {}), ...(spec.extraFieldNames ?? [])];
      const context = `${call.tool}(${JSON.stringify(call.arguments)?.slice(0, 200)}): ${call.text}`;
      const fields = fieldsNamed(call.text);
      if (!(spec.singleArgumentMayGoUnnamed && parameters.length <= 1))
        expect(fields.length, context).toBeGreaterThan(0);
      for (const field of fields) expect(known, context).toContain(field);
      // The rule is said in words, not only the field's name.
      expect(
        call.text.replace(/MCP error -32602: Input validation error: /, "").length,
        context,
      ).toBeGreaterThan(spec.minRuleLength);
    }
  }

  describe("fuzzing every tool through a real client", { timeout: spec.timeoutMs ?? 60_000 }, () => {
    it("hostile arguments: every call ends in a result or an error naming the field; nothing bad goes upstream", async () => {
      const from = fake.requestCount();
      const before = calls.length;
      const failures = await fuzzTools(server.client, fc, spec.hostile);
      expect(failures).toEqual([]);
      const fuzzed = calls.slice(before);
      expect(new Set(fuzzed.map((call) => call.tool)).size).toBe(tools.length);
      expectErrorsNameAField(fuzzed);
      spec.checkUpstream(fake, from);
    });

    it(spec.plausible.title, async () => {
      const values = spec.plausible.values(fake, fc);
      const from = fake.requestCount();
      const before = calls.length;
      const { runs, seed, timeoutMs } = spec.plausible;
      const failures = await fuzzTools(server.client, fc, {
        runs,
        seed,
        timeoutMs,
        argumentsFor: (tool) => plausibleArgumentsFor(fc, tool, values),
      });
      expect(failures).toEqual([]);
      const fuzzed = calls.slice(before);
      expectErrorsNameAField(fuzzed);
      // Plausible arguments mostly succeed: the fuzzing reached the handlers, not only the schemas.
      expect(fuzzed.filter((call) => !call.result.isError).length).toBeGreaterThan(fuzzed.length / 5);
      spec.checkUpstream(fake, from);
    });
  });
}
