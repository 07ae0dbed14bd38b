// CommonJS users: the libraries are ESM, which Node 22.12 and newer can require(); their `exports` maps give
// every entry a `default` condition so that require() finds it. A plain CommonJS program (node, not vitest)
// requires each entry point and uses one of its exports.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { root } from "./apps.ts";

const libraries = [
  "tool-builder",
  "serve",
  "oauth-server",
  "test-kit",
  "client-kit",
  "redact",
  "intervals-icu",
  "polar-metrics",
];

/** What the program prints for each entry, worked out from the inputs it passes, not from the libraries. */
const expected: Record<string, unknown> = {
  "@mcp-connectors/tool-builder": "not_found", // new NotFoundError(…).kind
  "@mcp-connectors/serve": [true, false], // isLoopbackHost("127.0.0.1"), isLoopbackHost("example.com")
  "@mcp-connectors/oauth-server": "https://mcp.example.com", // parsePublicUrl("https://mcp.example.com/")
  "@mcp-connectors/oauth-server/http": 413, // new HttpError(413, …).status
  "@mcp-connectors/test-kit": "127.0.0.1", // the fake OAuth provider listens on loopback
  "@mcp-connectors/test-kit/fuzz": ["start_date"], // fieldsNamed("Invalid start_date: …")
  "@mcp-connectors/test-kit/suites": "function", // typeof httpHardeningSuite
  "@mcp-connectors/oauth-server/redis": expect.stringContaining("REDIS_URL"), // nothing listens on port 1
  "@mcp-connectors/client-kit": 120, // parseRetryAfter("120")
  "@mcp-connectors/redact": "key=[redacted]", // the key masked out of "key=<the key>"
  "@mcp-connectors/intervals-icu": 250, // secondsPerKm(4 m/s): 1000 m / 4 m/s
  "@mcp-connectors/intervals-icu/testing": "2025-06-14", // the fake's wellness record for that day
  "@mcp-connectors/polar-metrics": "$1,234.56", // formatMoney(123456 cents)
  "@mcp-connectors/polar-metrics/query": ["revenue"],
  "@mcp-connectors/polar-metrics/testing": "2023-01-01", // the metrics API's first date, from its limits
};

test("the program covers every entry point the libraries export", () => {
  const entries = libraries.flatMap((library) => {
    const { exports } = JSON.parse(readFileSync(join(root, "packages", library, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    return Object.keys(exports)
      .filter((subpath) => subpath !== "./package.json")
      .map((subpath) => `@mcp-connectors/${library}${subpath.slice(1)}`);
  });
  expect(Object.keys(expected).sort()).toEqual(entries.sort());
});

test("a CommonJS program can require() every entry point and use it", () => {
  const output = execFileSync(
    process.execPath,
    [join(root, "repo-tests", "fixtures", "require-every-entry.cjs"), join(root, "packages")],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  expect(JSON.parse(output)).toEqual(expected);
});
