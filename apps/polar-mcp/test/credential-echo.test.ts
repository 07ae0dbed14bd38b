// The test kit's credential echo suite against this app's built bin.
import { credentialEchoSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { BIN, CLEAN_ENV } from "./helpers.js";

credentialEchoSuite(vitest, {
  bin: BIN,
  env: (apiUrl) => ({ ...CLEAN_ENV, POLAR_API_BASE_URL: apiUrl, POLAR_MAX_RETRIES: "0" }),
  credentialVariable: "POLAR_ACCESS_TOKEN",
  credentialHeader: "x-polar-access-token",
  // Each token starts with four characters found nowhere else, to catch a body cut through the token; none is
  // shaped like polar_oat_…, which the app's own help text names.
  canaries: {
    configured: "zqx8canary-configured-4f1d9e7a2b",
    bearer: "zqy9canary-bearer-token-6c0e3b8d",
    header: "zqw7canary-header-token-2a9f5c7e",
  },
  probe: { name: "get_metrics_limits", arguments: {} },
  // The client quotes at most 80 characters of an error body.
  cutAt: 80,
  credentialName: "token",
});
