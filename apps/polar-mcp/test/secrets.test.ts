// The test kit's secrets suite against this app's built bin and the Polar fake: a canary access token and a
// canary MCP_AUTH_TOKEN never show in a result, raw HTTP answer, SSE stream or log line.
import { type FakeFault, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import { secretsSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { BIN, CLEAN_ENV } from "./helpers.js";

secretsSuite(vitest, {
  bin: BIN,
  // Shaped like an Organization Access Token, and fake.
  canaries: {
    credential: "polar_oat_FAKE_canary_for_the_secrets_suite",
    mcpToken: "canary-mcp-token-8e2d5b1f7a",
  },
  startFake,
  env: (apiUrl) => ({
    ...CLEAN_ENV,
    POLAR_API_BASE_URL: apiUrl,
    POLAR_TIMEOUT_SECONDS: "1",
    POLAR_MAX_RETRIES: "0",
    // Every tool under every fault with one token: Polar's 500 a minute would make calls wait their turn.
    POLAR_MAX_REQUESTS_PER_MINUTE: "10000",
  }),
  credentialVariable: "POLAR_ACCESS_TOKEN",
  credentialHeader: "x-polar-access-token",
  // Every tool that calls Polar (list_metrics reads only the built-in catalog and never sends the token).
  arguments: () => ({
    get_metrics: { metric_names: ["revenue", "orders"], time_range: "last_7_days" },
    audit_performance: { time_range: "last_week" },
    query: { query: "SELECT period, revenue FROM metrics WHERE time_range = 'last_7_days' GROUP BY day" },
    get_metrics_limits: {},
    list_products: {},
  }),
  toolCount: 5,
  probe: "get_metrics_limits",
  faults: [
    { type: "status", status: 401 },
    { type: "status", status: 403 },
    { type: "status", status: 404 },
    { type: "status", status: 422 },
    { type: "status", status: 429, retryAfter: 3 },
    { type: "status", status: 500 },
    { type: "status", status: 503 },
    { type: "html", status: 502 },
    { type: "html", status: 200 },
    { type: "malformed-json" },
    { type: "slow", delayMs: 1_200 },
    { type: "trickle", intervalMs: 100 },
    { type: "drop" },
  ],
  refusal: { type: "status", status: 401 },
});

/** The fake accepts only the canary, so every successful call proves the token was sent upstream. */
async function startFake(token: string) {
  const fake = await startFakePolar({ seed: 43, token });
  return {
    url: fake.url,
    setFault: (fault: FakeFault) => fake.setFault("*", fault),
    clearFaults: () => fake.clearFaults(),
    credentialUses: () => fake.requests.filter((request) => request.authorization === "valid").length,
    close: () => fake.close(),
  };
}
