import { addDays } from "@mcp-connectors/intervals-icu";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor, fakeModes } from "./helpers.js";

describe.each(fakeModes)("against the $name fake", ({ strict }) => {
  let fake: FakeIntervals;
  let server: ConnectedClient;

  beforeAll(async () => {
    fake = await startFakeIntervals({ seed: 11, strict });
    server = await connectClient({
      transport: "stdio",
      script: BIN,
      args: ["--enable-destructive"],
      env: envFor(fake),
    });
  });

  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  describe("add_or_update_event", () => {
    const date = () => addDays(fake.store.today, 3);
    const workout = () => ({
      date: date(),
      name: "Threshold 3x10",
      sport: "Ride",
      description: "- 10m 60%\n\n3x\n- 10m 100%\n- 5m 55%\n\n- 10m 55%",
      load: 85,
    });

    it("creates a planned workout and returns the stored event", async () => {
      const result = await call(server.client, "add_or_update_event", workout());
      expect(result.isError).toBe(false);
      const event = result.data.event as Record<string, unknown>;
      const stored = fake.store.events.get(Number(event.id));
      expect(stored).toMatchObject({
        category: "WORKOUT",
        name: "Threshold 3x10",
        type: "Ride",
        start_date_local: `${date()}T00:00:00`,
        icu_training_load: 85,
      });
      expect(event).toMatchObject({ date: date(), category: "WORKOUT", load: 85, duration_s: 3900 });
    });

    it("is idempotent: the same call again updates the same event", async () => {
      const before = fake.store.events.size;
      const first = await call(server.client, "add_or_update_event", workout());
      const again = await call(server.client, "add_or_update_event", { ...workout(), load: 90 });
      expect(fake.store.events.size).toBe(before);
      expect((again.data.event as { id: number }).id).toBe((first.data.event as { id: number }).id);
      expect(fake.store.events.get((again.data.event as { id: number }).id)?.icu_training_load).toBe(90);
    });

    it("updates an existing event by event_id", async () => {
      const note = [...fake.store.events.values()].find((e) => e.category === "NOTE") as { id: number };
      const result = await call(server.client, "add_or_update_event", {
        event_id: note.id,
        date: date(),
        category: "NOTE",
        name: "Travel day",
        description: "Rest.",
      });
      expect(result.isError).toBe(false);
      expect(fake.store.events.get(note.id)).toMatchObject({ name: "Travel day", description: "Rest." });
    });

    it("refuses a workout without a sport, naming the field", async () => {
      const result = await call(server.client, "add_or_update_event", { date: date(), name: "Mystery" });
      expect(result.isError).toBe(true);
      expect(result.text).toBe("Invalid sport: a WORKOUT needs a sport such as Ride, Run or Swim.");
    });

    it("refuses a bad category or date, naming the field", async () => {
      const category = await call(server.client, "add_or_update_event", { ...workout(), category: "PARTY" });
      expect([category.isError, category.text]).toEqual([true, expect.stringContaining("category")]);
      const day = await call(server.client, "add_or_update_event", { ...workout(), date: "03/06/2025" });
      expect([day.isError, day.text]).toEqual([true, expect.stringContaining("date")]);
    });
  });

  describe("update_wellness", () => {
    it("writes only the values given and returns the day", async () => {
      const date = addDays(fake.store.today, -1);
      const before = { ...fake.store.wellness.get(date) };
      const result = await call(server.client, "update_wellness", {
        date,
        weight: 70.4,
        sleep_hours: 7.5,
        soreness: 3,
        comments: "Tired legs",
      });
      expect(result.isError).toBe(false);
      const stored = fake.store.wellness.get(date) as Record<string, unknown>;
      expect(stored).toMatchObject({ weight: 70.4, sleepSecs: 27_000, soreness: 3, comments: "Tired legs" });
      expect(stored.restingHR).toBe(before.restingHR);
      expect(result.data).toMatchObject({
        date,
        body: expect.objectContaining({ weight_kg: 70.4 }),
        sleep: expect.objectContaining({ sleep_hours: 7.5 }),
        comments: "Tired legs",
      });
    });

    it("asks for at least one value, and names a bad one", async () => {
      const nothing = await call(server.client, "update_wellness", { date: fake.store.today });
      expect(nothing).toMatchObject({
        isError: true,
        text: expect.stringMatching(/^Invalid values: give at least one/),
      });
      const bad = await call(server.client, "update_wellness", { date: fake.store.today, mood: 9 });
      expect([bad.isError, bad.text]).toEqual([true, expect.stringContaining("mood")]);
    });
  });

  describe("delete_event", () => {
    it("deletes one event and says which", async () => {
      const race = [...fake.store.events.values()].find((e) => e.category === "RACE_B") as {
        id: number;
        name: string;
      };
      const result = await call(server.client, "delete_event", { event_id: race.id });
      expect(result.isError).toBe(false);
      expect(result.data.deleted).toMatchObject({ id: race.id, name: race.name });
      expect(fake.store.events.has(race.id)).toBe(false);
      const again = await call(server.client, "delete_event", { event_id: race.id });
      expect([again.isError, again.text]).toEqual([true, expect.stringMatching(/no such item/)]);
    });

    it("rejects a non-numeric id, naming the field", async () => {
      const result = await call(server.client, "delete_event", { event_id: "all" });
      expect([result.isError, result.text]).toEqual([true, expect.stringContaining("event_id")]);
    });
  });
});
