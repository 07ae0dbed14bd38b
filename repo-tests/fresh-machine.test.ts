// `pnpm test` on a fresh machine with only Node and pnpm: the OAuth server's Redis-backed tests need a
// `redis-server` binary, so without one they skip and say why; under CI they run and fail without it.
// The check runs that test file with vitest and an empty folder as PATH, so no redis-server is found.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { root } from "./apps.ts";

const oauthServer = join(root, "packages", "oauth-server");
const emptyFolder = mkdtempSync(join(tmpdir(), "no-redis-"));
afterAll(() => rmSync(emptyFolder, { recursive: true, force: true }));

function runRedisTests(env: Record<string, string>) {
  const run = spawnSync(
    process.execPath,
    [join(oauthServer, "node_modules", "vitest", "vitest.mjs"), "run", "test/redis-token-store.test.ts"],
    // No TEST_REPORT_DIR: this run's report must not replace the oauth-server's own in CI.
    { cwd: oauthServer, encoding: "utf8", env: { PATH: emptyFolder, NO_COLOR: "1", ...env } },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

test("without redis-server and outside CI, the Redis tests skip and say how to install it", () => {
  const { status, output } = runRedisTests({});
  expect(status, output).toBe(0);
  expect(output).toContain("The Redis token store tests are skipped: redis-server is not installed");
  expect(output).toMatch(/apt-get install -y redis-server/);
  expect(output).toMatch(/Tests\s+\d+ skipped/);
  expect(output).not.toMatch(/\d+ passed/);
});

test("under CI, the Redis tests run, and fail without redis-server", () => {
  const { status, output } = runRedisTests({ CI: "true" });
  expect(status, output).not.toBe(0);
  expect(output).toContain("redis-server is not installed, so the Redis token store cannot be tested");
});
