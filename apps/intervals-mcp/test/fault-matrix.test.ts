import { addDays } from "@mcp-connectors/intervals-icu";
import {
  type FakeIntervals,
  type FaultEffect,
  type RouteName,
  startFakeIntervals,
} from "@mcp-connectors/intervals-icu/testing";
import {
  type ConnectedClient,
  connectClient,
  type HttpServerProcess,
  startHttpServerProcess,
} from "@mcp-connectors/test-kit";
import { faultMatrixSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor } from "./helpers.js";

// Each HTTP request brings its own key and gets its own client; the key's rate limit is raised so that the
// matrix runs every tool at once. One server never retries (to see each fault's message), the other twice.
let fake: FakeIntervals;
let once: HttpServerProcess;
let retrying: HttpServerProcess;
let plain: ConnectedClient;
let patient: ConnectedClient;

beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 31 });
  const env = (retries: string) =>
    envFor(undefined, {
      INTERVALS_API_BASE_URL: fake.url,
      // Long enough that a loaded machine never times out a healthy answer; the slow faults wait longer still.
      INTERVALS_TIMEOUT_SECONDS: "3",
      INTERVALS_MAX_RETRIES: retries,
      INTERVALS_MAX_REQUESTS_PER_SECOND: "1000",
    });
  [once, retrying] = await Promise.all([
    startHttpServerProcess({ script: BIN, args: ["--enable-destructive"], env: env("0") }),
    startHttpServerProcess({ script: BIN, args: ["--enable-destructive"], env: env("2") }),
  ]);
  const key = { authorization: `Bearer ${fake.apiKey}` };
  [plain, patient] = await Promise.all([
    connectClient({ transport: "http", server: once }, key),
    connectClient({ transport: "http", server: retrying }, key),
  ]);
});

afterEach(() => fake.clearFaults());

afterAll(async () => {
  await Promise.all([plain?.close(), patient?.close()]);
  await Promise.all([once?.stop(), retrying?.stop()]);
  await fake?.close();
});

/** Valid arguments for every tool, so that only the injected fault can make a call fail. */
function validArguments(): Record<string, Record<string, unknown>> {
  const activity = fake.store.activities.findLast((a) => a.source !== "STRAVA")?.id;
  const event = [...fake.store.events.keys()][0];
  const day = addDays(fake.store.today, 2);
  return {
    get_activities: {},
    get_activity_details: { activity_id: activity },
    get_activity_intervals: { activity_id: activity },
    get_activity_streams: { activity_id: activity },
    get_athlete: {},
    get_event_by_id: { event_id: event },
    get_events: {},
    get_fitness: {},
    get_hr_curves: {},
    get_pace_curves: {},
    get_power_curves: {},
    get_wellness_data: {},
    add_or_update_event: { date: day, category: "NOTE", name: "Fault matrix" },
    update_wellness: { date: day, mood: 2 },
    delete_event: { event_id: event },
  };
}

const UNAVAILABLE =
  /^Intervals\.icu (had a server error \(5\d\d\)|sent a body that is not JSON \((an HTML page|malformed)\) \(200\)) on [A-Z]+ \S+.*; try again in a minute\.$/;

