// The TypeScript examples in the libraries' READMEs run as printed, against the built packages (installed
// in a blank folder by links, as node_modules would hold them) and the packages' fakes on loopback.
//
// Every ```ts block runs, unless the line above its fence marks it:
//   <!-- example: continues -->        runs after the README's previous example, in the same program
//   <!-- example: server -->           a server: started over stdio and asked for its tools by the SDK client
//   <!-- example: not run (reason) -->  a fragment that cannot run alone, with the reason
// An example that talks to the real API (a token from the environment, no base URL) reaches the package's fake
// instead (fixtures/redirect-to-fakes.mjs, loaded before it); the token variables hold the fakes' tokens.
import { execFile } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { root } from "./apps.ts";

const libraries = [
  "tool-builder",
  "serve",
  "oauth-server",
  "test-kit",
  "client-kit",
  "intervals-icu",
  "polar-metrics",
];

interface Program {
  /** README path and the line of each block's fence. */
  name: string;
  mode: "run" | "server";
  code: string;
}

/** The runnable programs of a README: each block, with the blocks that continue it appended. */
function programsOf(readme: string): { programs: Program[]; notRun: string[] } {
  const text = readFileSync(join(root, readme), "utf8");
  const programs: Program[] = [];
  const notRun: string[] = [];
  const fence = /^(?:<!-- example: (.+?) -->\n)?```(?:ts|typescript|js|javascript)\n([\s\S]*?)^```$/gm;
  for (const match of text.matchAll(fence)) {
    const line = text.slice(0, match.index + (match[1] ? match[0].indexOf("\n") + 1 : 0)).split("\n").length;
    const where = `${readme}:${line}`;
    const marker = match[1];
    const code = match[2] ?? "";
    if (marker === undefined || marker === "server") {
      programs.push({ name: where, mode: marker === "server" ? "server" : "run", code });
    } else if (marker === "continues") {
      const previous = programs.at(-1);
      if (previous?.mode !== "run")
        throw new Error(`${where} continues, but no runnable example comes before it.`);
      previous.name += ` + :${line}`;
      previous.code += `\n${code}`;
    } else if (/^not run \(.+\)$/.test(marker)) {
      notRun.push(where);
    } else {
      throw new Error(`${where}: unknown marker "${marker}" (continues, server or not run (reason)).`);
    }
  }
  return { programs, notRun };
}

const readmes = libraries.map((library) => join("packages", library, "README.md"));
const programs = readmes.flatMap((readme) => programsOf(readme).programs);

// Node 22.18 and later strip TypeScript types by default; earlier 22.x needs the flag.
const nodeFlags = (process.features as { typescript?: string | false }).typescript
  ? []
  : ["--experimental-strip-types"];
const folder = mkdtempSync(join(tmpdir(), "readme-examples-"));
const env: Record<string, string> = { PATH: process.env.PATH ?? "", NO_COLOR: "1" };
const fakes: Array<{ close(): Promise<void> }> = [];
/** What each example program printed, by name. */
const printed = new Map<string, string>();

// Built by the time tests run, not when the root is typechecked: hence paths TypeScript does not follow.
const distOf = (library: string, entry: string) => join(root, "packages", library, "dist", entry);

beforeAll(async () => {
  // A blank project whose node_modules holds the libraries and the packages the examples import.
  const modules = join(folder, "node_modules");
  mkdirSync(join(modules, "@mcp-connectors"), { recursive: true });
  mkdirSync(join(modules, "@modelcontextprotocol"), { recursive: true });
  for (const library of libraries)
    symlinkSync(join(root, "packages", library), join(modules, "@mcp-connectors", library), "dir");
  const toolBuilderModules = join(root, "packages", "tool-builder", "node_modules");
  symlinkSync(realpathSync(join(toolBuilderModules, "zod")), join(modules, "zod"), "dir");
  symlinkSync(
    realpathSync(join(toolBuilderModules, "@modelcontextprotocol", "sdk")),
    join(modules, "@modelcontextprotocol", "sdk"),
    "dir",
  );
  writeFileSync(join(folder, "package.json"), '{ "type": "module", "private": true }\n');

  const { startFakePolar } = (await import(distOf("polar-metrics", "testing/index.js"))) as {
    startFakePolar(options: {
      seed: number;
    }): Promise<{ url: string; token: string; close(): Promise<void> }>;
  };
  const { startFakeIntervals } = (await import(distOf("intervals-icu", "testing/index.js"))) as {
    startFakeIntervals(options: {
      seed: number;
      today: string;
    }): Promise<{ url: string; apiKey: string; close(): Promise<void> }>;
  };
  // The Polar fake's data runs up to now, as the real API's does; the Intervals.icu example asks for June 2025.
  const polar = await startFakePolar({ seed: 1 });
  const intervals = await startFakeIntervals({ seed: 42, today: "2025-07-01" });
  fakes.push(polar, intervals);
  env.POLAR_ACCESS_TOKEN = polar.token;
  env.INTERVALS_API_KEY = intervals.apiKey;
  env.README_EXAMPLE_FAKES = JSON.stringify({
    "https://api.polar.sh": polar.url,
    "https://intervals.icu/api/v1": intervals.url,
  });
});

afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.close()));
  rmSync(folder, { recursive: true, force: true });
});

const fileOf = (program: Program) =>
  join(folder, `${program.name.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "")}.ts`);

/** Runs a program with Node; resolves with its exit code and everything it printed. */
function run(file: string): Promise<{ code: number; output: string }> {
  const redirect = join(root, "repo-tests", "fixtures", "redirect-to-fakes.mjs");
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeFlags, "--import", redirect, file],
      { cwd: folder, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

test("the READMEs have examples, and every one that does not run says why", () => {
  expect(programs.length).toBeGreaterThanOrEqual(5);
  for (const readme of readmes) expect(programsOf(readme).programs.length, readme).toBeGreaterThan(0);
});

for (const program of programs) {
  test(`${program.name} ${program.mode === "server" ? "serves its tools over stdio" : "runs"}`, async () => {
    const file = fileOf(program);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, program.code);
    if (program.mode === "run") {
      const { code, output } = await run(file);
      expect(code, output).toBe(0);
      printed.set(program.name, output);
      return;
    }
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...nodeFlags, file],
      cwd: folder,
      env,
      stderr: "pipe",
    });
    const client = new Client({ name: "readme-examples", version: "0.0.0" });
    await client.connect(transport);
    try {
      // The tools it lists are the ones the example defines.
      const defined = [...program.code.matchAll(/defineTool\(\{\s*name: "([^"]+)"/g)].map(
        (match) => match[1],
      );
      const { tools } = await client.listTools();
      expect(defined.length).toBeGreaterThan(0);
      expect(tools.map((tool) => tool.name).sort()).toEqual(defined.sort());
    } finally {
      await client.close();
    }
  });
}

/** What the example program of `readme` whose code contains `text` printed. */
function outputOf(readme: string, text: string): string {
  const program = programs.find((entry) => entry.name.startsWith(readme) && entry.code.includes(text));
  if (!program) throw new Error(`${readme} has no example with ${text}`);
  const output = printed.get(program.name);
  if (output === undefined) throw new Error(`${program.name} did not run`);
  return output;
}

test("the Polar metrics example prints non-zero revenue", () => {
  const output = outputOf("packages/polar-metrics/README.md", "process.env.POLAR_ACCESS_TOKEN");
  const amounts = [...output.matchAll(/\$([\d,]+\.\d\d)/g)].map((match) =>
    Number(match[1]?.replace(/,/g, "")),
  );
  expect(amounts.length).toBeGreaterThan(20);
  expect(amounts.some((amount) => amount > 0)).toBe(true);
});

test("the Polar fake example prints the revenue and orders of its range, counted from the fake's store", async () => {
  const output = outputOf("packages/polar-metrics/README.md", "startFakePolar");
  const match = /(\d{4}-\d\d-\d\d) (\d{4}-\d\d-\d\d) \{ revenue: (\d+), orders: (\d+) \}/.exec(output);
  expect(match, output).not.toBeNull();
  const [, start, end, revenue, orders] = match ?? [];
  expect([start, end]).toEqual(["2025-05-16", "2025-06-14"]);
  const { generateStore } = (await import(distOf("polar-metrics", "testing/index.js"))) as {
    generateStore(seed: number, now: Date): { orders: Array<{ at: number; subtotal: number }> };
  };
  const inRange = generateStore(1, new Date("2025-06-15T12:00:00Z")).orders.filter(
    (order) =>
      order.at >= Date.parse("2025-05-16T00:00:00Z") && order.at < Date.parse("2025-06-15T00:00:00Z"),
  );
  expect(inRange.length).toBeGreaterThan(0);
  expect(Number(orders)).toBe(inRange.length);
  expect(Number(revenue)).toBe(inRange.reduce((sum, order) => sum + order.subtotal, 0));
});

test("the Intervals.icu quick example prints activities and the last day's fitness", () => {
  const output = outputOf("packages/intervals-icu/README.md", "process.env.INTERVALS_API_KEY");
  expect(output).toMatch(/^2025-06-\d\dT\S+ .+ \d/m);
  expect(output).toMatch(/Strava-synced activities are not available/);
  expect(output).toMatch(/date: '2025-06-30'/);
  expect(output).toMatch(/No such event/);
});
