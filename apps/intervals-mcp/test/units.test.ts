import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/test-kit";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, call, envFor, type Row, rows } from "./helpers.js";

type Json = Record<string, unknown>;

// Worked out here, not by the code under test: seconds per unit distance, written m:ss.
const metres = { km: 1000, mile: 1609.344, "100m": 100, "100y": 91.44, "500m": 500 };
function pace(metresPerSecond: number, unit: keyof typeof metres): string {
  const total = Math.round(metres[unit] / metresPerSecond);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")} /${unit}`;
}

const open: Array<{ fake: FakeIntervals; server: ConnectedClient }> = [];
afterEach(async () => {
  for (const { fake, server } of open.splice(0)) {
    await server.close();
    await fake.close();
  }
});

/** A strict fake whose athlete's sport settings choose these pace units, and a server reading it. */
async function athleteWith(paceUnits: Record<string, string>) {
  const fake = await startFakeIntervals({ seed: 7, strict: true });
  for (const settings of fake.store.sportSettings) {
    const sport = (settings.types as string[])[0] ?? "";
    if (paceUnits[sport]) settings.pace_units = paceUnits[sport];
  }
  const server = await connectClient({ transport: "stdio", script: BIN, env: envFor(fake) });
  open.push({ fake, server });
  return { fake, server };
}

const latest = (fake: FakeIntervals, type: string) =>
  [...fake.store.activities].reverse().find((a) => a.type === type && a.source !== "STRAVA") as Json;

describe("units as athletes read them", () => {
  it("a run: pace per km, cadence in steps per minute (twice the API's strides)", async () => {
    const { fake, server } = await athleteWith({});
    const run = latest(fake, "Run");
    const details = await call(server.client, "get_activity_details", { activity_id: run.id });
    expect(details.data.pace).toBe(pace(Number(run.average_speed), "km"));
    expect(details.data.cadence_spm).toBe(Math.round(Number(run.average_cadence) * 2));
    expect(details.data).not.toHaveProperty("cadence_rpm");
    const intervals = await call(server.client, "get_activity_intervals", { activity_id: run.id });
    const work = rows(intervals.data.intervals).find((row) => row.cadence_spm !== undefined) as Row;
    expect(Number(work.cadence_spm)).toBeGreaterThan(150);
  });

  it("a per-mile athlete: run paces per mile in lists, details and threshold", async () => {
    const { fake, server } = await athleteWith({ Run: "MINS_MILE" });
    const run = latest(fake, "Run");
    const list = await call(server.client, "get_activities", { sport: "Run", limit: 1 });
    expect(rows(list.data.activities)[0]?.pace).toBe(pace(Number(run.average_speed), "mile"));
    const details = await call(server.client, "get_activity_details", { activity_id: run.id });
    expect(details.data.pace).toBe(pace(Number(run.average_speed), "mile"));
    const athlete = await call(server.client, "get_athlete");
    const settings = rows(athlete.data.sport_settings).find((row) => (row.sports as string[])[0] === "Run");
    // Threshold 4:30 /km = 270 s per km: 434.5 s per mile.
    expect(settings?.threshold_pace).toBe("7:15 /mile");
  });

  it("a ride: speed in km/h, cadence in rpm", async () => {
    const { fake, server } = await athleteWith({ Run: "MINS_MILE" });
    const ride = latest(fake, "Ride");
    const details = await call(server.client, "get_activity_details", { activity_id: ride.id });
    expect(details.data.speed_kmh).toBe(Math.round(Number(ride.average_speed) * 36) / 10);
    expect(details.data.cadence_rpm).toBe(Math.round(Number(ride.average_cadence)));
    expect(details.data).not.toHaveProperty("pace");
  });

  it("a swim in metres: per 100 m; in yards: per 100 y, threshold included", async () => {
    const metric = await athleteWith({});
    const swim = latest(metric.fake, "Swim");
    const inMetres = await call(metric.server.client, "get_activity_details", { activity_id: swim.id });
    expect(inMetres.data.pace).toBe(pace(Number(swim.average_speed), "100m"));
    expect(inMetres.data.cadence_strokes_min).toBe(Math.round(Number(swim.average_cadence)));

    const yards = await athleteWith({ Swim: "SECS_100Y" });
    const inYards = await call(yards.server.client, "get_activity_details", { activity_id: swim.id });
    expect(inYards.data.pace).toBe(pace(Number(swim.average_speed), "100y"));
    const athlete = await call(yards.server.client, "get_athlete");
    const settings = rows(athlete.data.sport_settings).find((row) => (row.sports as string[])[0] === "Swim");
    // The fake's swim threshold is 1.25 m/s: 91.44 / 1.25 = 73.2 s, 1:13 per 100 yards (not 13:20 /km).
    expect(settings?.threshold_pace).toBe("1:13 /100y");
  });

  it("a row: pace per 500 m, never km/h", async () => {
    const { fake, server } = await athleteWith({});
    const run = latest(fake, "Run");
    // A 1:50 /500m row (4.545 m/s), recorded like the fake's other activities.
    const row = { ...run, id: "i99000001", type: "Rowing", average_speed: 500 / 110, average_cadence: 26 };
    fake.store.activities.push(row);
    const details = await call(server.client, "get_activity_details", { activity_id: row.id });
    expect(details.data.pace).toBe("1:50 /500m");
    expect(details.data).not.toHaveProperty("speed_kmh");
    expect(details.data.cadence_strokes_min).toBe(26);
  });
});
