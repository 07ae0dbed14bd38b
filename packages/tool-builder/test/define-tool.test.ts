import { describe, expect, test } from "vitest";
import { z } from "zod";
import { defineTool, selectTools } from "../src/index.js";

const hints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const base = {
  title: "A tool",
  description: "Does a thing.",
  input: z.object({}),
  annotations: hints,
  handler: () => ({}),
};

describe("defineTool", () => {
  test("accepts a complete definition", () => {
    expect(defineTool({ name: "get_things.v2-beta", ...base }).name).toBe("get_things.v2-beta");
  });

  test.each(["", "has space", "ü", "a/b", "x".repeat(129)])("rejects the name %j", (name) => {
    expect(() => defineTool({ name, ...base })).toThrow(/Tool name .* is invalid/);
  });

  test("accepts a 128-character name", () => {
    expect(() => defineTool({ name: "x".repeat(128), ...base })).not.toThrow();
  });

  test.each(["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"])(
    "requires %s to be stated",
    (hint) => {
      const annotations = { ...hints } as Record<string, boolean>;
      delete annotations[hint];
      expect(() => defineTool({ name: "t", ...base, annotations } as never)).toThrow(
        new RegExp(`must state every annotation hint.*missing: ${hint}`),
      );
    },
  );

  test("rejects a tool that is both read-only and destructive", () => {
    expect(() =>
      defineTool({ name: "t", ...base, annotations: { ...hints, destructiveHint: true } }),
    ).toThrow(/both read-only and destructive/);
  });

  test("requires a title and a description", () => {
    expect(() => defineTool({ name: "t", ...base, title: " " })).toThrow(/non-empty title/);
    expect(() => defineTool({ name: "t", ...base, description: "" })).toThrow(/non-empty description/);
  });
});

describe("selectTools", () => {
  const write = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };
  const destroy = { ...write, destructiveHint: true };
  const tools = [
    defineTool({ name: "read_b", ...base }),
    defineTool({ name: "write_a", ...base, annotations: write }),
    defineTool({ name: "delete_c", ...base, annotations: destroy }),
    defineTool({ name: "read_a", ...base }),
  ];
  const names = (selection: Parameters<typeof selectTools>[1]) =>
    selectTools(tools, selection).map((t) => t.name);

  test("orders tools by name and leaves destructive tools out by default", () => {
    expect(names({})).toEqual(["read_a", "read_b", "write_a"]);
  });

  test("offers destructive tools only when enabled", () => {
    expect(names({ enableDestructive: true })).toEqual(["delete_c", "read_a", "read_b", "write_a"]);
  });

  test("read-only mode keeps only read-only tools, even with destructive tools enabled", () => {
    expect(names({ readOnly: true, enableDestructive: true })).toEqual(["read_a", "read_b"]);
  });

  test("allow and deny lists filter by name", () => {
    expect(names({ allow: ["read_b", "write_a"] })).toEqual(["read_b", "write_a"]);
    expect(names({ deny: ["read_a"] })).toEqual(["read_b", "write_a"]);
    expect(names({ allow: ["delete_c"] })).toEqual([]);
  });

  test("an unknown name in a list is an error that lists the tools", () => {
    expect(() => names({ allow: ["raed_a"] })).toThrow(
      /Unknown tool "raed_a"; the tools are: delete_c, read_a/,
    );
    expect(() => names({ deny: ["nope"] })).toThrow(/Unknown tool "nope"/);
  });

  test("two tools with one name are rejected", () => {
    expect(() => selectTools([tools[0]!, tools[0]!])).toThrow(/Two tools are named "read_b"/);
  });
});
