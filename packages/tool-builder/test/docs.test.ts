import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { defineTool, renderToolTable, updateToolTable } from "../src/index.js";

/** Runs a script with Node to its exit, for a CLI's exit code and output. */
const runToExit = async (script: string, args: string[]) => {
  const run = spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

const tools = [
  defineTool({
    name: "get_things",
    title: "Get things",
    description: "Lists things | with a pipe.",
    input: z.object({ since: z.string(), limit: z.number().int().optional() }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: () => ({}),
  }),
  defineTool({
    name: "remove_thing",
    title: "Remove a thing",
    description: "Deletes one thing.",
    input: z.object({}),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    handler: () => ({}),
  }),
];

describe("tool reference table", () => {
  test("lists name, description, inputs with optional marks, and behaviour", () => {
    expect(renderToolTable(tools).split("\n")).toEqual([
      "| Tool | What it does | Inputs | Behaviour |",
      "| --- | --- | --- | --- |",
      "| `get_things` | **Get things.** Lists things \\| with a pipe. | `since` (string), `limit`? (integer) | read-only, open-world |",
      "| `remove_thing` | **Remove a thing.** Deletes one thing. | none | destructive, idempotent, open-world |",
    ]);
  });

  test("replaces only the text between the markers", () => {
    const readme = "# App\n\n<!-- tools:start -->\nold table\n<!-- tools:end -->\n\nMore.\n";
    const updated = updateToolTable(readme, tools);
    expect(updated.startsWith("# App\n\n<!-- tools:start -->\n| Tool |")).toBe(true);
    expect(updated.endsWith("<!-- tools:end -->\n\nMore.\n")).toBe(true);
    expect(updateToolTable(updated, tools)).toBe(updated);
    expect(() => updateToolTable("# no markers", tools)).toThrow(/needs a "<!-- tools:start -->" line/);
  });

  test("the mcp-tool-docs command writes the table, and --check fails while it is stale", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tool-docs-"));
    const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
    const module = join(dir, "tools.mjs");
    writeFileSync(
      module,
      `import { defineTool } from ${JSON.stringify(entry)};\nimport { z } from ${JSON.stringify(import.meta.resolve("zod"))};\n` +
        `export const tools = [defineTool({ name: "ping", title: "Ping", description: "Answers pong.", input: z.object({}), annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }, handler: () => ({}) })];\n`,
    );
    const readme = join(dir, "README.md");
    writeFileSync(readme, "<!-- tools:start -->\n<!-- tools:end -->\n");
    const cli = fileURLToPath(new URL("../dist/docs/cli.js", import.meta.url));
    const stale = await runToExit(cli, [module, readme, "--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/is stale/);
    expect((await runToExit(cli, [module, readme])).code).toBe(0);
    expect(readFileSync(readme, "utf8")).toContain("| `ping` | **Ping.** Answers pong. | none | read-only |");
    expect((await runToExit(cli, [module, readme, "--check"])).code).toBe(0);
  });
});
