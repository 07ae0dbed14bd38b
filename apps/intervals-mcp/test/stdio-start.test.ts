// A desktop client's start: it spawns the built bin and writes initialize, tools/list and a tool call at once,
// without waiting for the server to load (the test kit's shared suite).
import { startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { stdioStartSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { BIN, envFor } from "./helpers.js";

stdioStartSuite(vitest, {
  serverName: "intervals-mcp",
  bin: BIN,
  startFake: () => startFakeIntervals({ seed: 5 }),
  env: (fake) => envFor(fake),
  tools: ["get_activities", "get_athlete"],
  call: { name: "get_athlete", arguments: {} },
  // The athlete the fake serves, by its id: the call reached the API.
  checkCall: (structured, fake) => vitest.expect((structured as { id: string }).id).toBe(fake.athleteId),
});
