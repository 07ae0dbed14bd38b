// The shared HTTP hardening, protocol conformance and soak suite of the tool-builder's test kit, run against
// this app's built bin and the Polar fake.
import { startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import { httpHardeningSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { BIN, CLEAN_ENV } from "./helpers.js";

httpHardeningSuite(vitest, {
  serverName: "polar-mcp",
  bin: BIN,
  toolCount: 6,
  async startFake() {
    const fake = await startFakePolar({ seed: 51 });
    return {
      credential: fake.token,
      env: (extra = {}) => ({ ...CLEAN_ENV, POLAR_API_BASE_URL: fake.url, ...extra }),
      configuredEnv: () => ({ ...CLEAN_ENV, POLAR_ACCESS_TOKEN: fake.token, POLAR_API_BASE_URL: fake.url }),
      requestCount: () => fake.requests.length,
      slowDownProbe: () => fake.setFault("limits", { type: "slow", delayMs: 3_000, times: 1 }),
      clearFaults: () => fake.clearFaults(),
      close: () => fake.close(),
    };
  },
  probe: { name: "get_metrics_limits", arguments: {} },
  checkProbe: (data) => vitest.expect(data).toMatchObject({ min_date: "2023-01-01" }),
  refused: { credential: "polar_oat_wrong", message: /^Polar rejected the access token/ },
  otherCredential: "polar_oat_another_organization_9f8e",
  soakCalls: [
    { name: "get_metrics_limits", arguments: {} },
    { name: "list_metrics", arguments: {} },
    { name: "get_metrics", arguments: { metric_names: ["revenue"], time_range: "last_7_days" } },
    { name: "list_products", arguments: {} },
  ],
  // One token makes every call here, so its rate limit (500 a minute by default) is raised.
  soakEnv: { POLAR_MAX_REQUESTS_PER_MINUTE: "10000" },
});
