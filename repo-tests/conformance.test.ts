// Protocol conformance: the official @modelcontextprotocol/conformance server scenarios (pinned in the root
// package.json) run against each built server over Streamable HTTP. Every scenario must pass except those in
// conformance-expected-failures.json, which only lists scenarios that need the reference server's own tools,
// resources or prompts; an expected failure that starts passing fails the test too, so the list stays exact.
// Warnings are pinned the same way (the `warnings` entries), each with its reason.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readJson, root, serverApps } from "./apps.ts";

interface ExpectedFailures {
  conformance: string;
  failures: Array<{ scenario: string; reason: string }>;
  /** Checks that only warn; the CLI's own baseline mode would count them as failures, so this test does not use it. */
  warnings: Array<{ scenario: string; check: string; reason: string }>;
}

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | string;
  errorMessage?: string;
}

const conformanceDir = join(root, "node_modules", "@modelcontextprotocol", "conformance");
const conformance = readJson<{ version: string; bin: Record<string, string> }>(
  "node_modules",
  "@modelcontextprotocol",
  "conformance",
  "package.json",
);
const conformanceCli = join(conformanceDir, conformance.bin.conformance ?? "dist/index.js");
const expected = readJson<ExpectedFailures>("repo-tests", "conformance-expected-failures.json");
const scratch = mkdtempSync(join(tmpdir(), "conformance-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("the expected-failures file matches the pinned conformance version and gives a reason for each entry", () => {
  const pinned = readJson<{ devDependencies: Record<string, string> }>("package.json").devDependencies[
    "@modelcontextprotocol/conformance"
  ];
  expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
  expect(conformance.version).toBe(pinned);
  expect(expected.conformance).toBe(pinned);
  const ids = expected.failures.map((entry) => entry.scenario);
  expect(new Set(ids).size).toBe(ids.length);
  for (const entry of [...expected.failures, ...expected.warnings])
    expect(entry.reason.length, entry.scenario).toBeGreaterThan(30);
});

/** Starts a built server over HTTP on a free port with its demo data; resolves with its base URL. */
function startServer(app: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, "apps", app, "dist", "bin.js"), "--transport", "http", "--port", "0", "--demo"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`${app} did not start in time:\n${stderr}`)), 15_000);
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+?)(?=[\s,]|$)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited with ${code} before listening:\n${stderr}`));
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Runs the active server suite against `url`; returns the CLI's output and each scenario's checks. */
function runConformance(
  url: string,
  outputDir: string,
): Promise<{ output: string; scenarios: Map<string, Check[]> }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [conformanceCli, "server", "--url", url, "--output-dir", outputDir],
      { encoding: "utf8", timeout: 45_000, maxBuffer: 16 * 1024 * 1024 },
      (_error, stdout, stderr) => {
        const scenarios = new Map<string, Check[]>();
        if (existsSync(outputDir))
          for (const dir of readdirSync(outputDir)) {
            // Each scenario writes server-<scenario>-<ISO timestamp with dashes>/checks.json.
            const name = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(dir)?.[1];
            const file = join(outputDir, dir, "checks.json");
            if (name && existsSync(file))
              scenarios.set(name, JSON.parse(readFileSync(file, "utf8")) as Check[]);
          }
        // The exit code is 1 whenever a scenario fails, expected or not, so the checks decide.
        resolve({ output: `${stdout}\n${stderr}`, scenarios });
      },
    );
  });
}

describe.each(serverApps)("%s passes the MCP conformance server scenarios over Streamable HTTP", (app) => {
  let server: { child: ChildProcess; url: string } | undefined;

  beforeAll(async () => {
    server = await startServer(app);
  });
  afterAll(async () => {
    if (server) await stopServer(server.child);
  });

  test("every scenario passes except the expected failures, each failing as listed", async () => {
    if (!server) throw new Error(`${app} did not start`);
    const result = await runConformance(`${server.url}/mcp`, join(scratch, app));
    const ran = [...result.scenarios.keys()].sort();
    // The active suite of the pinned version has 30 server scenarios; fewer means the run broke off.
    expect(ran.length, result.output).toBeGreaterThanOrEqual(30);
    const failing = ran.filter((name) =>
      result.scenarios.get(name)?.some((check) => check.status === "FAILURE"),
    );
    const failures = Object.fromEntries(
      failing.map((name) => [
        name,
        result.scenarios
          .get(name)
          ?.filter((check) => check.status === "FAILURE")
          .map((check) => `${check.id}: ${check.errorMessage ?? "failed"}`),
      ]),
    );
    const listed = expected.failures.map((entry) => entry.scenario).sort();
    expect(
      listed.filter((name) => !ran.includes(name)),
      "expected failures that no longer exist",
    ).toEqual([]);
    expect(
      failing.filter((name) => !listed.includes(name)).map((name) => ({ [name]: failures[name] })),
      "unexpected failures",
    ).toEqual([]);
    expect(
      listed.filter((name) => !failing.includes(name)),
      "expected failures that now pass: remove them",
    ).toEqual([]);
    const warnings = ran.flatMap((name) =>
      (result.scenarios.get(name) ?? [])
        .filter((check) => check.status === "WARNING")
        .map((check) => `${name}/${check.id}`),
    );
    expect(warnings, "warnings").toEqual(
      expected.warnings.map((entry) => `${entry.scenario}/${entry.check}`).sort(),
    );
  }, 60_000);
});