const faults: Array<[label: string, fault: FaultEffect, message: RegExp]> = [
  [
    "401",
    { type: "status", status: 401 },
    /^Intervals\.icu rejected the API key this request sent \(in its x-intervals-api-key header/,
  ],
  [
    "403",
    { type: "status", status: 403 },
    /^Intervals\.icu denied access \(Access denied\): check athlete_id/,
  ],
  ["404", { type: "status", status: 404 }, /^Intervals\.icu has no such item \(Not Found\): check the id/],
  [
    "422",
    { type: "status", status: 422, message: "Invalid thing" },
    /^Intervals\.icu rejected the request \(Invalid thing\): correct the arguments/,
  ],
  [
    "429 with Retry-After",
    { type: "status", status: 429, retryAfter: 120 },
    /^Intervals\.icu is rate limiting requests: wait 120 seconds and try again\.$/,
  ],
  [
    "429 without Retry-After",
    { type: "status", status: 429 },
    /^Intervals\.icu is rate limiting requests: wait a minute and try again\.$/,
  ],
  ["500", { type: "status", status: 500 }, UNAVAILABLE],
  ["502", { type: "status", status: 502 }, UNAVAILABLE],
  ["503", { type: "status", status: 503 }, UNAVAILABLE],
  ["CDN HTML page", { type: "html", status: 502 }, UNAVAILABLE],
  ["HTML page with 200", { type: "html", status: 200 }, UNAVAILABLE],
  ["malformed JSON", { type: "malformedJson" }, UNAVAILABLE],
  ["slow past the timeout", { type: "slow", delayMs: 3_500 }, /^Intervals\.icu did not answer in time/],
  [
    "connection reset",
    { type: "drop" },
    /^Could not reach Intervals\.icu for [A-Z]+ \S+ .*; check the network connection/,
  ],
];

faultMatrixSuite(vitest, {
  arguments: validArguments,
  toolCount: 15,
  call: (tool, args) => call(plain.client, tool, args),
  setFault: (fault) => fake.setFault({ route: "*", ...fault }),
  clearFaults: () => fake.clearFaults(),
  faults,
  secret: () => fake.apiKey,
  mark: () => fake.store.events.size,
  // A failed write changed nothing (a slow answer may still land: the write table covers that).
  checkFault: (fault, events) => {
    if (fault.type !== "slow") vitest.expect(fake.store.events.size).toBe(events);
  },
});

describe("retries: bounded, and only where repeating is safe", () => {
  // Each fault hits its own route and tool, so the rows run at once and count their own attempts.
  const rows: Array<[fault: FaultEffect, route: RouteName, tool: string, attempts: number]> = [
    [{ type: "status", status: 401 }, "getAthlete", "get_athlete", 1],
    [{ type: "status", status: 422 }, "getEvent", "get_event_by_id", 1],
    [{ type: "status", status: 429, retryAfter: 120 }, "getActivity", "get_activity_details", 1],
    [{ type: "status", status: 429 }, "getActivityStreams", "get_activity_streams", 3],
    [{ type: "status", status: 503 }, "getPowerCurves", "get_power_curves", 3],
    [{ type: "html", status: 502 }, "getPaceCurves", "get_pace_curves", 3],
    [{ type: "drop" }, "getHrCurves", "get_hr_curves", 3],
    [{ type: "malformedJson" }, "listEvents", "get_events", 1],
  ];

  it("a read is tried at most three times (two retries), and never on 4xx or a long Retry-After", async () => {
    const args = validArguments();
    args.get_events = { start_date: fake.store.today, end_date: addDays(fake.store.today, 7) };
    const from = fake.requests.length;
    for (const [fault, route] of rows) fake.setFault({ route, ...fault });
    const results = await Promise.all(rows.map(([, , tool]) => call(patient.client, tool, args[tool])));
    for (const [index, [fault, route, tool, attempts]] of rows.entries()) {
      expect(results[index]?.isError, `${tool} under ${JSON.stringify(fault)}`).toBe(true);
      const sent = fake.requests.slice(from).filter((request) => request.route === route);
      expect(sent.length, `${route} under ${JSON.stringify(fault)}`).toBe(attempts);
    }
  });

  it("a read succeeds when the fault passes within the retries", async () => {
    fake.setFault({ route: "getAthlete", type: "status", status: 502, times: 2 });
    const result = await call(patient.client, "get_athlete");
    expect(result.isError, result.text).toBe(false);
  });
});

describe("a write is never applied twice", () => {
  const eventsNamed = (name: string) => [...fake.store.events.values()].filter((e) => e.name === name);

  const writeFaults: Array<[label: string, fault: FaultEffect & { times: number }]> = [
    ["the connection drops after the event is stored", { type: "drop", after: "handling", times: 1 }],
    ["two 503s before it is stored", { type: "status", status: 503, times: 2 }],
  ];

  it.each(writeFaults)("add_or_update_event: %s, then retried", async (label, fault) => {
    const name = `Write-once ${label}`;
    fake.setFault({ route: "createEvents", ...fault });
    const date = addDays(fake.store.today, 4);
    const result = await call(patient.client, "add_or_update_event", { date, category: "NOTE", name });
    expect(result.isError, result.text).toBe(false);
    expect(eventsNamed(name)).toHaveLength(1);
    // The model may repeat the call anyway: it updates the same event.
    await call(patient.client, "add_or_update_event", { date, category: "NOTE", name, description: "again" });
    expect(eventsNamed(name)).toHaveLength(1);
    expect(eventsNamed(name)[0]?.description).toBe("again");
  });

  it("add_or_update_event: a timed-out create is not retried, and repeating it leaves one event", async () => {
    const name = "Write-once after a timeout";
    const date = addDays(fake.store.today, 4);
    const from = fake.requests.length;
    fake.setFault({ route: "createEvents", type: "slow", delayMs: 3_300, times: 1 });
    const result = await call(patient.client, "add_or_update_event", { date, category: "NOTE", name });
    expect(result.text).toMatch(/^Intervals\.icu did not answer in time: try again/);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(fake.requests.slice(from).filter((request) => request.route === "createEvents")).toHaveLength(1);
    // Whether the late request was applied is the upstream's business; applied twice it never is.
    expect(eventsNamed(name).length).toBeLessThanOrEqual(1);
    const again = await call(patient.client, "add_or_update_event", { date, category: "NOTE", name });
    expect(again.isError, again.text).toBe(false);
    expect(eventsNamed(name)).toHaveLength(1);
  });

  it("add_or_update_event: a create that keeps failing stores nothing", async () => {
    fake.setFault({ route: "createEvents", type: "status", status: 500 });
    const name = "Never stored";
    const result = await call(patient.client, "add_or_update_event", {
      date: addDays(fake.store.today, 5),
      category: "NOTE",
      name,
    });
    expect(result.text).toMatch(UNAVAILABLE);
    expect(eventsNamed(name)).toHaveLength(0);
  });

  it("add_or_update_event by event_id: a dropped answer updates the one event", async () => {
    const [id] = [...fake.store.events.keys()].slice(-1) as [number];
    const count = fake.store.events.size;
    fake.setFault({ route: "updateEvent", type: "drop", after: "handling", times: 1 });
    const date = addDays(fake.store.today, 6);
    const result = await call(patient.client, "add_or_update_event", {
      event_id: id,
      date,
      category: "NOTE",
      name: "Updated once",
    });
    expect(result.isError, result.text).toBe(false);
    expect(fake.store.events.size).toBe(count);
    expect(fake.store.events.get(id)?.name).toBe("Updated once");
  });

  it("update_wellness: a dropped answer is retried and records the day once", async () => {
    const date = addDays(fake.store.today, -2);
    fake.setFault({ route: "updateWellness", type: "drop", after: "handling", times: 1 });
    const from = fake.requests.length;
    const result = await call(patient.client, "update_wellness", { date, weight: 68.3, comments: "once" });
    expect(result.isError, result.text).toBe(false);
    expect(fake.store.wellness.get(date)).toMatchObject({ weight: 68.3, comments: "once" });
    const writes = fake.requests.slice(from).filter((request) => request.route === "updateWellness");
    expect(writes.length).toBe(2);
  });

  it("delete_event: a dropped answer deletes the one event and says so", async () => {
    const victim = [...fake.store.events.values()].find((e) => e.category === "WORKOUT") as {
      id: number;
      name: string;
    };
    const count = fake.store.events.size;
    fake.setFault({ route: "deleteEvent", type: "drop", after: "handling", times: 1 });
    const result = await call(patient.client, "delete_event", { event_id: victim.id });
    expect(result.isError, result.text).toBe(false);
    expect(result.data.deleted).toMatchObject({ id: victim.id, name: victim.name });
    expect(fake.store.events.size).toBe(count - 1);
  });
});
