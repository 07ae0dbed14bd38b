import { addDays } from "@mcp-connectors/intervals-icu";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor, type Row, rows } from "./helpers.js";

type Json = Record<string, unknown>;

let fake: FakeIntervals;
let server: ConnectedClient;
let today: string;

beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 7, strict: true });
  today = fake.store.today;
  server = await connectClient({ transport: "stdio", script: BIN, env: envFor(fake) });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("form, defined", () => {
  it("is the same day's CTL − ATL, in points and as % of that CTL, and says so", async () => {
    const result = await call(server.client, "get_fitness", {
      start_date: addDays(today, -10),
      end_date: today,
    });
    expect(result.data.form_convention).toMatch(/same day's CTL − ATL, both after that day's load/);
    expect(result.text).toMatch(/same day's CTL − ATL/);
    for (const day of rows(result.data.days)) {
      const stored = fake.store.wellness.get(String(day.date)) as Json;
      const form = Number(stored.ctl) - Number(stored.atl);
      expect(day.form).toBeCloseTo(form, 0);
      expect(day.form_pct).toBe(Math.round((form / Number(stored.ctl)) * 100) || 0);
    }
    // Not yesterday's values (TrainingPeaks' TSB): on a training day the two differ.
    const shifted = rows(result.data.days).some((day, index, all) => {
      const previous = all[index - 1];
      return (
        previous !== undefined &&
        Math.abs(Number(day.form) - (Number(previous.ctl) - Number(previous.atl))) > 1
      );
    });
    expect(shifted).toBe(true);
  });

  it.each([
    [false, "points", "transition"],
    [true, "percent", "fresh"],
  ] as const)("icu_form_as_percent %s: zone in %s, here %s", async (asPercent, basis, zone) => {
    const other = await startFakeIntervals({ seed: 7 });
    other.store.athlete.icu_form_as_percent = asPercent;
    // CTL 200, ATL 170: +30 points (transition: above 25) but +15 % of CTL (fresh: 5 to 20 %).
    Object.assign(other.store.wellness.get(other.store.today) as Json, { ctl: 200, atl: 170 });
    const otherServer = await connectClient({ transport: "stdio", script: BIN, env: envFor(other) });
    try {
      const result = await call(otherServer.client, "get_fitness", { start_date: other.store.today });
      expect(result.data).toMatchObject({ form_zone_basis: basis, form_zone: zone });
      expect(rows(result.data.days)[0]).toMatchObject({ form: 30, form_pct: 15 });
    } finally {
      await otherServer.close();
      await other.close();
    }
  });
});

describe("project_to", () => {
  it("projects CTL/ATL/form over the planned week like a hand-computed 42/7-day EWMA", async () => {
    const until = addDays(today, 7);
    const result = await call(server.client, "get_fitness", { project_to: until });
    expect(result.isError).toBe(false);
    const projection = result.data.projection as { from: string; assumption: string; days: Row[] };
    expect(projection.from).toBe(today);
    expect(projection.assumption).toMatch(/planned load.*rest/);

    // Worked out here from the fake's own records: start from today's CTL/ATL, add each day's planned load.
    const start = fake.store.wellness.get(today) as Json;
    let ctl = Number(start.ctl);
    let atl = Number(start.atl);
    const expected: Row[] = [];
    for (let offset = 1; offset <= 7; offset += 1) {
      const date = addDays(today, offset);
      const load = [...fake.store.events.values()]
        .filter((event) => String(event.start_date_local).slice(0, 10) === date)
        .reduce(
          (sum, event) => sum + (typeof event.icu_training_load === "number" ? event.icu_training_load : 0),
          0,
        );
      ctl += (load - ctl) * (1 - Math.exp(-1 / 42));
      atl += (load - atl) * (1 - Math.exp(-1 / 7));
      expected.push({ date, load, ctl, atl });
    }
    expect(expected.some((day) => Number(day.load) > 0)).toBe(true);
    expect(projection.days.map((day) => day.date)).toEqual(expected.map((day) => day.date));
    projection.days.forEach((day, index) => {
      const want = expected[index] as Row;
      expect(day.planned_load).toBe(Math.round(Number(want.load)));
      expect(day.ctl).toBeCloseTo(Number(want.ctl), 1);
      expect(day.atl).toBeCloseTo(Number(want.atl), 1);
      expect(Number(day.form)).toBeCloseTo(Number(want.ctl) - Number(want.atl), 0);
    });
  });

  it("refuses a date that is not ahead, naming project_to", async () => {
    const result = await call(server.client, "get_fitness", { project_to: today });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/project_to/);
  });
});
