// Embedding the tool-builder in your own server: the packed tarball installed by npm in a blank folder with
// only its peers, at the lowest versions its peer ranges allow and at the newest, runs the SDK v1 and v2
// examples and brings neither serving nor the OAuth server along; an SDK below the range is refused at
// registration naming the versions; the test kit's types compile without the optional fast-check.
import { spawnSync } from "node:child_process";
import { copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { readJson, root } from "./apps.ts";
import { installInBlankFolder, packLibrary, scratchFolder } from "./packed.ts";

const examples = join(root, "packages", "tool-builder", "examples");
const peers = readJson<{ peerDependencies: Record<string, string> }>(
  "packages",
  "tool-builder",
  "package.json",
).peerDependencies;
let tarballs: string[];
let kitTarballs: string[];

beforeAll(() => {
  const destination = scratchFolder();
  tarballs = packLibrary("tool-builder", destination);
  // The test kit depends on the tool-builder: each tarball once.
  const packed = new Set(tarballs.map((tarball) => basename(tarball)));
  kitTarballs = packLibrary("test-kit", destination).filter((tarball) => !packed.has(basename(tarball)));
}, 120_000);

/** Copies an example into `folder` and runs it with node. */
function runExample(folder: string, example: string) {
  copyFileSync(join(examples, example), join(folder, example));
  return spawnSync(process.execPath, [example], { cwd: folder, encoding: "utf8", timeout: 60_000 });
}

const expected = { tools: ["add"], result: { sum: 5 } };

test("the peer ranges are the ones registration checks", () => {
  expect(peers["@modelcontextprotocol/sdk"]).toBe("^1.24.0");
  expect(peers.zod).toBe("^4.0.0");
});

describe("with the lowest versions the peer ranges allow", () => {
  test("the SDK v1 example runs (@modelcontextprotocol/sdk 1.24.0, zod 4.0.0)", () => {
    const folder = installInBlankFolder("embed-lowest", [
      ...tarballs,
      "@modelcontextprotocol/sdk@1.24.0",
      "zod@4.0.0",
    ]);
    const run = runExample(folder, "embed-sdk-v1.mjs");
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(expected);
    // The core alone: no serving, no OAuth server, no test kit.
    expect(readdirSync(join(folder, "node_modules", "@mcp-connectors")).sort()).toEqual([
      "redact",
      "tool-builder",
    ]);
  }, 300_000);
});

describe("with the newest versions", () => {
  let folder: string;
  beforeAll(() => {
    folder = installInBlankFolder("embed-newest", [
      ...tarballs,
      "@modelcontextprotocol/sdk@^1",
      "zod@^4",
      "@modelcontextprotocol/server@^2",
    ]);
  }, 300_000);

  test.each(["embed-sdk-v1.mjs", "embed-sdk-v2.mjs"])("%s runs", (example) => {
    const run = runExample(folder, example);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });

  test("the tool-builder alone installs neither serving nor the OAuth server", () => {
    expect(readdirSync(join(folder, "node_modules", "@mcp-connectors")).sort()).toEqual([
      "redact",
      "tool-builder",
    ]);
  });
});

describe("the test kit", () => {
  let folder: string;
  beforeAll(() => {
    folder = installInBlankFolder("embed-test-kit", [
      ...tarballs,
      ...kitTarballs,
      "@modelcontextprotocol/sdk@^1",
      "zod@^4",
      // For the declarations check: a Node project's own types, not one of the test kit's dependencies.
      "@types/node@^24",
    ]);
  }, 300_000);

  test("its declarations compile without fast-check (no skipLibCheck)", () => {
    writeFileSync(
      join(folder, "kit.ts"),
      'import { createTestClient } from "@mcp-connectors/test-kit";\nexport const kit: typeof createTestClient = createTestClient;\n',
    );
    writeFileSync(
      join(folder, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
        },
        files: ["kit.ts"],
      }),
    );
    const tsc = join(root, "node_modules", ".bin", "tsc");
    const run = spawnSync(tsc, ["-p", "."], { cwd: folder, encoding: "utf8" });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(readdirSync(join(folder, "node_modules"))).not.toContain("fast-check");
  });
});

test("an SDK below the range is refused at registration, naming the version found and the range", () => {
  // npm itself refuses the peer conflict; pnpm only warns, and --legacy-peer-deps installs it anyway.
  const folder = installInBlankFolder(
    "embed-too-old",
    [...tarballs, "@modelcontextprotocol/sdk@1.23.0", "zod@^4"],
    false,
    ["--legacy-peer-deps"],
  );
  const run = runExample(folder, "embed-sdk-v1.mjs");
  expect(run.status).not.toBe(0);
  expect(run.stderr).toMatch(
    /needs @modelcontextprotocol\/sdk \^1\.24\.0 .* but found @modelcontextprotocol\/sdk 1\.23\.0/,
  );
}, 300_000);
