// Checks over the whole repository: what each public package ships, its npm metadata, and the changesets.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const libraries = [
  "packages/redact",
  "packages/client-kit",
  "packages/tool-builder",
  "packages/serve",
  "packages/oauth-server",
  "packages/test-kit",
  "packages/intervals-icu",
  "packages/polar-metrics",
];
const apps = ["apps/intervals-mcp", "apps/polar-mcp"].filter((dir) =>
  existsSync(join(root, dir, "package.json")),
);
const publicPackages = [...libraries, ...apps];

interface PackageJson {
  name: string;
  version: string;
  description?: string;
  license?: string;
  repository?: { directory?: string };
  homepage?: string;
  keywords?: string[];
  engines?: { node?: string };
  publishConfig?: { access?: string };
  files?: string[];
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
}

const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as PackageJson;

/** The files `npm pack` would put in the tarball. */
function packedFiles(dir: string): string[] {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: join(root, dir),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [report] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
  return (report?.files ?? []).map((file) => file.path).sort();
}

describe.each(publicPackages)("%s", (dir) => {
  const pkg = manifest(dir);

  test("has the metadata npm and users need", () => {
    expect(pkg.name).toBe(`@mcp-connectors/${dir.split("/")[1]}`);
    expect(pkg.description?.length).toBeGreaterThan(20);
    expect(pkg.license).toBe("MIT");
    expect(pkg.repository?.directory).toBe(dir);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.keywords?.length).toBeGreaterThan(2);
    expect(pkg.engines?.node).toBe(">=22");
    expect(pkg.publishConfig?.access).toBe("public");
    expect(pkg.files).toContain("dist");
  });

  test("packs only what users need: built files, README, CHANGELOG, LICENSE and package.json", () => {
    const files = packedFiles(dir);
    expect(files).toEqual(expect.arrayContaining(["CHANGELOG.md", "LICENSE", "README.md", "package.json"]));
    const unwanted = files.filter((file) =>
      /^(src|test|bench|examples)\/|\.map$|tsconfig|vitest\.config|\.test\./.test(file),
    );
    expect(unwanted).toEqual([]);
    for (const file of files)
      expect(file).toMatch(/^(dist\/|bin\/|LICENSE$|README\.md$|package\.json$|CHANGELOG\.md$)/);
    for (const target of Object.values(pkg.bin ?? {})) expect(files).toContain(target.replace(/^\.\//, ""));
  });
});

describe.each(libraries)("library %s", (dir) => {
  test("every export points at built JavaScript and declarations that are packed", () => {
    const files = packedFiles(dir);
    const targets = Object.values(manifest(dir).exports ?? {}).flatMap((entry) =>
      typeof entry === "string" ? [] : Object.values(entry as Record<string, string>),
    );
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(files).toContain(target.replace(/^\.\//, ""));
  });
});

describe.each(apps)("app %s", (dir) => {
  test("ships one bundled bin with a shebang and no runtime dependencies", () => {
    const pkg = manifest(dir);
    expect(pkg.dependencies ?? {}).toEqual({});
    const [bin] = Object.values(pkg.bin ?? {});
    expect(readFileSync(join(root, dir, bin ?? ""), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });
});

test("every changeset names known packages with a valid bump", () => {
  const names = new Set(publicPackages.map((dir) => manifest(dir).name));
  const changesets = readdirSync(join(root, ".changeset")).filter(
    (file) => file.endsWith(".md") && file !== "README.md",
  );
  expect(changesets.length).toBeGreaterThan(0);
  for (const file of changesets) {
    const text = readFileSync(join(root, ".changeset", file), "utf8");
    const match = /^---\n([\s\S]*?)\n---\n\n\S/.exec(text);
    expect(match, `${file} needs a --- front matter block followed by a summary`).not.toBeNull();
    for (const line of match?.[1]?.split("\n").filter(Boolean) ?? []) {
      const entry = /^"(@mcp-connectors\/[a-z-]+)": (major|minor|patch)$/.exec(line);
      expect(entry, `${file}: "${line}" is not "<package>": major|minor|patch`).not.toBeNull();
      expect(names.has(entry?.[1] ?? ""), `${file} names an unknown package ${entry?.[1]}`).toBe(true);
    }
  }
});

test("changesets writes a CHANGELOG.md for each package it versions", () => {
  const config = JSON.parse(readFileSync(join(root, ".changeset", "config.json"), "utf8")) as {
    changelog: unknown;
  };
  expect(config.changelog).toBe("@changesets/cli/changelog");
});
