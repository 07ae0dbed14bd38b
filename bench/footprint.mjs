import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const npm = (args, cwd) =>
  execFileSync("npm", [...args, "--loglevel=error"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });

function sizeOfTree(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOfTree(join(path, name)), 0);
}

/**
 * Packs a bin package as npm would publish it and installs the tarball for production, offline, in an
 * empty folder: tarball bytes, unpacked bytes, files, and how many packages the install holds.
 */
export function installFootprint(packageDir) {
  const dir = mkdtempSync(join(tmpdir(), "bench-install-"));
  try {
    const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir, packageDir], dir));
    writeFileSync(join(dir, "package.json"), "{}\n");
    npm(
      ["install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--offline", packed.filename],
      dir,
    );
    const lock = JSON.parse(readFileSync(join(dir, "node_modules/.package-lock.json"), "utf8"));
    return {
      tarballBytes: packed.size,
      unpackedBytes: packed.unpackedSize,
      files: packed.files.map((file) => file.path),
      packages: Object.keys(lock.packages).length,
      installedBytes: sizeOfTree(join(dir, "node_modules")),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
