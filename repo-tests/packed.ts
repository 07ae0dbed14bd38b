// Packs a library the way it is published (`pnpm pack` turns catalog: and workspace: ranges into versions)
// and installs tarballs into a blank folder with npm, from the registry, as a new user would.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./apps.ts";

/**
 * Packs `packages/<library>` into `destination`, with every workspace package it depends on (which a user would
 * get from the registry once they are published), and returns the tarballs' paths, the library's first.
 */
export function packLibrary(library: string, destination: string): string[] {
  const folder = join(root, "packages", library);
  const output = execFileSync("pnpm", ["pack", "--pack-destination", destination, "--json"], {
    cwd: folder,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const workspace = Object.keys(manifest.dependencies ?? {})
    .filter((name) => name.startsWith("@mcp-connectors/"))
    .flatMap((name) => packLibrary(name.slice("@mcp-connectors/".length), destination));
  return [(JSON.parse(output) as { filename: string }).filename, ...workspace];
}

/**
 * A blank folder with `packages` installed by npm (tarball paths or name@range), peers left out when
 * `omitPeers`; `npmArgs` go to `npm install` as they are. Network problems fail with npm's own message.
 */
export function installInBlankFolder(
  name: string,
  packages: string[],
  omitPeers = false,
  npmArgs: string[] = [],
): string {
  const folder = join(mkdtempSync(join(tmpdir(), "packed-")), name);
  mkdirSync(folder);
  writeFileSync(join(folder, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  const args = [
    "install",
    "--no-audit",
    "--no-fund",
    "--ignore-scripts",
    "--fetch-retries=1",
    "--no-package-lock",
    "--prefer-offline",
  ];
  execFileSync("npm", [...args, ...(omitPeers ? ["--omit=peer"] : []), ...npmArgs, ...packages], {
    cwd: folder,
    stdio: ["ignore", "ignore", "pipe"],
    timeout: 240_000,
    env: registryEnvironment(),
  });
  return folder;
}

/** Bytes of every file under `folder` (sizes, not disk blocks; links not followed). */
export function bytesUnder(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

export const scratchFolder = () => mkdtempSync(join(tmpdir(), "tarballs-"));

/**
 * The environment for npm: .ci/run unsets NODE_EXTRA_CA_CERTS for the tests (it slows every Node start), but a
 * machine that reaches the registry through its own certificate authority needs it for npm, so .ci/run keeps
 * the path in REGISTRY_CA_CERTS and it is handed back to npm alone.
 */
function registryEnvironment(): NodeJS.ProcessEnv {
  const ca = process.env.REGISTRY_CA_CERTS;
  return ca && !process.env.NODE_EXTRA_CA_CERTS ? { ...process.env, NODE_EXTRA_CA_CERTS: ca } : process.env;
}
