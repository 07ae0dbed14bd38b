import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { afterEach, describe, expect, it } from "vitest";
import { observeApi } from "../smoke/observe.js";
import { assumptionsIn, buildReport } from "../smoke/report.js";

const MAIN = fileURLToPath(new URL("../smoke/main.ts", import.meta.url));
const ASSUMPTIONS = readFileSync(
  new URL("../../../packages/intervals-icu/API-ASSUMPTIONS.md", import.meta.url),
  "utf8",
);

function runSmoke(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const fakes: FakeIntervals[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});
async function fake(strict: boolean) {
  const started = await startFakeIntervals({ seed: 7, strict });
  fakes.push(started);
  return started;
}

describe("pnpm smoke:intervals", () => {
  it("refuses clearly without a key, before any request", async () => {
    const result = await runSmoke({});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/set INTERVALS_API_KEY to your personal key/);
    expect(result.stdout).toBe("");
  });

  it("reports every assumption and every read-only tool, with nothing from the account and no key", async () => {
    const api = await fake(false);
    const result = await runSmoke({ INTERVALS_API_KEY: api.apiKey, INTERVALS_API_BASE_URL: api.url });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const { id } of assumptionsIn(ASSUMPTIONS))
      expect(result.stdout).toMatch(new RegExp(`^ {2}${id} `, "m"));
    expect(result.stdout).toMatch(/^ {2}A2 {3}holds/m);
    expect(result.stdout).toMatch(/^ {2}A8 {3}holds/m);
    for (const tool of [
      "get_activities",
      "get_activity_intervals",
      "get_fitness",
      "get_event_by_id",
      "get_hr_curves",
    ])
      expect(result.stdout).toMatch(new RegExp(`ok +${tool}:`));
    expect(result.stdout).not.toMatch(/FAILED/);
    // Nothing that identifies the account or its data: the key, the athlete, any activity or event.
    const secrets = [
      api.apiKey,
      api.athleteId,
      String(api.store.athlete.name),
      ...api.store.activities.map((activity) => String(activity.id)),
      ...[...api.store.events.keys()].map(String),
      api.store.today,
    ];
    for (const secret of secrets) expect(result.stdout).not.toContain(secret);
  });

  it("sees where the strict fake differs: fields honoured literally, so no id unasked", async () => {
    const api = await fake(true);
    const observations = await observeApi({ baseUrl: api.url, apiKey: api.apiKey, today: api.store.today });
    const byId = Object.fromEntries(observations.map((observation) => [observation.id, observation]));
    expect(byId.A1?.status).toBe("holds");
    expect(byId.A2).toMatchObject({ status: "differs" });
    expect(byId.A2?.detail).toMatch(/^id sent unasked in 0 of \d+ rows$/);
    expect(byId.A9?.status).toBe("holds");
    expect(byId.A10?.status).toBe("holds");
  });

  it("fails the run when a tool fails, and lists assumptions it cannot observe", () => {
    const report = buildReport(
      [
        { id: "A1", unconfirmed: false },
        { id: "A14", unconfirmed: true },
      ],
      [{ id: "A1", status: "differs", detail: "3 rows" }],
      [
        { tool: "get_activities", ok: true, detail: "120 characters" },
        { tool: "get_fitness", ok: false, detail: "Intervals.icu denied access." },
      ],
    );
    expect(report.failed).toBe(true);
    expect(report.text).toContain("  A1   DIFFERS 3 rows");
    expect(report.text).toContain("  A14  -       not observable from the API");
    expect(report.text).toContain("  FAILED get_fitness: Intervals.icu denied access.");
    expect(assumptionsIn(ASSUMPTIONS).find((assumption) => assumption.id === "A2")?.unconfirmed).toBe(true);
  });
});
