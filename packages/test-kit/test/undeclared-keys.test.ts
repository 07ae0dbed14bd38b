import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type ObjectSchemaLike, undeclaredKeys } from "../src/undeclared-keys.js";

const schemaOf = (shape: z.ZodType) => z.toJSONSchema(shape, { io: "output" }) as ObjectSchemaLike;

describe("undeclaredKeys", () => {
  it("names the keys a placeholder schema lets through", () => {
    const placeholder = schemaOf(z.looseObject({ id: z.string() }));
    expect(undeclaredKeys({ id: "a", name: "Ride", watts: 200 }, placeholder)).toEqual(["name", "watts"]);
  });

  it("looks into arrays of objects, once per key", () => {
    const schema = schemaOf(
      z.object({ rows: z.array(z.looseObject({ id: z.string() })).optional(), total: z.number() }),
    );
    const value = {
      rows: [
        { id: "a", pace: "5:00/km" },
        { id: "b", pace: "4:50/km" },
      ],
      total: 2,
    };
    expect(undeclaredKeys(value, schema)).toEqual(["rows[].pace"]);
  });

  it("accepts a result the schema declares, and arrays of maps whatever their keys", () => {
    const schema = schemaOf(
      z.object({
        samples: z.array(z.record(z.string(), z.number())),
        best: z.array(z.object({ s: z.number() })),
      }),
    );
    expect(undeclaredKeys({ samples: [{ time: 0, watts: 150 }], best: [{ s: 5 }] }, schema)).toEqual([]);
  });
});
