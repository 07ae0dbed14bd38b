import { runInNewContext } from "node:vm";
import { expect, test } from "vitest";
import { collectStartupGarbage } from "../src/startup/settle.js";

test("the startup collection runs without leaving gc exposed to the app or to later contexts", async () => {
  const before = process.memoryUsage().heapUsed;
  // Garbage the collection can take back.
  let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, index) => ({ index }));
  expect(garbage).toHaveLength(200_000);
  garbage = undefined;
  const grown = process.memoryUsage().heapUsed;
  collectStartupGarbage(0);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(process.memoryUsage().heapUsed).toBeLessThan(grown);
  expect(grown).toBeGreaterThan(before);
  expect("gc" in globalThis).toBe(false);
  expect(runInNewContext("typeof gc")).toBe("undefined");
});
