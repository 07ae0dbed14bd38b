import { describe, expect, test } from "vitest";
import { z } from "zod";
import { parseAnswer } from "../src/answer.js";

const activity = z.object({ id: z.string(), laps: z.array(z.object({ watts: z.number() })).optional() });

describe("parseAnswer", () => {
  test("a valid answer comes back as the schema's output", async () => {
    const schema = activity.transform((value) => ({ ...value, checked: true }));
    expect(await parseAnswer('{"id":"i1"}', schema)).toEqual({
      ok: true,
      value: { id: "i1", checked: true },
    });
  });

  test("a missing or malformed field is named without row numbers, the full path kept in the problem", async () => {
    expect(await parseAnswer('{"id":"i1","laps":[{"watts":1},{"watts":"x"}]}', activity)).toEqual({
      ok: false,
      reason: "shape",
      field: "laps.watts",
      problem: expect.stringMatching(/^laps\.1\.watts: .*number/),
    });
    expect(await parseAnswer("[1]", activity)).toMatchObject({ ok: false, field: "(root)" });
  });

  test("a body that is not JSON is named for what it is, without echoing it", async () => {
    const page = "<!DOCTYPE html><title>Just a moment...</title> secret-token-123";
    expect(await parseAnswer(page, activity)).toEqual({
      ok: false,
      reason: "not_json",
      field: "(root)",
      problem: "not JSON (an HTML page)",
    });
    const broken = await parseAnswer('{"id": "secret-token-123', activity);
    expect(broken).toEqual({
      ok: false,
      reason: "not_json",
      field: "(root)",
      problem: "not JSON (malformed)",
    });
  });

  test('an empty body is read as "" (as ky does), so only a schema that allows it passes', async () => {
    expect(await parseAnswer("", z.unknown())).toEqual({ ok: true, value: "" });
    expect(await parseAnswer(" \n", activity)).toMatchObject({ ok: false, field: "(root)" });
  });

  test("an asynchronous schema is awaited", async () => {
    const slow = z.string().refine(async (value) => value === "yes", "must be yes");
    expect(await parseAnswer('"yes"', slow)).toEqual({ ok: true, value: "yes" });
    expect(await parseAnswer('"no"', slow)).toEqual({
      ok: false,
      reason: "shape",
      field: "(root)",
      problem: "(root): must be yes",
    });
  });
});
