import { addDays, createIntervalsClient, isUnavailableActivity } from "@mcp-connectors/intervals-icu";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor, fakeModes, type Row, rows } from "./helpers.js";

describe.each(fakeModes)("against the $name fake", ({ strict }) => {
  let fake: FakeIntervals;
  let server: ConnectedClient;
  let today: string;

  type Json = Record<string, unknown>;
  const day = (record: Json) => String(record.start_date_local).slice(0, 10);

  beforeAll(async () => {
    fake = await startFakeIntervals({ seed: 7, strict });
    today = fake.store.today;
    server = await connectClient({ transport: "stdio", script: BIN, env: envFor(fake) });
  });

  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  /** Activities of the fake in a window, newest first, as the API holds them. */
  function storedActivities(oldest: string, newest: string) {
    const inWindow = fake.store.activities.filter((a) => day(a) >= oldest && day(a) <= newest);
    return {
      readable: inWindow.filter((a) => a.source !== "STRAVA").reverse(),
      strava: inWindow.filter((a) => a.source === "STRAVA"),
    };
  }

  describe("get_activities", () => {
    it("lists the last 30 days by default, newest first, and counts Strava stubs", async () => {
      const result = await call(server.client, "get_activities", { limit: 500 });
      expect(result.isError).toBe(false);
      expect(result.data.start_date).toBe(addDays(today, -30));
      expect(result.data.end_date).toBe(today);
      const expected = storedActivities(addDays(today, -30), today);
      expect(rows(result.data.activities).map((row) => row.id)).toEqual(expected.readable.map((a) => a.id));
      expect(expected.strava.length).toBeGreaterThan(0);
      expect(result.data.strava_unavailable).toBe(expected.strava.length);
      expect(result.text).toMatch(
        /Strava-synced activities are not available through the Intervals\.icu API/,
      );
      expect(result.text).not.toMatch(/N\/A/);
    });

    it("names id first in its fields, so it works when the API honours fields literally", async () => {
      const result = await call(server.client, "get_activities", { limit: 5 });
      expect(result.isError).toBe(false);
      const sent = fake.requests.filter((request) => request.route === "listActivities").at(-1);
      expect(sent?.query.fields?.split(",")[0]).toBe("id");
      const listed = rows(result.data.activities);
      expect(listed).toHaveLength(5);
      for (const row of listed) expect(row.id).toMatch(/^i\d+$/);
    });

    it("returns 30 rows by default and says how many more there are", async () => {
      const result = await call(server.client, "get_activities", { start_date: addDays(today, -90) });
      const expected = storedActivities(addDays(today, -90), today).readable;
      expect(rows(result.data.activities)).toHaveLength(30);
      expect(result.data.more).toBe(expected.length - 30);
    });

    it("never shows an activity outside the window, even when the API sends one", async () => {
      const quirky = await startFakeIntervals({ seed: 7, strict, quirks: { activitiesOutsideWindow: true } });
      const other = await connectClient({ transport: "stdio", script: BIN, env: envFor(quirky) });
      try {
        const start = addDays(today, -20);
        const end = addDays(today, -10);
        const result = await call(other.client, "get_activities", { start_date: start, end_date: end });
        const listed = rows(result.data.activities);
        expect(listed.length).toBeGreaterThan(0);
        for (const row of listed)
          expect(String(row.start).slice(0, 10) >= start && String(row.start).slice(0, 10) <= end).toBe(true);
        expect(listed.map((row) => row.id)).toEqual(storedActivities(start, end).readable.map((a) => a.id));
      } finally {
        await other.close();
        await quirky.close();
      }
    });

    it("shows a row's values in explicit units, and filters by sport", async () => {
      const result = await call(server.client, "get_activities", { sport: "Run", limit: 500 });
      const listed = rows(result.data.activities);
      const runs = storedActivities(addDays(today, -30), today).readable.filter((a) => a.type === "Run");
      expect(listed.map((row) => row.id)).toEqual(runs.map((a) => a.id));
      const first = runs[0] as Json;
      expect(listed[0]).toMatchObject({
        sport: "Run",
        duration_s: first.moving_time,
        distance_m: Math.round(Number(first.distance)),
        avg_hr_bpm: Math.round(Number(first.average_heartrate)),
        pace: expect.stringMatching(/^\d+:\d\d \/km$/),
      });
      const rides = await call(server.client, "get_activities", { sport: "Ride", limit: 500 });
      const types = new Set(rows(rides.data.activities).map((row) => row.sport));
      expect([...types].every((type) => String(type).endsWith("Ride"))).toBe(true);
      expect(rows(rides.data.activities)[0]).toHaveProperty("speed_kmh");
    });

    it("lists Strava stubs only as a count even when unnamed activities are included", async () => {
      const result = await call(server.client, "get_activities", { include_unnamed: true, limit: 500 });
      const ids = rows(result.data.activities).map((row) => row.id);
      for (const stub of storedActivities(addDays(today, -30), today).strava)
        expect(ids).not.toContain(stub.id);
    });
  });

  describe("get_activity_details, get_activity_intervals and get_activity_streams", () => {
    const rideOf = () =>
      [...fake.store.activities].reverse().find((a) => a.type === "Ride" && a.source !== "STRAVA") as Json;
    const stubOf = () => fake.store.activities.find((a) => a.source === "STRAVA") as Json;

    it("details an activity with its gear name and time in zones", async () => {
      const ride = rideOf();
      const result = await call(server.client, "get_activity_details", { activity_id: ride.id });
      expect(result.isError).toBe(false);
      const gear = fake.store.gear.find((g) => g.id === (ride.gear as Json).id) as Json;
      expect(result.data).toMatchObject({
        id: ride.id,
        available: true,
        name: ride.name,
        duration_s: ride.moving_time,
        np_watts: ride.icu_weighted_avg_watts,
        load: ride.icu_training_load,
        gear: gear.name,
      });
      expect(Object.keys(result.data.power_zones_s as Json).length).toBeGreaterThan(0);
    });

    it("explains that a Strava-synced activity is not available", async () => {
      const stub = stubOf();
      for (const tool of ["get_activity_details", "get_activity_intervals", "get_activity_streams"]) {
        const result = await call(server.client, tool, { activity_id: stub.id });
        expect(result.isError).toBe(false);
        expect(result.data).toMatchObject({ id: stub.id, available: false, source: "STRAVA" });
        expect(result.text).toMatch(/synced from Strava/);
      }
    });

    it("lists intervals and groups as the API holds them", async () => {
      const ride = rideOf();
      const direct = createIntervalsClient({ apiKey: fake.apiKey, baseUrl: fake.url });
      const raw = await direct.activities.intervals(String(ride.id));
      if (isUnavailableActivity(raw)) throw new Error("expected intervals");
      const result = await call(server.client, "get_activity_intervals", { activity_id: ride.id });
      const intervals = rows(result.data.intervals);
      expect(intervals).toHaveLength(raw.icu_intervals.length);
      expect(intervals.map((row) => row.avg_watts)).toEqual(raw.icu_intervals.map((i) => i.average_watts));
      expect(intervals.map((row) => row.duration_s)).toEqual(raw.icu_intervals.map((i) => i.moving_time));
      expect(rows(result.data.groups)).toHaveLength(raw.icu_groups.length);
      expect(intervals[0]).toHaveProperty("speed_kmh");
    });

    it("thins streams to max_points and keeps the peak", async () => {
      const ride = rideOf();
      const direct = createIntervalsClient({ apiKey: fake.apiKey, baseUrl: fake.url });
      const raw = await direct.activities.streams(String(ride.id), { types: ["time", "watts"] });
      if (isUnavailableActivity(raw)) throw new Error("expected streams");
      const peak = Math.max(...(raw.find((s) => s.type === "watts")?.data.map(Number) ?? []));
      const result = await call(server.client, "get_activity_streams", {
        activity_id: ride.id,
        types: ["time", "watts"],
        max_points: 50,
      });
      const samples = rows(result.data.samples);
      expect(samples.length).toBeLessThanOrEqual(50);
      expect(samples.length).toBeGreaterThan(10);
      expect(Math.max(...samples.map((s) => Number(s.watts)))).toBe(peak);
      expect(result.data.recorded_samples).toBe(raw[0]?.data.length);
      expect(result.data.units).toEqual({ time: "s", watts: "W" });

      const byDefault = await call(server.client, "get_activity_streams", { activity_id: ride.id });
      expect(rows(byDefault.data.samples).length).toBeLessThanOrEqual(120);
      expect(Object.keys(rows(byDefault.data.samples)[5] ?? {})).toEqual(
        expect.arrayContaining(["time", "watts", "heartrate"]),
      );
    });
  });

  describe("wellness and fitness", () => {
    it("groups the last 7 days of wellness, showing only values present", async () => {
      const result = await call(server.client, "get_wellness_data");
      expect(result.data.start_date).toBe(addDays(today, -7));
      const days = rows(result.data.days);
      expect(days).toHaveLength(8);
      const last = days.at(-1) as Row;
      const stored = fake.store.wellness.get(today) as Json;
      expect(last.date).toBe(today);
      expect(last.vitals).toMatchObject({ resting_hr_bpm: stored.restingHR });
      expect((last.body as Json).weight_kg).toBe(Math.round(Number(stored.weight) * 10) / 10);
      expect(JSON.stringify(result.data)).not.toContain("null");
    });

    it("returns only the groups asked for", async () => {
      const result = await call(server.client, "get_wellness_data", {
        start_date: addDays(today, -2),
        end_date: today,
        fields: ["sleep"],
      });
      for (const entry of rows(result.data.days))
        expect(Object.keys(entry).sort()).toEqual(["date", "sleep"]);
    });

    it("reports CTL, ATL and form per day with a trend", async () => {
      const result = await call(server.client, "get_fitness");
      expect(result.data.start_date).toBe(addDays(today, -42));
      const days = rows(result.data.days);
      expect(days).toHaveLength(43);
      const stored = fake.store.wellness.get(today) as Json;
      const last = days.at(-1) as Row;
      expect(last.ctl).toBeCloseTo(Number(stored.ctl), 1);
      expect(last.atl).toBeCloseTo(Number(stored.atl), 1);
      expect(last.form).toBeCloseTo(Number(stored.ctl) - Number(stored.atl), 0);
      expect(result.data.trend).toMatch(/^Fitness (rose|fell|held steady)/);
    });
  });

  describe("calendar, athlete and curves", () => {
    it("lists events from today to two weeks ahead, filtered by category", async () => {
      const result = await call(server.client, "get_events");
      expect([result.data.start_date, result.data.end_date]).toEqual([today, addDays(today, 14)]);
      const expected = [...fake.store.events.values()]
        .filter((e) => day(e) >= today && day(e) <= addDays(today, 14))
        .map((e) => e.id);
      expect(
        rows(result.data.events)
          .map((e) => e.id)
          .sort(),
      ).toEqual(expected.sort());
      const notes = await call(server.client, "get_events", { category: ["NOTE"] });
      expect(rows(notes.data.events).every((e) => e.category === "NOTE")).toBe(true);
      expect(rows(notes.data.events).length).toBeGreaterThan(0);
    });

    it("reads one event by id, and says clearly when there is none", async () => {
      const workout = [...fake.store.events.values()].find(
        (e) => e.category === "WORKOUT" && day(e) > today,
      ) as Json;
      const result = await call(server.client, "get_event_by_id", { event_id: workout.id });
      expect(result.data).toMatchObject({
        id: workout.id,
        name: workout.name,
        description: workout.description,
      });
      const missing = await call(server.client, "get_event_by_id", { event_id: 1 });
      expect(missing.isError).toBe(true);
      expect(missing.text).toMatch(/^Intervals\.icu has no such item .*check the id/);
    });

    it("shows the athlete's thresholds and never the API key", async () => {
      const result = await call(server.client, "get_athlete");
      const profile = fake.store.profile;
      expect(result.data).toMatchObject({ id: profile.id, timezone: profile.timezone });
      const settings = rows(result.data.sport_settings);
      expect(settings[0]).toMatchObject({
        ftp_watts: profile.ftp,
        lthr_bpm: profile.lthr,
        max_hr_bpm: profile.maxHr,
      });
      expect(settings[1]?.threshold_pace).toBe("4:30 /km");
      expect(result.text + JSON.stringify(result.data)).not.toContain(fake.apiKey);
    });

    it("reads power, heart-rate and pace curves at standard points", async () => {
      const power = await call(server.client, "get_power_curves");
      expect(power.data).toMatchObject({ sport: "Ride", period: "90d" });
      const best = rows(power.data.best);
      expect(best.map((p) => p.duration_s)).toEqual([5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600]);
      const watts = best.map((p) => Number(p.watts));
      expect(watts).toEqual([...watts].sort((a, b) => b - a));
      const hr = await call(server.client, "get_hr_curves", { durations: [60, 600] });
      expect(rows(hr.data.best).map((p) => p.duration_s)).toEqual([60, 600]);
      const pace = await call(server.client, "get_pace_curves", { start_date: addDays(today, -60) });
      expect(pace.data.period).toBe(`r.${addDays(today, -60)}.${today}`);
      expect(rows(pace.data.best)[0]).toMatchObject({
        distance_m: 400,
        pace: expect.stringMatching(/\/km$/),
      });
    });
  });

  describe("bad input", () => {
    const cases: Array<[tool: string, args: Json, field: string]> = [
      ["get_activities", { start_date: "2025-02-30" }, "start_date"],
      ["get_activities", { limit: 501 }, "limit"],
      ["get_activities", { start_date: "2025-06-10", end_date: "2025-06-01" }, "end_date"],
      ["get_activity_details", { activity_id: "../etc" }, "activity_id"],
      ["get_activity_intervals", {}, "activity_id"],
      ["get_activity_streams", { activity_id: "i1", max_points: 5 }, "max_points"],
      ["get_wellness_data", { fields: ["blood"] }, "fields"],
      ["get_fitness", { end_date: "yesterday" }, "end_date"],
      ["get_events", { category: ["PARTY"] }, "category"],
      ["get_event_by_id", { event_id: "abc" }, "event_id"],
      ["get_athlete", { athlete_id: "bob" }, "athlete_id"],
      ["get_power_curves", { durations: [0] }, "durations"],
      ["get_pace_curves", { period: "2w" }, "period"],
      ["get_hr_curves", { sport: "Ride; DROP" }, "sport"],
    ];
    it.each(cases)("%s %j names %s", async (tool, args, field) => {
      const result = await call(server.client, tool, args);
      expect(result.isError).toBe(true);
      expect(result.text).toContain(field);
      expect(result.text).not.toMatch(/at .*\.js:\d+/);
    });
  });

  describe("time zones", () => {
    it("defaults windows to the athlete's local today, wherever the server runs", async () => {
      // UTC+14 and UTC−11: at any moment at least one of them is on a different date than UTC.
      const utcToday = new Date().toISOString().slice(0, 10);
      const todays: string[] = [];
      for (const timezone of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
        const zoned = await startFakeIntervals({ seed: 7, strict, athlete: { timezone } });
        const other = await connectClient({ transport: "stdio", script: BIN, env: envFor(zoned) });
        try {
          const result = await call(other.client, "get_events");
          expect(result.data.start_date).toBe(zoned.store.today);
          todays.push(String(result.data.start_date));
        } finally {
          await other.close();
          await zoned.close();
        }
      }
      expect(todays.some((date) => date !== utcToday)).toBe(true);
    });
  });
});
