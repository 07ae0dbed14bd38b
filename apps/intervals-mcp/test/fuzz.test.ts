import { addDays, isLocalDate } from "@mcp-connectors/intervals-icu";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/tool-builder/testing";
import {
  fieldsNamed,
  fuzzTools,
  plausibleArgumentsFor,
  type RecordedCall,
  recordToolCalls,
} from "@mcp-connectors/tool-builder/testing/fuzz";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, envFor } from "./helpers.js";

let fake: FakeIntervals;
let server: ConnectedClient;
let calls: RecordedCall[];
let tools: Tool[];

beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 21 });
  server = await connectClient({
    transport: "stdio",
    script: BIN,
    args: ["--enable-destructive"],
    env: envFor(fake),
  });
  calls = recordToolCalls(server.client);
  ({ tools } = await server.client.listTools());
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

/** Upstream answers a valid request may still get: the id does not exist, or the athlete does not share. */
const UPSTREAM_REFUSALS = [/^Intervals\.icu has no such item/, /^Intervals\.icu denied access/];

/** Every error result names an argument of the tool (and the rule it broke), or is an upstream refusal. */
function expectErrorsNameAField(recorded: RecordedCall[]) {
  for (const call of recorded.filter((c) => c.result.isError)) {
    const tool = tools.find((t) => t.name === call.tool);
    const known = [
      ...Object.keys(tool?.inputSchema.properties ?? {}),
      // A strict schema names the unknown keys it was sent.
      ...Object.keys(call.arguments ?? {}),
      "values",
    ];
    const context = `${call.tool}(${JSON.stringify(call.arguments)?.slice(0, 200)}): ${call.text}`;
    if (UPSTREAM_REFUSALS.some((refusal) => refusal.test(call.text))) continue;
    const fields = fieldsNamed(call.text);
    expect(fields.length, context).toBeGreaterThan(0);
    for (const field of fields) expect(known, context).toContain(field);
    // The rule is said in words, not only the field's name.
    expect(
      call.text.replace(/MCP error -32602: Input validation error: /, "").length,
      context,
    ).toBeGreaterThan(40);
  }
}

/**
 * What "no invalid request reached Intervals.icu" means against the fake: every request matched one of its
 * routes (no path built from unchecked input), was authenticated, and was not refused as malformed — the
 * fake answers 400, 405 and 422 only for bad dates, categories, stream types or bodies, all of which the
 * server's schemas must stop first. Date windows it sends are real dates, oldest first. 404 (an id that
 * does not exist) and 403 (an athlete who does not share) are the upstream's to know.
 */
function expectOnlyValidUpstreamRequests(from: number) {
  const sent = fake.requests.slice(from);
  expect(sent.length).toBeGreaterThan(20);
  for (const request of sent) {
    const context = `${request.method} ${request.path} ${JSON.stringify(request.query)} → ${request.status}`;
    expect(request.route, context).toBeDefined();
    expect(request.auth, context).toBe("basic");
    expect([200, 403, 404], context).toContain(request.status);
    const { oldest, newest } = request.query;
    for (const date of [oldest, newest])
      if (date !== undefined) expect(isLocalDate(date), context).toBe(true);
    if (oldest !== undefined && newest !== undefined) expect(oldest <= newest, context).toBe(true);
  }
}

// The client sends at most 10 requests a second (the API's stated rate), so plausible calls take time.
describe("fuzzing every tool through a real client", { timeout: 60_000 }, () => {
  it("hostile arguments: every call ends in a result or an error naming the field; nothing bad goes upstream", async () => {
    const from = fake.requests.length;
    const before = calls.length;
    const failures = await fuzzTools(server.client, fc, { runs: 20, seed: 8, timeoutMs: 10_000 });
    expect(failures).toEqual([]);
    const fuzzed = calls.slice(before);
    expect(new Set(fuzzed.map((call) => call.tool)).size).toBe(tools.length);
    expectErrorsNameAField(fuzzed);
    expectOnlyValidUpstreamRequests(from);
  });

  it("plausible arguments (real and made-up ids, dates from 1900 to 2200, start after end) reach the API safely", async () => {
    const today = fake.store.today;
    const activityIds = fake.store.activities.map((activity) => activity.id);
    const eventIds = [...fake.store.events.keys()];
    // Mostly dates near today, so that most windows fit the 1,096-day cap and reach the handlers; far dates
    // still come up often enough to exercise the refusals.
    const date = fc.oneof(
      { arbitrary: fc.integer({ min: -400, max: 400 }).map((days) => addDays(today, days)), weight: 3 },
      {
        arbitrary: fc
          .date({ min: new Date("1900-01-01"), max: new Date("2200-12-31"), noInvalidDate: true })
          .map((day) => day.toISOString().slice(0, 10)),
        weight: 1,
      },
    );
    const values = {
      date,
      start_date: date,
      end_date: date,
      activity_id: fc.oneof(
        fc.constantFrom(...activityIds),
        fc.nat().map((n) => `i${n}`),
      ),
      event_id: fc.oneof(fc.constantFrom(...eventIds), fc.integer({ min: 1, max: 2 ** 31 })),
      athlete_id: fc.constantFrom(fake.athleteId, "0", fake.athleteId.slice(1), "i1"),
      sport: fc.constantFrom("Ride", "Run", "Swim", "VirtualRide", "Rowing", "Yoga"),
      name: fc.string({ minLength: 1, maxLength: 60 }),
      description: fc.constantFrom("- 10m 60%\n3x\n- 8m 95%\n- 4m 55%", "'; DROP TABLE events; --", "🚴 x"),
    };
    const from = fake.requests.length;
    const before = calls.length;
    const failures = await fuzzTools(server.client, fc, {
      runs: 10,
      seed: 9,
      timeoutMs: 10_000,
      argumentsFor: (tool) => plausibleArgumentsFor(fc, tool, values),
    });
    expect(failures).toEqual([]);
    const fuzzed = calls.slice(before);
    expectErrorsNameAField(fuzzed);
    // Plausible arguments mostly succeed: the fuzzing reached the handlers, not only the schemas.
    expect(fuzzed.filter((call) => !call.result.isError).length).toBeGreaterThan(fuzzed.length / 5);
    expectOnlyValidUpstreamRequests(from);
  });
});
