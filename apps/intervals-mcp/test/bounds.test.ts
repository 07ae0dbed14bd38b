import { addDays } from "@mcp-connectors/intervals-icu";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor } from "./helpers.js";

let fake: FakeIntervals;
let server: ConnectedClient;
let today: string;

beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 7 });
  today = fake.store.today;
  server = await connectClient({ transport: "stdio", script: BIN, env: envFor(fake) });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("event_id is read strictly", () => {
  it.each([["0x10"], [true], ["1e1"], [" 16"], [16.5], [0], ["-3"]])(
    "%j is refused, naming event_id, before any request",
    async (value) => {
      const before = fake.requests.length;
      const result = await call(server.client, "get_event_by_id", { event_id: value });
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(/event_id/);
      expect(fake.requests.length).toBe(before);
    },
  );

  it("a number or a string of digits reads the event", async () => {
    const event = [...fake.store.events.values()][0] as { id: number };
    for (const value of [event.id, String(event.id)]) {
      const result = await call(server.client, "get_event_by_id", { event_id: value });
      expect(result.isError, result.text).toBe(false);
      expect(result.data.id).toBe(event.id);
    }
  });
});

describe("date windows and lists are bounded", () => {
  it.each([
    ["get_activities", {}],
    ["get_events", {}],
    ["get_wellness_data", {}],
    ["get_fitness", {}],
  ])(
    "%s refuses a window of more than three years, naming start_date, before any request",
    async (tool, args) => {
      const before = fake.requests.length;
      const result = await call(server.client, tool, {
        ...args,
        start_date: "1900-01-01",
        end_date: "9999-12-31",
      });
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(
        /start_date: 1900-01-01 … 9999-12-31 spans \d+ days; one call reads at most 1096/,
      );
      expect(fake.requests.length).toBe(before);
    },
  );

  it("a window of exactly 1,096 days is read", async () => {
    const result = await call(server.client, "get_events", {
      start_date: addDays(today, -1_095),
      end_date: today,
    });
    expect(result.isError, result.text).toBe(false);
  });

  it("an end date far ahead with no start is refused by end_date", async () => {
    const result = await call(server.client, "get_events", { end_date: "9999-12-31" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/end_date: .* spans \d+ days/);
  });

  it("category lists name each category at most once", async () => {
    const repeated = await call(server.client, "get_events", {
      category: Array.from({ length: 10_000 }, () => "WORKOUT"),
    });
    expect(repeated.isError).toBe(true);
    expect(repeated.text).toMatch(/category/);
    const twice = await call(server.client, "get_events", { category: ["WORKOUT", "WORKOUT"] });
    expect(twice.isError).toBe(true);
    expect(twice.text).toMatch(/name each category once/);
    const fine = await call(server.client, "get_events", { category: ["WORKOUT", "NOTE"] });
    expect(fine.isError, fine.text).toBe(false);
  });
});
