import { readFileSync } from "node:fs";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor, type Row, rows } from "./helpers.js";

type Json = Record<string, unknown>;
const fixture = <T = Json>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as T;

let fake: FakeIntervals;
let server: ConnectedClient;

// Real captured rows (see test/fixtures/README.md), served by the strict fake beside its generated athlete.
const run = fixture("activity-run.json");
const sweetSpot = fixture<{ activity: Json; event: Json }>("sweet-spot.json");
const labelled = fixture("labelled-intervals.json");

beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 7, strict: true });
  const ride = [...fake.store.activities].reverse().find((a) => a.type === "Ride") as Json;
  fake.store.activities.push(run, sweetSpot.activity, { ...ride, id: labelled.id });
  fake.store.intervals.set(String(run.id), fixture("activity-run-intervals.json"));
  fake.store.intervals.set(String(labelled.id), labelled);
  fake.store.events.set(Number(sweetSpot.event.id), sweetSpot.event);
  server = await connectClient({ transport: "stdio", script: BIN, env: envFor(fake) });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("what a coach judges a session by, from real captures", () => {
  it("a run: pace and grade-adjusted pace, TRIMP, the HR load, temperature, RPE with its scale", async () => {
    const result = await call(server.client, "get_activity_details", { activity_id: run.id });
    expect(result.isError).toBe(false);
    // average_speed 3.384 m/s: 295.5 s per km; gap 3.4784 m/s: 287.5 s per km.
    expect(result.data).toMatchObject({
      pace: "4:56 /km",
      gap_pace: "4:47 /km",
      trimp: 98,
      load: 56,
      load_hr: 56,
      load_hr_type: "HRSS",
      avg_temp_c: 22,
      cadence_spm: 166,
      rpe: "7/10 (1 very easy – 10 maximal)",
    });
    expect(result.data).not.toHaveProperty("load_power");
    expect(result.data).not.toHaveProperty("feel");
  });

  it("a run's intervals: type, GAP, elevation gain and gradient in %", async () => {
    const result = await call(server.client, "get_activity_intervals", { activity_id: run.id });
    const [work, recovery] = rows(result.data.intervals);
    // gap 3.4661 m/s: 288.5 s per km; gradient −0.000428 is −0.04 %, shown to one decimal as −0.
    expect(work).toMatchObject({
      type: "WORK",
      gap_pace: "4:49 /km",
      elevation_gain_m: 23,
      cadence_spm: 166,
    });
    expect(recovery).toMatchObject({
      type: "RECOVERY",
      duration_s: 299,
      gap_pace: "4:41 /km",
      elevation_gain_m: 10,
      gradient_pct: 0.8,
      avg_hr_bpm: 179,
      cadence_spm: 167,
    });
  });

  it("labelled intervals keep their type, label and group", async () => {
    const result = await call(server.client, "get_activity_intervals", { activity_id: labelled.id });
    const intervals = rows(result.data.intervals);
    expect(intervals.map((row) => [row.type, row.label ?? null, row.group ?? null])).toEqual([
      ["RECOVERY", null, null],
      ["WORK", "PROBE Lap 1", "15s@357w83rpm"],
      ["WORK", "PROBE Lap 2", "15s@357w83rpm"],
      ["RECOVERY", null, null],
    ]);
    expect(rows(result.data.groups)[0]).toMatchObject({ group: "15s@357w83rpm", count: 2, avg_watts: 357 });
  });

  it("a planned session: compliance, and the workout's steps and targets in readable form", async () => {
    const activity = await call(server.client, "get_activity_details", {
      activity_id: sweetSpot.activity.id,
    });
    expect(activity.data).toMatchObject({
      compliance_pct: 96,
      planned_event_id: sweetSpot.event.id,
      load: 72,
    });
    const event = await call(server.client, "get_event_by_id", { event_id: sweetSpot.event.id });
    expect(event.isError).toBe(false);
    expect(event.data).toMatchObject({
      name: "Sweet Spot 3×12",
      load: 75,
      duration_s: 4200,
      steps: [
        "12:00 160–205 W · Warm-up",
        "3×",
        "  12:00 255–275 W · SST — hold cadence 85 plus",
        "  4:00 160 W · Recovery",
        "10:00 145 W · Cooldown",
      ],
      zone_times_s: { Z1: 600, Z2: 1440, Z4: 2160, SS: 2160 },
    });
    expect(event.text).toContain("255–275 W");
  });
});

describe("what the API gives on a generated ride", () => {
  it("intervals carry W′bal in kJ and their load; feel comes with its scale", async () => {
    const ride = [...fake.store.activities]
      .reverse()
      .find((a) => a.type === "Ride" && fake.store.sessions.has(String(a.id))) as Json;
    ride.feel = 2;
    const details = await call(server.client, "get_activity_details", { activity_id: ride.id });
    expect(details.data.feel).toBe("2 good (1 strong – 5 weak)");
    const result = await call(server.client, "get_activity_intervals", { activity_id: ride.id });
    const intervals = rows(result.data.intervals);
    expect(intervals.length).toBeGreaterThan(0);
    for (const row of intervals as Row[]) {
      expect(row.wbal_start_kj).toBe(20);
      expect(Number(row.wbal_end_kj)).toBeLessThanOrEqual(20);
      expect(row).toHaveProperty("load");
    }
  });
});

describe("the compact budget", () => {
  it("a session of very many intervals is trimmed to the budget, saying how many were left out", async () => {
    const captured = fixture<{ icu_intervals: Json[] }>("activity-run-intervals.json");
    const many = Array.from({ length: 400 }, (_, index) => ({
      ...(captured.icu_intervals[index % 2] as Json),
      id: index + 1,
    }));
    const id = "i900002";
    fake.store.activities.push({ ...run, id });
    fake.store.intervals.set(id, { id, icu_intervals: many, icu_groups: [] });
    const result = await call(server.client, "get_activity_intervals", { activity_id: id });
    expect(result.isError).toBe(false);
    const shown = rows(result.data.intervals).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(400);
    expect(result.text).toContain(`truncated: ${400 - shown} more intervals`);
  });
});
