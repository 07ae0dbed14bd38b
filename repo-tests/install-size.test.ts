// Each library, packed as published and installed by npm into a blank folder, takes at most 15 MB with its
// dependencies. The MCP packages' peers (the MCP SDK, zod, and the test kit's vitest and fast-check) are the
// user's own and are left out.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { bytesUnder, installInBlankFolder, packLibrary, scratchFolder } from "./packed.ts";

const LIMIT_BYTES = 15 * 1000 * 1000;
const libraries = [
  "tool-builder",
  "serve",
  "oauth-server",
  "test-kit",
  "client-kit",
  "intervals-icu",
  "polar-metrics",
] as const;
/** Installed with their peers (ky); the MCP packages are measured without theirs (the SDK and zod). */
const clients: readonly string[] = ["client-kit", "intervals-icu", "polar-metrics"];
const folders = new Map<string, string>();

beforeAll(() => {
  const tarballs = scratchFolder();
  for (const library of libraries) {
    const packed = packLibrary(library, tarballs);
    folders.set(library, installInBlankFolder(`size-${library}`, packed, !clients.includes(library)));
  }
}, 600_000);

/** The installed packages and their sizes, largest first, for a failure message that says what to cut. */
function breakdown(folder: string): string {
  const modules = join(folder, "node_modules");
  const names = readdirSync(modules).flatMap((name) =>
    name.startsWith("@") ? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`) : [name],
  );
  return names
    .filter((name) => !name.startsWith("."))
    .map((name) => [name, bytesUnder(join(modules, name))] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${(bytes / 1e6).toFixed(1)} MB`)
    .join(", ");
}

describe.each(libraries)("@mcp-connectors/%s", (library) => {
  test("installs in at most 15 MB with its dependencies", () => {
    const folder = folders.get(library) as string;
    const bytes = bytesUnder(join(folder, "node_modules"));
    expect(bytes, breakdown(folder)).toBeLessThanOrEqual(LIMIT_BYTES);
  });
});

test("the installed polar-metrics reads a query and resolves a preset with only its declared dependencies", () => {
  const folder = folders.get("polar-metrics") as string;
  const program = `
    import { parseQuery } from "@mcp-connectors/polar-metrics/query";
    import { resolveTimeRange } from "@mcp-connectors/polar-metrics";
    const plan = parseQuery("SELECT period, SUM(revenue) AS total FROM metrics WHERE time_range = 'last_month' GROUP BY week");
    const range = resolveTimeRange({ timeRange: "last_month", now: new Date("2024-03-15T12:00:00Z") });
    console.log(JSON.stringify([plan.metrics, plan.interval, range.start, range.end]));`;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", program], {
    cwd: folder,
    encoding: "utf8",
  });
  // February 2024 has 29 days (leap year).
  expect(JSON.parse(output)).toEqual([["revenue"], "week", "2024-02-01", "2024-02-29"]);
  expect(readdirSync(join(folder, "node_modules"))).not.toContain("node-sql-parser");
});
