// A desktop client's start: it spawns the built bin and writes initialize, tools/list and a tool call at once,
// without waiting for the server to load (the test kit's shared suite).
import { startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import { stdioStartSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { BIN, CLEAN_ENV } from "./helpers.js";

stdioStartSuite(vitest, {
  serverName: "polar-mcp",
  bin: BIN,
  startFake: () => startFakePolar({ seed: 4 }),
  env: (fake) => ({
    ...CLEAN_ENV,
    POLAR_ACCESS_TOKEN: fake.token,
    POLAR_API_BASE_URL: fake.url,
    POLAR_MAX_RETRIES: "0",
  }),
  tools: ["get_metrics", "get_metrics_limits"],
  call: { name: "get_metrics_limits", arguments: {} },
  mark: (fake) => fake.requests.length,
  // The call reached the API with the configured token.
  checkCall: (_structured, fake, mark) => {
    const limits = fake.requests.slice(mark).filter((request) => request.path === "/v1/metrics/limits");
    vitest.expect(limits.map((request) => request.authorization)).toEqual(["valid"]);
  },
});
