// Packs a library the way it is published (`pnpm pack` turns catalog: and workspace: ranges into versions)
// and installs tarballs into a blank folder with npm, from the registry, as a new user would.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./apps.ts";

/** Packs `packages/<library>` into `destination` and returns the tarball's path. */
export function packLibrary(library: string, destination: string): string {
  const output = execFileSync("pnpm", ["pack", "--pack-destination", destination, "--json"], {
    cwd: join(root, "packages", library),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return (JSON.parse(output) as { filename: string }).filename;
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
  ];
  execFileSync("npm", [...args, ...(omitPeers ? ["--omit=peer"] : []), ...npmArgs, ...packages], {
    cwd: folder,
    stdio: ["ignore", "ignore", "pipe"],
    timeout: 240_000,
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
