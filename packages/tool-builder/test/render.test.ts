import { describe, expect, test } from "vitest";
import { createRedactor } from "../src/index.js";
import { boundText, describeTruncation, dropNulls, fitToBudget, renderCompactText } from "../src/render.js";

describe("dropNulls", () => {
  test("drops null and undefined keys at every depth, keeps falsy values and list positions", () => {
    expect(
      dropNulls({ a: null, b: 0, c: "", d: false, e: { f: undefined, g: [1, null, { h: null, i: 2 }] } }),
    ).toEqual({ b: 0, c: "", d: false, e: { g: [1, null, { i: 2 }] } });
  });
});

describe("renderCompactText", () => {
  test("renders scalars, nested objects, lists and tables", () => {
    const text = renderCompactText({
      athlete: "Ada",
      ftp_watts: 250,
      ratio: 0.123456789,
      zones: [1, 2, 3],
      totals: { rides: 3, distance_m: 120000 },
      rides: [
        { date: "2026-11-01", watts: 200 },
        { date: "2026-11-02", hr_bpm: 140 },
      ],
      empty: [],
    });
    expect(text.split("\n")).toEqual([
      "athlete: Ada",
      "ftp_watts: 250",
      "ratio: 0.123457",
      "zones: 1, 2, 3",
      "totals:",
      "  rides: 3",
      "  distance_m: 120000",
      "rides (2):",
      "  date | watts | hr_bpm",
      "  2026-11-01 | 200 | ",
      "  2026-11-02 |  | 140",
      "empty: none",
    ]);
  });
});

describe("fitToBudget", () => {
  const rows = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `activity number ${i}` }));

  test("leaves data that fits untouched", () => {
    const result = fitToBudget({ rows: rows.slice(0, 2) }, 10_000);
    expect(result).toEqual({ data: { rows: rows.slice(0, 2) }, truncated: {} });
  });

  test("shortens the largest list from its end until the JSON fits, and counts what it cut", () => {
    const data = { title: "x", rows, tags: ["a", "b"] };
    const { data: fitted, truncated } = fitToBudget(data, 1000);
    expect(JSON.stringify(fitted).length).toBeLessThanOrEqual(1000);
    expect(fitted.rows.length + (truncated.rows ?? 0)).toBe(100);
    expect(fitted.rows[0]).toEqual(rows[0]);
    expect(fitted.tags).toEqual(["a", "b"]);
    expect(data.rows).toHaveLength(100);
  });

  test("describes what was cut", () => {
    expect(describeTruncation({ rows: 12 })).toBe("truncated: 12 more rows (narrow the request to see them)");
    expect(describeTruncation({})).toBe("");
  });
});

describe("createRedactor", () => {
  const secret = "canary-secret-7f3a9c";

  test("scrubs the secret and its URL-encoded and Base64 forms", () => {
    const redact = createRedactor([secret]);
    const text = `a ${secret} b ${encodeURIComponent(`${secret}/`)} c ${Buffer.from(secret).toString("base64")}`;
    expect(redact(text)).not.toContain(secret);
    expect(redact(text)).not.toContain(Buffer.from(secret).toString("base64").replace(/=+$/, ""));
  });

  test("ignores empty and very short values, which would mangle ordinary text", () => {
    const redact = createRedactor(["", undefined, "abc"]);
    expect(redact("abc def")).toBe("abc def");
  });

  test("with() adds secrets without changing the original", () => {
    const redact = createRedactor([secret]);
    const both = redact.with("another-secret-1234");
    expect(both(`${secret} another-secret-1234`)).toBe("[redacted] [redacted]");
    expect(redact("another-secret-1234")).toBe("another-secret-1234");
  });
});

describe("fitToBudget with long strings", () => {
  test("cuts the longest strings when no list is left to shorten, and says by how much", () => {
    const data = { title: "short", note: { body: "n".repeat(5_000) }, summary: "s".repeat(3_000) };
    const { data: fitted, truncated } = fitToBudget(data, 2_000);
    expect(JSON.stringify(fitted).length).toBeLessThanOrEqual(2_000);
    expect(fitted.title).toBe("short");
    expect(fitted.note.body).toMatch(/^n+…$/);
    expect(fitted.summary).toMatch(/^s+…$/);
    expect(truncated["note.body characters"]).toBe(5_000 - (fitted.note.body.length - 1));
    expect(describeTruncation(truncated)).toMatch(/more note\.body characters, \d+ more summary characters/);
    expect(data.note.body).toHaveLength(5_000);
  });

  test("boundText cuts a text to the budget and says how much it left out", () => {
    const text = boundText("x".repeat(50_000), 20_000);
    expect(text.length).toBeLessThanOrEqual(20_000);
    const cut = Number(/cut: (\d+) more characters/.exec(text)?.[1]);
    expect(cut + text.indexOf("\n…")).toBe(50_000);
  });
});
