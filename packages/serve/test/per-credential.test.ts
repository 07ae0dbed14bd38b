import { describe, expect, test } from "vitest";
import { perCredential } from "../src/per-credential.js";

describe("perCredential", () => {
  test("makes one value per credential and hands the same one back", () => {
    const made: string[] = [];
    const stateOf = perCredential((credential) => {
      made.push(credential);
      return { credential };
    });
    const first = stateOf("key-a");
    expect(stateOf("key-a")).toBe(first);
    expect(stateOf("key-b")).not.toBe(first);
    expect(stateOf("key-b").credential).toBe("key-b");
    expect(made).toEqual(["key-a", "key-b"]);
  });

  test("keeps the most recently used credentials and makes a forgotten one afresh", () => {
    let count = 0;
    const stateOf = perCredential(() => ++count, { kept: 2 });
    expect([stateOf("a"), stateOf("b")]).toEqual([1, 2]);
    expect(stateOf("a")).toBe(1); // a is now the newest, so c pushes out b
    expect(stateOf("c")).toBe(3);
    expect(stateOf("a")).toBe(1);
    expect(stateOf("b")).toBe(4); // b was forgotten; now c is the oldest and goes
    expect(stateOf("a")).toBe(1);
    expect(stateOf("c")).toBe(5);
  });

  test("a falsy value is kept like any other", () => {
    let count = 0;
    const stateOf = perCredential(() => (count++ === 0 ? 0 : 1));
    expect(stateOf("a")).toBe(0);
    expect(stateOf("a")).toBe(0);
  });

  test("refuses a size that keeps nothing", () => {
    expect(() => perCredential(() => 1, { kept: 0 })).toThrow(/kept must be a whole number above 0/);
  });
});
