import { toJsonSchemaCompat } from "@modelcontextprotocol/sdk/server/zod-json-schema-compat.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { compactSchema } from "../src/index.js";

const jsonOf = (schema: z.ZodType, io: "input" | "output") => {
  const { $schema: _ignored, ...rest } = toJsonSchemaCompat(schema as z.ZodObject, {
    strictUnions: true,
    pipeStrategy: io,
  }) as Record<string, unknown>;
  return rest;
};

const sample = z.object({
  id: z.number().int(),
  count: z.number().int().min(0),
  tags: z.record(z.string(), z.number()),
  extra: z.object({}).passthrough(),
  row: z.object({ name: z.string() }).passthrough(),
  strict: z.strictObject({ name: z.string() }),
  list: z.array(z.object({ at: z.string() })).optional(),
  either: z.union([z.object({ a: z.string() }), z.object({ b: z.number().int() })]).optional(),
});

describe("compactSchema", () => {
  test("leaves out what JSON Schema already implies, and nothing else, from an input schema", () => {
    const compacted = compactSchema(jsonOf(sample, "input"));
    const properties = compacted.properties as Record<string, Record<string, unknown>>;
    expect(properties.id).toEqual({ type: "integer" });
    expect(properties.count).toEqual({ type: "integer", minimum: 0 });
    expect(properties.tags).toEqual({ type: "object", additionalProperties: { type: "number" } });
    expect(properties.extra).toEqual({ type: "object" });
    expect(properties.row).toEqual({
      type: "object",
      properties: { name: { type: "string" } },
      required: ["name"],
    });
    // An input schema keeps what makes it strict: a client may check arguments against it.
    expect(properties.strict?.additionalProperties).toBe(false);
    expect(JSON.stringify(compacted)).not.toMatch(
      /9007199254740991|propertyNames|"additionalProperties":\{\}/,
    );
  });

  test("an output schema also loses additionalProperties: false, at every depth", () => {
    const compacted = compactSchema(jsonOf(sample, "output"), { output: true });
    expect(JSON.stringify(jsonOf(sample, "output"))).toContain('"additionalProperties":false');
    expect(JSON.stringify(compacted)).not.toContain('"additionalProperties":false');
    expect(compacted.required).toEqual(["id", "count", "tags", "extra", "row", "strict"]);
  });

  test("the root keeps an empty properties; data keywords are copied untouched", () => {
    const schema = {
      type: "object",
      properties: {},
      default: { additionalProperties: {}, propertyNames: { type: "string" } },
      enum: [{ maximum: Number.MAX_SAFE_INTEGER }],
    };
    expect(compactSchema(schema)).toEqual(schema);
  });

  test("is much smaller and accepts what the full input schema accepts, but for integers past 2^53", () => {
    const ajv = new AjvJsonSchemaValidator();
    const full = jsonOf(sample, "input");
    const compacted = compactSchema(full);
    expect(JSON.stringify(compacted).length).toBeLessThan(JSON.stringify(full).length * 0.8);
    const fullValid = ajv.getValidator(full);
    const compactValid = ajv.getValidator(compacted);
    // Tool arguments arrive as JSON, which has no NaN or Infinity.
    const jsonNumber = fc.double({ noNaN: true, noDefaultInfinity: true });
    const loose = fc.oneof(fc.integer(), jsonNumber, fc.string(), fc.boolean(), fc.constant(null));
    // Each field mostly valid, sometimes not, so that both outcomes are drawn often.
    const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
      fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: invalid, weight: 1 });
    const value = fc.record(
      {
        id: mostly(fc.integer(), fc.oneof(jsonNumber, fc.string(), fc.constant(2 ** 60))),
        count: mostly(fc.nat(), fc.oneof(fc.integer({ max: -1 }), fc.string())),
        tags: mostly(fc.dictionary(fc.string(), jsonNumber), fc.dictionary(fc.string(), loose)),
        extra: mostly(fc.dictionary(fc.string(), loose), loose),
        row: mostly(
          fc.record({ name: fc.string(), more: loose }, { requiredKeys: ["name"] }),
          fc.dictionary(fc.string(), loose),
        ),
        strict: mostly(fc.record({ name: fc.string() }), fc.record({ name: fc.string(), more: loose })),
        list: mostly(
          fc.array(fc.record({ at: fc.string() }), { maxLength: 3 }),
          fc.array(loose, { minLength: 1 }),
        ),
        either: mostly(
          fc.oneof(fc.record({ a: fc.string() }), fc.record({ b: fc.integer() })),
          fc.record({ b: jsonNumber }),
        ),
        surplus: loose,
      },
      { requiredKeys: ["id", "count", "tags", "extra", "row", "strict"] },
    );
    const unsafe = (candidate: unknown) =>
      JSON.stringify(candidate, (_key, item) =>
        Number.isInteger(item) && !Number.isSafeInteger(item) ? "unsafe" : item,
      ).includes('"unsafe"');
    let valid = 0;
    fc.assert(
      fc.property(value, (candidate) => {
        // zod's integer bounds are left out: JSON numbers past 2^53 are not exact anyway, and the server
        // still rejects them with its zod schema.
        fc.pre(!unsafe(candidate));
        const expected = fullValid(candidate).valid;
        if (expected) valid++;
        expect(compactValid(candidate).valid).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
    // The agreement above means something only if both valid and invalid values were drawn.
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(1_900);
  });

  test("an output schema accepts everything the full one does", () => {
    const ajv = new AjvJsonSchemaValidator();
    const fullValid = ajv.getValidator(jsonOf(sample, "output"));
    const compactValid = ajv.getValidator(compactSchema(jsonOf(sample, "output"), { output: true }));
    const result = {
      id: 1,
      count: 2,
      tags: { a: 1 },
      extra: { anything: [1] },
      row: { name: "x", more: true },
      strict: { name: "y" },
    };
    expect(fullValid(result).valid).toBe(true);
    expect(compactValid(result).valid).toBe(true);
    const withSurplus = { ...result, strict: { name: "y", surplus: 1 } };
    expect(fullValid(withSurplus).valid).toBe(false);
    expect(compactValid(withSurplus).valid).toBe(true);
  });
});
