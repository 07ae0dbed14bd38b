// The test kit's secrets suite against this app's built bin and the Intervals.icu fake: a canary API key and a
// canary MCP_AUTH_TOKEN never show in a result, raw HTTP answer, SSE stream or log line.
import { addDays } from "@mcp-connectors/intervals-icu";
import { type FaultEffect, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { secretsSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { BIN, envFor } from "./helpers.js";

const KEY = "canary-key-7e1d9a0c55b3f2";

secretsSuite(vitest, {
  bin: BIN,
  args: ["--enable-destructive"],
  canaries: { credential: KEY, mcpToken: "canary-mcp-token-4b8e6f1a2d" },
  async startFake(apiKey) {
    // The fake accepts only the canary, so every successful call proves the key was sent upstream.
    const fake = await startFakeIntervals({ seed: 41, apiKey });
    return {
      url: fake.url,
      store: fake.store,
      setFault: (fault: FaultEffect) => fake.setFault({ route: "*", ...fault }),
      clearFaults: () => fake.clearFaults(),
      credentialUses: () => fake.requests.filter((request) => request.auth === "basic").length,
      close: () => fake.close(),
    };
  },
  env: (apiUrl) =>
    envFor(undefined, {
      INTERVALS_API_BASE_URL: apiUrl,
      INTERVALS_TIMEOUT_SECONDS: "1",
      // Every tool under every fault with one key: at the default 10 requests/s that takes many seconds.
      INTERVALS_MAX_REQUESTS_PER_SECOND: "1000",
    }),
  credentialVariable: "INTERVALS_API_KEY",
  credentialHeader: "x-intervals-api-key",
  arguments({ store }) {
    const activity = store.activities.findLast((a) => a.source !== "STRAVA")?.id;
    const [event] = [...store.events.keys()].slice(-1);
    const day = addDays(store.today, 1);
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
      add_or_update_event: { date: day, category: "NOTE", name: "Secret keeper" },
      update_wellness: { date: day, mood: 2 },
      // Deleting succeeds once; afterwards its error path (404) is exercised instead.
      delete_event: { event_id: event },
    };
  },
  toolCount: 15,
  probe: "get_athlete",
  faults: [
    { type: "status", status: 401 },
    { type: "status", status: 403 },
    { type: "status", status: 404 },
    { type: "status", status: 422, message: "Bad request" },
    // An upstream that echoes the credential in its error message.
    { type: "status", status: 400, message: `Invalid key ${KEY}` },
    { type: "status", status: 429, retryAfter: 3 },
    { type: "status", status: 500 },
    { type: "html", status: 502 },
    { type: "malformedJson" },
    { type: "slow", delayMs: 1_200 },
    { type: "drop" },
  ],
  refusal: { type: "status", status: 401 },
});
