// The shared HTTP hardening, protocol conformance and soak suite of the tool-builder's test kit, run against
// this app's built bin and the Intervals.icu fake.
import { startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { httpHardeningSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { BIN, envFor } from "./helpers.js";

httpHardeningSuite(vitest, {
  serverName: "intervals-mcp",
  bin: BIN,
  toolCount: 14,
  async startFake() {
    const fake = await startFakeIntervals({ seed: 51 });
    return {
      credential: fake.apiKey,
      env: (extra = {}) => envFor(undefined, { INTERVALS_API_BASE_URL: fake.url, ...extra }),
      configuredEnv: () => envFor(fake),
      requestCount: () => fake.requests.length,
      slowDownProbe: () => fake.setFault({ route: "getAthlete", type: "slow", delayMs: 3_000, times: 1 }),
      clearFaults: () => fake.clearFaults(),
      close: () => fake.close(),
      athleteId: fake.athleteId,
    };
  },
  probe: { name: "get_athlete", arguments: {} },
  checkProbe: (data, fake) => vitest.expect(data).toMatchObject({ id: fake.athleteId }),
  refused: { credential: "wrong", message: /^Intervals\.icu rejected the API key/ },
  otherCredential: "another-athletes-key-9f8e7d",
  soakCalls: ["get_athlete", "get_events", "get_fitness", "get_power_curves"].map((name) => ({
    name,
    arguments: {},
  })),
  // One key for all 1,200 calls: at the default 10 requests/s they would take two minutes.
  soakEnv: { INTERVALS_MAX_REQUESTS_PER_SECOND: "1000" },
});
