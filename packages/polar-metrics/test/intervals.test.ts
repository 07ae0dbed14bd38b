import { describe, expect, test } from "vitest";
import { chooseInterval, MAX_SPAN_DAYS, splitRange } from "../src/index.js";

describe("chooseInterval", () => {
  test.each([
    ["2025-03-19", "2025-03-19", "hour"],
    ["2025-03-18", "2025-03-19", "hour"],
    ["2025-03-01", "2025-03-31", "day"],
    ["2024-12-19", "2025-03-18", "day"],
    ["2024-03-19", "2025-03-18", "week"],
    ["2023-01-01", "2025-03-19", "month"],
    ["2023-01-01", "2030-01-01", "year"],
  ])("%s to %s → %s", (start, end, interval) => {
    expect(chooseInterval(start, end)).toBe(interval);
  });

  test("the chosen interval always fits the API's span limit", () => {
    for (let days = 0; days < 3000; days += 7) {
      const end = new Date(Date.UTC(2023, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
      expect(days).toBeLessThanOrEqual(MAX_SPAN_DAYS[chooseInterval("2023-01-01", end)]);
    }
  });
});

describe("splitRange", () => {
  test("a range inside the limit is one chunk", () => {
    expect(splitRange("2024-01-01", "2024-12-31", "day")).toEqual([
      { start: "2024-01-01", end: "2024-12-31" },
    ]);
  });

  test("daily ranges longer than 366 days are split into adjacent chunks", () => {
    const chunks = splitRange("2023-01-01", "2025-03-19", "day");
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toEqual({ start: "2023-01-01", end: "2024-01-02" });
    expect(chunks[1]?.start).toBe("2024-01-03");
    expect(chunks.at(-1)?.end).toBe("2025-03-19");
  });

  test("weekly chunks start on a Monday so no week is cut", () => {
    const chunks = splitRange("2023-01-04", "2025-03-19", "week");
    for (const chunk of chunks.slice(1)) expect(new Date(`${chunk.start}T00:00:00Z`).getUTCDay()).toBe(1);
    for (const chunk of chunks) {
      expect((Date.parse(chunk.end) - Date.parse(chunk.start)) / 86_400_000).toBeLessThanOrEqual(
        MAX_SPAN_DAYS.week,
      );
    }
  });

  test("hourly chunks cover a month in 7-day spans", () => {
    const chunks = splitRange("2025-02-01", "2025-02-28", "hour");
    expect(chunks.map((chunk) => chunk.start)).toEqual([
      "2025-02-01",
      "2025-02-09",
      "2025-02-17",
      "2025-02-25",
    ]);
  });

  test("monthly chunks start on the 1st", () => {
    const chunks = splitRange("2023-01-15", "2030-06-30", "month");
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks.slice(1)) expect(chunk.start.endsWith("-01")).toBe(true);
  });
});
