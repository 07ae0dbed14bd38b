// The test kit's credential echo suite against this app's built bin.
import { credentialEchoSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { BIN, envFor } from "./helpers.js";

credentialEchoSuite(vitest, {
  bin: BIN,
  env: (apiUrl) => envFor(undefined, { INTERVALS_API_BASE_URL: apiUrl }),
  credentialVariable: "INTERVALS_API_KEY",
  credentialHeader: "x-intervals-api-key",
  // Each key starts with four characters found nowhere else, to catch a body cut through the key.
  canaries: {
    configured: "zqx8canary-configured-4f1d9e7a2b",
    bearer: "zqy9canary-bearer-key-6c0e3b8d1a",
    header: "zqw7canary-header-key-2a9f5c7e4d",
  },
  probe: { name: "get_athlete", arguments: {} },
  // The client cuts a long error body at 300 characters.
  cutAt: 300,
  credentialName: "key",
});
