// A desktop client's start, from the test kit's shared suites: every message written at once, for three
// protocol versions, and a clean exit when stdin ends.
import { stdioStartSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { FAKE_KEY, startFakeWeather } from "../src/fake.ts";
import { BIN, serverEnv } from "./helpers.ts";

stdioStartSuite(vitest, {
  serverName: "hello-connector",
  bin: BIN,
  startFake: startFakeWeather,
  env: (fake) => serverEnv(fake, FAKE_KEY),
  tools: ["get_forecast"],
  call: { name: "get_forecast", arguments: { city: "Lisbon" } },
  mark: (fake) => fake.requests.length,
  checkCall: (structured, fake, mark) => {
    vitest.expect(structured).toMatchObject({ city: "lisbon", high_c: 16 });
    vitest.expect(fake.requests.slice(mark).map((request) => request.key)).toEqual([FAKE_KEY]);
  },
});
